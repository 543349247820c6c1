"""kontorctl handover and start, run as a user runs them against a real server."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from tests.integration.sync_support import (
    KONTORCTL,
    kontorctl_env,
    start_server,
)


async def run(profile: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *KONTORCTL, *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=kontorctl_env(profile))
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 60)
    return proc.returncode or 0, out.decode(), err.decode()


async def run_json(profile: Path, *args: str) -> Any:
    code, out, err = await run(profile, *args, "--json")
    assert code == 0, err
    return json.loads(out)


async def login(config: ServerConfig, profile: Path, username: str = DEMO_USER) -> None:
    code, _, err = await run(profile, "login", f"http://127.0.0.1:{config.port}", username,
                             "--password-stdin", "-q", stdin=DEMO_PASSWORD + "\n")
    assert code == 0, err


async def username(profile: Path, person_id: str) -> str:
    card = await run_json(profile, "person", person_id)
    return str(card["person"]["email"].split("@", 1)[0])


class TestHandoverCommands:
    async def test_lead_hands_a_seat_over_and_reads_the_digest(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana = tmp_path / "jana"
        await login(config, jana)
        start = await run_json(jana, "start")
        assert start["name"] == "Jana Schröder" and start["team"]
        team = [m for m in start["to_meet"] if m["reason"] == "team"]
        giver, taker = team[0], team[1]
        listed = await run_json(jana, "handover", "list")
        assert listed and all(h["state"] in ("done", "scheduled", "cancelled") for h in listed)
        assert [h["date"] for h in listed] == sorted((h["date"] for h in listed), reverse=True)

        today = dt.date.today().isoformat()
        taker_login = await username(jana, taker["id"])
        code, out, err = await run(jana, "handover", "create", "--position", giver["name"],
                                   "--to", taker_login, "--date", today,
                                   "--note", "Kundenliste liegt im Teamraum", "--json")
        assert code == 0, err
        created = json.loads(out)
        assert created["state"] == "done" and created["error"] is None
        [line] = [h for h in await run_json(jana, "handover", "list") if h["id"] == created["id"]]
        digest = await run_json(jana, "handover", "digest", "--position", line["position_id"])
        handover = digest["handover"]
        assert handover is not None and handover["id"] == created["id"]
        assert (handover["from_person"], handover["to_person"]) == (giver["name"], taker["name"])
        assert handover["note"] == "Kundenliste liegt im Teamraum"
        assert digest["holder"] == taker["name"]
        listed = await run_json(jana, "handover", "list", "--position", digest["position_id"])
        assert listed[0]["id"] == created["id"]
        code, out, _ = await run(jana, "handover", "digest", "--position", digest["position_id"])
        assert code == 0 and "Kundenliste liegt im Teamraum" in out

        later = (dt.date.today() + dt.timedelta(days=14)).isoformat()
        code, out, err = await run(jana, "handover", "create", "--position",
                                   digest["position_id"], "--to", giver["id"], "--date", later)
        assert code == 0 and "scheduled" in out, err
        scheduled_id = out.split()[1].rstrip(":")
        code, out, err = await run(jana, "handover", "cancel", scheduled_id)
        assert code == 0 and "cancelled" in out, err

    async def test_offline_create_waits_and_mistakes_are_usage_errors(
        self, config: ServerConfig, tmp_path: Path
    ) -> None:
        server = await start_server(config)
        jana = tmp_path / "jana"
        await login(config, jana)
        start = await run_json(jana, "start")
        team = [m for m in start["to_meet"] if m["reason"] == "team"]
        await server.close()
        today = dt.date.today().isoformat()
        code, _, err = await run(jana, "handover", "create", "--position", team[0]["name"],
                                 "--to", team[1]["id"], "--date", today)
        assert code == 3 and "outbox" in err
        outbox = await run_json(jana, "outbox")
        assert [(i["kind"], i["state"]) for i in outbox] == [("handover", "pending")]
        code, _, err = await run(jana, "handover", "create", "--position", team[0]["name"],
                                 "--to", team[0]["id"], "--date", today)
        assert code == 1 and "already held" in err
        code, _, err = await run(jana, "handover", "create", "--position", "Zzyzx Qwerty",
                                 "--to", team[1]["id"], "--date", today)
        assert code == 1 and "No position matches" in err
        code, _, _ = await run(jana, "handover", "create", "--position", team[0]["name"],
                               "--to", team[1]["id"], "--date", "next tuesday")
        assert code == 1
        server = await start_server(config)
        try:
            code, _, err = await run(jana, "sync", "-q")
            assert code == 0, err
            assert await run_json(jana, "outbox") == []
            newest = (await run_json(jana, "handover", "list"))[0]
            assert newest["state"] == "done"
            assert (newest["from_person"], newest["to_person"]) == (team[0]["name"],
                                                                    team[1]["name"])
        finally:
            await server.close()

    async def test_a_member_is_refused_and_the_new_hire_gets_a_start_page(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        jana = tmp_path / "jana"
        await login(config, jana)
        start = await run_json(jana, "start")
        team = [m for m in start["to_meet"] if m["reason"] == "team"]
        member = tmp_path / "member"
        await login(config, member, await username(jana, team[0]["id"]))
        code, _, err = await run(member, "handover", "create", "--position", "Jana Schröder",
                                 "--to", team[0]["id"], "--date", dt.date.today().isoformat())
        assert code == 1 and "refused" in err and "not_allowed" in err
        [item] = await run_json(member, "outbox")
        assert item["state"] == "failed"
        hire = tmp_path / "hire"
        # The demo's new hire: the handover to them is the newest "hire" in her team.
        hires = [h for h in await run_json(jana, "handover", "list")
                 if not h["from_person"] and h["state"] == "done"]
        newest = await run_json(jana, "handover", "digest", "--position", hires[0]["position_id"])
        hired = await run_json(jana, "people", newest["holder"])
        await login(config, hire, await username(jana, hired[0]["id"]))
        page = await run_json(hire, "start")
        assert page["name"] == newest["holder"] and page["lead"] == "Jana Schröder"
        first = page["to_meet"][0]
        assert (first["name"], first["reason"]) == ("Jana Schröder", "lead")
        assert 0 < len(page["to_meet"]) <= 10
        assert page["checklist"] and page["total"] == len(page["checklist"])
        assert page["done"] == sum(step["done"] for step in page["checklist"])
        code, out, _ = await run(hire, "start")
        assert code == 0 and f"{page['done']}/{page['total']} done" in out
        mine = await run_json(hire, "handover", "digest")
        assert mine["holder"] == newest["holder"] and mine["handover"]["state"] == "done"
