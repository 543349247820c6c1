"""kontorctl duty, absence and job-contact, run as a user runs them against a real server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from tests.integration.sync_support import start_server
from tests.integration.test_kontorctl_handover import login, run, run_json, username

NOT_ALLOWED = "Only the holder of this position, a lead above it or an admin may. (not_allowed)"


async def team(config: ServerConfig, tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """Jana's profile and her team (id, name) as her start page lists it."""
    jana = tmp_path / "jana"
    await login(config, jana)
    start = await run_json(jana, "start")
    return jana, [m for m in start["to_meet"] if m["reason"] == "team"]


async def member(config: ServerConfig, tmp_path: Path, jana: Path,
                 person: dict[str, Any]) -> Path:
    profile = tmp_path / person["id"]
    await login(config, profile, await username(jana, person["id"]))
    return profile


async def sent(profile: Path, *args: str) -> dict[str, Any]:
    answer: dict[str, Any] = await run_json(profile, *args)
    assert answer["state"] == "sent" and answer["error"] is None, answer
    return answer


async def duty(profile: Path, duty_id: str, *scope: str) -> dict[str, Any] | None:
    listed = await run_json(profile, "duty", "list", *scope)
    return next((d for d in listed if d["id"] == duty_id), None)


class TestDuties:
    async def test_a_holder_adds_edits_twice_and_deletes_a_duty(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana, people = await team(config, tmp_path)
        holder = await member(config, tmp_path, jana, people[0])
        created = await sent(holder, "duty", "add", "--title", "Schlüsselverwaltung",
                             "--keywords", "Schlüssel, Zutritt", "--description", "Ausgabe")
        mine = await duty(holder, created["id"], "--mine")
        assert mine is not None and mine["version"] == 1 and mine["may_edit"]
        assert mine["holder"] == people[0]["name"]
        assert mine["keywords"] == ["Schlüssel", "Zutritt"]

        await sent(holder, "duty", "edit", created["id"], "--title", "Schlüssel und Karten")
        await sent(holder, "duty", "edit", created["id"], "--description", "Ausgabe, Rücknahme")
        edited = await duty(holder, created["id"], "--mine")
        assert edited is not None and edited["version"] == 3
        assert edited["title"] == "Schlüssel und Karten"
        assert edited["keywords"] == ["Schlüssel", "Zutritt"], "fields not given stay"
        code, out, _ = await run(holder, "duty", "list", "--mine")
        assert code == 0 and f"Schlüssel und Karten  [{mine['position']}" in out

        await sent(holder, "duty", "rm", created["id"])
        assert await duty(holder, created["id"], "--mine") is None
        assert await run_json(holder, "outbox") == []

    async def test_synonyms_are_added_found_by_who_and_cleared(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana, people = await team(config, tmp_path)
        holder = await member(config, tmp_path, jana, people[0])
        created = await sent(holder, "duty", "add", "--title", "Zutrittsverwaltung",
                             "--keywords", "Zutritt", "--synonyms",
                             "Drehkreuz, Schlüsselkarte, , drehkreuz, Transponder")
        listed = await duty(holder, created["id"], "--mine")
        assert listed is not None
        assert listed["synonyms"] == ["Drehkreuz", "Schlüsselkarte", "Transponder"]
        for topic in ("Drehkreuz", "Schluesselkarte verloren"):
            found = await run_json(holder, "who", topic)
            assert found[0]["responsibility"] == "Zutrittsverwaltung", topic
        # The demo's key desk has Transponder as a keyword: it ranks above a synonym.
        found = [line["responsibility"] for line in await run_json(holder, "who", "Transponder")]
        assert found[0].startswith("Schlüsselverwaltung") and "Zutrittsverwaltung" in found
        code, out, _ = await run(holder, "who", "Schlusselkarte")
        assert code == 0 and out.startswith("Zutrittsverwaltung"), out

        await sent(holder, "duty", "edit", created["id"], "--synonyms", "")
        cleared = await duty(holder, created["id"], "--mine")
        assert cleared is not None and cleared["synonyms"] == []
        assert cleared["keywords"] == ["Zutritt"], "fields not given stay"
        found = await run_json(holder, "who", "Drehkreuz")
        assert "Zutrittsverwaltung" not in [line["responsibility"] for line in found]

    async def test_the_help_names_synonyms(self, tmp_path: Path) -> None:
        code, out, _ = await run(tmp_path / "nobody", "duty", "add", "--help")
        assert code == 0 and "--synonyms SYNONYMS" in out and "other words" in out
        code, out, _ = await run(tmp_path / "nobody", "--help")
        assert code == 0 and "by title, keyword or synonym" in " ".join(out.split())

    async def test_a_colleague_is_refused_and_the_lead_above_may(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana, people = await team(config, tmp_path)
        holder = await member(config, tmp_path, jana, people[0])
        colleague = await member(config, tmp_path, jana, people[1])
        created = await sent(holder, "duty", "add", "--title", "Erste Hilfe Koffer")
        code, _, _ = await run(colleague, "sync", "-q")
        assert code == 0
        mine = await duty(holder, created["id"], "--mine")
        assert mine is not None
        theirs = await duty(colleague, created["id"], "--unit", mine["unit_id"])
        assert theirs is not None and not theirs["may_edit"], "offered as read only"

        code, _, err = await run(colleague, "duty", "edit", created["id"], "--title", "Meins")
        assert code == 1
        assert err.strip() == f"kontorctl: the server refused the duty: {NOT_ALLOWED}"
        [item] = await run_json(colleague, "outbox")
        assert (item["kind"], item["state"], item["error"]) == (
            "responsibility_edit", "failed", NOT_ALLOWED), "the refused edit is kept"
        code, _, err = await run(colleague, "duty", "rm", created["id"])
        assert code == 1 and "not_allowed" in err

        code, _, _ = await run(jana, "sync", "-q")
        assert code == 0
        lead_view = await duty(jana, created["id"])
        assert lead_view is not None and lead_view["may_edit"]
        await sent(jana, "duty", "edit", created["id"], "--title", "Erste-Hilfe-Koffer")
        code, _, _ = await run(holder, "sync", "-q")
        assert code == 0
        after = await duty(holder, created["id"], "--mine")
        assert after is not None and after["title"] == "Erste-Hilfe-Koffer"

    async def test_mistakes_are_usage_errors_and_offline_edits_wait(
        self, config: ServerConfig, tmp_path: Path
    ) -> None:
        server = await start_server(config)
        jana, people = await team(config, tmp_path)
        holder = await member(config, tmp_path, jana, people[0])
        created = await sent(holder, "duty", "add", "--title", "Druckerpapier")
        await server.close()
        code, _, err = await run(holder, "duty", "edit", created["id"])
        assert code == 1 and "Nothing to change" in err
        code, _, err = await run(holder, "duty", "add", "--title", "  ")
        assert code == 1 and "needs a title" in err
        code, _, err = await run(holder, "absence", "set", "--from", "2026-05-04",
                                 "--to", "2026-05-01")
        assert code == 1 and "before it starts" in err
        code, _, err = await run(holder, "duty", "edit", created["id"], "--title", "Papier")
        assert code == 3 and "outbox" in err
        code, _, err = await run(holder, "duty", "edit", created["id"], "--title", "Toner")
        assert code == 3
        server = await start_server(config)
        try:
            code, _, err = await run(holder, "sync", "-q")
            assert code == 0, err
            assert await run_json(holder, "outbox") == [], "both edits had the right version"
            after = await duty(holder, created["id"], "--mine")
            assert after is not None and (after["title"], after["version"]) == ("Toner", 3)
        finally:
            await server.close()


class TestAbsence:
    async def test_an_absence_sends_askers_to_the_deputy_until_cleared(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana, people = await team(config, tmp_path)
        holder = await member(config, tmp_path, jana, people[0])
        deputy = people[1]
        await sent(holder, "duty", "add", "--title", "Kaffeemaschine entkalken",
                   "--keywords", "Kaffee", "--deputy", deputy["name"])
        [before] = await run_json(holder, "who", "Kaffeemaschine")
        assert (before["ask"], before["holder_absent"]) == (people[0]["name"], False)

        today = dt.date.today()
        position = before["position"]
        answer = await sent(holder, "absence", "set", "--from", today.isoformat(),
                            "--to", (today + dt.timedelta(days=5)).isoformat())
        assert answer["id"]
        code, _, _ = await run(jana, "sync", "-q")
        assert code == 0
        [away] = await run_json(jana, "who", "Kaffeemaschine")
        assert (away["ask"], away["holder_absent"], away["deputy"]) == (
            deputy["name"], True, deputy["name"])
        code, out, _ = await run(jana, "who", "Kaffeemaschine")
        assert f"{deputy['name']} (absent: ask the deputy) [{position}]" in out

        await sent(jana, "absence", "clear", "--position", people[0]["name"])
        code, _, _ = await run(holder, "sync", "-q")
        assert code == 0
        [back] = await run_json(holder, "who", "Kaffeemaschine")
        assert (back["ask"], back["holder_absent"]) == (people[0]["name"], False)

        colleague = await member(config, tmp_path, jana, people[1])
        code, _, err = await run(colleague, "absence", "set", "--position", people[0]["name"],
                                 "--from", today.isoformat(), "--to", today.isoformat())
        assert code == 1 and NOT_ALLOWED in err


class TestJobContacts:
    async def test_add_note_and_remove_a_job_contact(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana, people = await team(config, tmp_path)
        holder = await member(config, tmp_path, jana, people[0])
        added = await sent(holder, "job-contact", "add", "--to", "Jana Schröder",
                           "--note", "Freigaben über 5.000 EUR")
        listed = await run_json(holder, "job-contact", "list")
        [line] = [c for c in listed if c["id"] == added["id"]]
        assert line["note"] == "Freigaben über 5.000 EUR" and line["may_edit"]
        assert line["holder"] == "Jana Schröder"

        await sent(holder, "job-contact", "note", added["id"], "Urlaubsanträge")
        listed = await run_json(holder, "job-contact", "list")
        assert [c["note"] for c in listed if c["id"] == added["id"]] == ["Urlaubsanträge"]
        code, out, _ = await run(holder, "job-contact", "list")
        assert code == 0 and "(Jana Schröder): Urlaubsanträge" in out

        code, _, _ = await run(jana, "sync", "-q")
        seen = await run_json(jana, "job-contact", "list")
        [other_end] = [c for c in seen if c["id"] == added["id"]]
        assert other_end["holder"] == people[0]["name"]
        assert other_end["may_edit"], "the other end is the member's lead here"
        colleague = await member(config, tmp_path, jana, people[1])
        code, _, err = await run(colleague, "job-contact", "note", added["id"], "Meins")
        assert code == 1 and NOT_ALLOWED in err

        await sent(holder, "job-contact", "rm", added["id"])
        listed = await run_json(holder, "job-contact", "list")
        assert added["id"] not in {c["id"] for c in listed}
        code, _, err = await run(holder, "job-contact", "note", added["id"], "zu spät")
        assert code == 1 and "No job contact" in err


class TestAdmin:
    async def test_an_admin_login_may_edit_a_duty_anywhere(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana, people = await team(config, tmp_path)
        holder = await member(config, tmp_path, jana, people[0])
        created = await sent(holder, "duty", "add", "--title", "Postfach leeren")
        # The demo's admin account is its one system administrator.
        hits = await run_json(jana, "search", "Systemadministrator")
        [person] = [h for h in hits if h["kind"] == "person"]
        admin = tmp_path / "admin"
        await login(config, admin, await username(jana, person["id"]))
        assert (await run_json(admin, "status"))["admin"]
        assert not (await run_json(jana, "status"))["admin"]
        line = await duty(admin, created["id"])
        assert line is not None and line["may_edit"], "an admin may edit every duty"
        await sent(admin, "duty", "edit", created["id"], "--title", "Postfach täglich leeren")
        code, _, _ = await run(holder, "sync", "-q")
        assert code == 0
        after = await duty(holder, created["id"], "--mine")
        assert after is not None and after["title"] == "Postfach täglich leeren"
