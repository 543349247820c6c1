"""Federation between two real sites on loopback, each with its own data directory,
signing key and port (docs/federation.md)."""

from __future__ import annotations

import base64
import json
import logging
import re
import signal
import time
import urllib.request
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import uuid6
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.federation.signing import (
    SignatureError,
    parse_signature,
    sign_request,
    signature_base,
    verify_signature,
)
from server_stub.hubs.inputs import W_COMMENT, read_inputs
from server_stub.storage import tables
from sync.cache.read.search import search
from sync.protocol import now_ms
from sync.session import ProfileSession
from tests import processes
from tests.fakes import FakeKeyring
from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.federation_support import (
    CHANGES,
    Site,
    add_peer,
    exportable_versions,
    held_versions,
    listed_signer,
    make_site,
    peer_row,
    run_cli,
    serve_subprocess,
    signed_get,
    wait_for,
)
from tests.integration.world import World

BACKENDS = BOTH_BACKENDS

A, B = "muenchen.test", "hamburg.test"


def new_id() -> str:
    return str(uuid6.uuid7())


@pytest.fixture
async def sites(tmp_path: Path, new_database: Callable[[], str]
                ) -> AsyncIterator[tuple[Site, Site]]:
    a = make_site(tmp_path, A, 50, 1, new_database())
    b = make_site(tmp_path, B, 50, 2, new_database())
    add_peer(a, b)
    add_peer(b, a)
    await a.start()
    await b.start()
    yield a, b
    await a.stop()
    await b.stop()


@pytest.fixture
async def session() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


def space_of(site: Site, visibility: str) -> str:
    return next(s.id for s in site.company.spaces
                if s.visibility == visibility and s.space_kind != "announcements")


async def feed_entry(api: Api, kind: str, record_id: str) -> dict[str, Any] | None:
    changes, _ = await api.whole_feed()
    return {(c["kind"], c["id"]): c for c in changes}.get((kind, record_id))


async def whole_export(session: ClientSession, site: Site, signer: Site) -> bytes:
    """Every page of site's export as raw bytes, pulled with signer's key."""
    pages, cursor = [], ""
    while True:
        status, raw = await signed_get(session, site, signer, signer.name,
                                       f"since={cursor}&limit=1000")
        assert status == 200, raw
        pages.append(raw)
        page = json.loads(raw)
        cursor = page["cursor"]
        if not page["more"]:
            return b"\n".join(pages)


def caught_up(a: Site, b: Site, expected: set[tuple[str, str, int]] | None = None) -> bool:
    """b holds exactly what a exports."""
    return held_versions(b, a.name) == (expected or exportable_versions(a))


class TestAcrossSites:
    async def test_a_comment_from_the_other_site_counts_for_the_hubs_here(
        self, sites: tuple[Site, Site], session: ClientSession
    ) -> None:
        # Hubs connect sites too: a Hamburg colleague answering a Munich post is a
        # conversation the Munich analysis weighs, through what federation brings.
        a, b = sites
        async with ClientSession() as other:
            await self._comment_across(a, b, session, other)

    async def _comment_across(self, a: Site, b: Site, session: ClientSession,
                              other: ClientSession) -> None:
        jana_a, jana_b = await a.login(session), await b.login(other)
        space = space_of(a, "company")
        for api in (jana_a, jana_b):
            assert (await api.call("POST", f"/api/v1/spaces/{space}/join"))[0] == 200
        post_id = new_id()
        status, post = await jana_a.call("PUT", f"/api/v1/posts/{post_id}",
                                         json={"space_id": space, "text": "Wer kennt Zoll?"})
        assert status == 200
        await wait_for(lambda: feed_entry(jana_b, "post", post_id), what="post at B")
        comment_id = new_id()
        status, comment = await jana_b.call("PUT", f"/api/v1/comments/{comment_id}",
                                            json={"post_id": post_id, "text": "Ich, frag mich."})
        assert status == 200
        await wait_for(lambda: feed_entry(jana_a, "comment", comment_id), what="comment at A")

        munich, hamburg = post["author_id"], comment["author_id"]
        assert munich != hamburg
        inputs = a.query(lambda conn: read_inputs(conn, now_ms(), 90))
        pair = (munich, hamburg) if munich < hamburg else (hamburg, munich)
        assert inputs.edges.get(pair, 0.0) >= W_COMMENT
        # Hamburg weighs its own side: it holds Munich's post and its own comment.
        at_home = b.query(lambda conn: read_inputs(conn, now_ms(), 90))
        assert at_home.edges.get(pair, 0.0) >= W_COMMENT

    async def test_people_posts_and_comments_reach_the_other_site(
        self, sites: tuple[Site, Site], session: ClientSession
    ) -> None:
        a, b = sites
        jana_a, jana_b = await a.login(session), await b.login(ClientSession())
        space = space_of(a, "company")
        assert (await jana_a.call("POST", f"/api/v1/spaces/{space}/join"))[0] == 200
        post_id, text = new_id(), "Grüße aus München"
        status, post = await jana_a.call("PUT", f"/api/v1/posts/{post_id}",
                                         json={"space_id": space, "text": text})
        assert status == 200 and post["origin"] == A

        seen = await wait_for(lambda: feed_entry(jana_b, "post", post_id), what="post at B")
        assert seen["body"]["text"] == text and seen["body"]["origin"] == A
        person = a.company.people[3]
        entry = await feed_entry(jana_b, "person", person.id)
        assert entry is not None and entry["body"]["family_name"] == person.family_name

        # A Hamburg employee comments on the Munich post at Hamburg: a Hamburg record.
        assert (await jana_b.call("POST", f"/api/v1/spaces/{space}/join"))[0] == 200
        comment_id = new_id()
        status, comment = await jana_b.call("PUT", f"/api/v1/comments/{comment_id}",
                                            json={"post_id": post_id, "text": "Moin!"})
        assert status == 200 and comment["origin"] == B
        seen = await wait_for(lambda: feed_entry(jana_a, "comment", comment_id),
                              what="comment at A")
        assert seen["body"]["origin"] == B and seen["body"]["text"] == "Moin!"

        # Single writer: the other site's records are changed only at home.
        status, body = await jana_b.call("PUT", f"/api/v1/posts/{post_id}", headers={
            "If-Match": "1"}, json={"space_id": space, "text": "überschrieben"})
        assert status == 409 and body["error"] == "foreign_record" and A in body["message"]
        status, body = await jana_b.call("DELETE", f"/api/v1/posts/{post_id}")
        assert status == 409 and body["error"] == "foreign_record"
        status, body = await jana_a.call("DELETE", f"/api/v1/comments/{comment_id}")
        assert status == 409 and body["error"] == "foreign_record" and B in body["message"]

        # An edit at home travels; the Hamburg comment is never exported back by Munich.
        status, _ = await jana_a.call("PUT", f"/api/v1/posts/{post_id}", headers={
            "If-Match": "1"}, json={"space_id": space, "text": text + " (bearbeitet)"})
        assert status == 200

        async def edited() -> bool:
            entry = await feed_entry(jana_b, "post", post_id)
            return entry is not None and entry["body"]["version"] == 2
        await wait_for(edited, what="the edit at B")
        exported = await whole_export(session, a, b)
        assert comment_id.encode() not in exported
        origins = {json.loads(c)["origin"] for c in _bodies(exported)}
        assert origins == {A}
        await jana_b.session.close()

    async def test_responsibilities_arrive_with_their_synonyms(
        self, sites: tuple[Site, Site], session: ClientSession
    ) -> None:
        a, b = sites
        jana_a = await a.login(session)
        # A duty of her own team, which she leads (demo/content.py TEAM_DUTIES).
        duty = next(r for r in a.company.responsibilities if r.title.startswith("Angebote"))
        status, edited = await jana_a.call(
            "PUT", f"/api/v1/responsibilities/{duty.id}",
            headers={"If-Match": str(duty.version)},
            json={"title": duty.title, "owner_position_id": duty.owner_position_id,
                  "keywords": duty.keywords, "synonyms": ["Kummerkasten", "Anlaufstelle"]})
        assert status == 200, edited
        await wait_for(lambda: caught_up(a, b), what="B to catch up")

        def synonyms_at_b(conn: sa.Connection) -> dict[str, list[str]]:
            table = tables.responsibility
            rows = conn.execute(sa.select(table.c.id, table.c.synonyms)
                                .where(table.c.origin == A))
            return {str(r[0]): list(r[1]) for r in rows}

        held = b.query(synonyms_at_b)
        assert held[duty.id] == ["Kummerkasten", "Anlaufstelle"]
        others = {r.id: r.synonyms for r in a.company.responsibilities if r.id != duty.id}
        assert any(others.values())
        assert {rid: held[rid] for rid in others} == others

    async def test_private_and_site_data_never_leave(
        self, sites: tuple[Site, Site], session: ClientSession
    ) -> None:
        a, b = sites
        jana = await a.login(session)
        me = jana_person(a)
        closed = next(m.space_id for m in a.company.memberships if m.person_id == me
                      and _visibility(a, m.space_id) == "members")
        site_space = space_of(a, "site")
        assert (await jana.call("POST", f"/api/v1/spaces/{site_space}/join"))[0] == 200
        secrets = {"members": "Nur für Mitglieder 7f3a", "site": "Nur für München 9c1b",
                   "note": "Privatnotiz über Kollegin 2d4e"}
        for space, text in ((closed, secrets["members"]), (site_space, secrets["site"])):
            status, _ = await jana.call("PUT", f"/api/v1/posts/{new_id()}",
                                        json={"space_id": space, "text": text})
            assert status == 200
        other = next(x.id for x in a.company.people if x.id != me)
        status, _ = await jana.call("PUT", f"/api/v1/connections/{new_id()}",
                                    json={"to_person_id": other, "note": secrets["note"]})
        assert status == 200

        exported = await whole_export(session, a, b)
        for text in secrets.values():
            assert text.encode() not in exported
        private_spaces = {s.id for s in a.company.spaces if s.visibility != "company"}
        never = {x.id for x in a.company.posts + a.company.comments + a.company.reactions
                 + a.company.memberships if x.space_id in private_spaces}
        never |= private_spaces
        never |= {c.id for c in a.company.connections if c.connection_kind == "personal"}
        # Not one of them is exported as a record. (A responsibility may still name a
        # how-to post id in a site-only space: a reference, never the post.)
        exported_ids = {c["id"] for raw in exported.split(b"\n")
                        for c in json.loads(raw)["changes"]}
        assert never and not never & exported_ids
        assert a.company.people[0].id.encode() in exported  # the export is not empty

        expected = exportable_versions(a)
        await wait_for(lambda: caught_up(a, b, expected), what="B to catch up")
        held = {rid for _, rid, _ in held_versions(b, A)}
        assert not never & held


    async def test_clients_are_woken_and_search_finds_people_of_both_sites(
        self, sites: tuple[Site, Site], session: ClientSession, tmp_path: Path,
        fake_keyring: FakeKeyring,
    ) -> None:
        a, b = sites
        await wait_for(lambda: caught_up(a, b), what="B to catch up")
        jana_a, jana_b = await a.login(session), await b.login(ClientSession())
        async with jana_b.session.ws_connect(jana_b.url("/api/v1/events"),
                                             headers=jana_b.headers()) as ws:
            hello = await ws.receive_json(timeout=5)
            space = space_of(a, "company")
            assert (await jana_a.call("POST", f"/api/v1/spaces/{space}/join"))[0] == 200
            # The pulled membership wakes B's client with a newer head. A wake-up for the
            # head B had already reached may still be in flight when hello is sent (a
            # pull that finished just before); it is not the one this test waits for.
            # No newer wake-up within 10 s fails the test (receive_json times out).
            woke = await ws.receive_json(timeout=10)
            while woke["seq"] <= hello["seq"]:
                woke = await ws.receive_json(timeout=10)
        await jana_b.session.close()

        profile = ProfileSession.open(tmp_path / "profile")
        try:
            await profile.login(b.url, DEMO_USER, DEMO_PASSWORD, "pytest")
            client = profile.client()
            await profile.engine(client).sync_once()
            await client.close()
            for person in (a.company.people[7], b.company.people[7]):
                hits = search(profile.cache, person.family_name, kinds={"person"}, limit=100)
                assert person.id in {hit.id for hit in hits}, person.origin
        finally:
            profile.close()


def jana_person(site: Site) -> str:
    return next(pid for pid, name in site.company.usernames.items() if name == "jana.schroeder")


def _visibility(site: Site, space_id: str) -> str:
    return next(s.visibility for s in site.company.spaces if s.id == space_id)


def _bodies(exported: bytes) -> list[bytes]:
    bodies = []
    for raw in exported.split(b"\n"):
        for change in json.loads(raw)["changes"]:
            if change["op"] == "put":
                bodies.append(json.dumps(change["body"]).encode())
    return bodies


class TestRefusals:
    async def test_unlisted_forged_expired_and_replayed_requests_are_refused(
        self, sites: tuple[Site, Site], session: ClientSession, caplog: pytest.LogCaptureFixture
    ) -> None:
        a, b = sites
        caplog.set_level(logging.WARNING, logger="kontor.federation")

        def flip(headers: dict[str, str]) -> None:
            raw = bytearray(base64.b64decode(headers["Signature"][6:-1]))
            raw[10] ^= 0x01
            headers["Signature"] = "sig1=:" + base64.b64encode(bytes(raw)).decode() + ":"

        async with session.get(a.url + CHANGES) as response:
            assert response.status == 401
            assert (await response.json())["error"] == "signature_required"
        cases = {
            "unknown_peer": dict(signer=None, keyid="intruder.test"),
            "bad_signature": dict(signer=b, keyid=B, tamper=flip),
            "signature_expired": dict(signer=b, keyid=B, now=time.time() - 600),
        }
        for code, kwargs in cases.items():
            status, raw = await signed_get(session, a, **kwargs)  # type: ignore[arg-type]
            assert (status, json.loads(raw)["error"]) == (401, code)
        # Someone else's key under a listed name does not verify either.
        status, raw = await signed_get(session, a, None, B)
        assert (status, json.loads(raw)["error"]) == (401, "bad_signature")
        # The signature covers the query: a changed query does not verify.
        status, raw = await signed_get(session, a, b, B, sent_query="since=&limit=5")
        assert (status, json.loads(raw)["error"]) == (401, "bad_signature")
        nonce = "fixed-nonce-0123456789"
        status, _ = await signed_get(session, a, b, B, nonce=nonce)
        assert status == 200
        status, raw = await signed_get(session, a, b, B, nonce=nonce)
        assert (status, json.loads(raw)["error"]) == (401, "replayed_request")

        logged = "\n".join(r.getMessage() for r in caplog.records)
        for code in ("signature_required", "unknown_peer", "bad_signature",
                     "signature_expired", "replayed_request"):
            assert f": {code}:" in logged, code
        assert "intruder.test" in logged


class TestOutages:
    async def test_a_peer_killed_mid_pull_is_caught_up_exactly(
            self, tmp_path: Path, new_database: Callable[[], str]) -> None:
        a = make_site(tmp_path, A, 300, 1, new_database())
        b = make_site(tmp_path, B, 50, 2, new_database())
        add_peer(a, b)
        add_peer(b, a)
        expected = exportable_versions(a)
        process = serve_subprocess(a)
        try:
            await wait_for(lambda: _healthy(a), what="A to start")
            await b.start()
            row = await wait_for(lambda: _mid_pull(b), timeout=60, what="B mid-pull")
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            assert row.behind and row.pulled < len(expected)
            await wait_for(lambda: _failing(b), what="B to record the outage")
            done = run_cli("peer", "list", str(b.config.data_path), "--json")
            status = json.loads(done.stdout)[0]
            assert status["state"] == "unreachable or failing"
            assert "unreachable" in status["last_error"]
            held = held_versions(b, A)
            assert held and held < expected

            process = serve_subprocess(a)
            await wait_for(lambda: caught_up(a, b, expected), timeout=60,
                           what="B to catch up")
            row = peer_row(b, A)
            assert row is not None and row.behind == 0
            assert row.pulled == len(expected)  # every record applied once, none twice
            assert len(b.query(_origin_rows)) == len(expected)
        finally:
            processes.reap(process)
            await b.stop()


def _healthy(site: Site) -> bool:
    try:
        with urllib.request.urlopen(site.url + "/healthz", timeout=1) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


def _mid_pull(site: Site) -> Any:
    row = peer_row(site, A)
    return row if row is not None and row.pulled > 0 and row.behind else None


def _failing(site: Site) -> bool:
    row = peer_row(site, A)
    return row is not None and row.last_error_at is not None and (
        row.last_success_at is None or row.last_error_at > row.last_success_at)


def _origin_rows(conn: Any) -> list[Any]:
    import sqlalchemy as sa

    from server_stub.storage import tables as t
    rows = conn.execute(sa.select(t.change.c.kind, t.change.c.body)
                        .where(t.change.c.op == "put")).all()
    return [r for r in rows if r.kind != "space_access"
            and json.loads(r.body)["origin"] == A]


class TestAdministration:
    async def test_key_show_peer_list_and_remove_with_purge(
        self, sites: tuple[Site, Site], session: ClientSession
    ) -> None:
        a, b = sites
        a_dir, b_dir = str(a.config.data_path), str(b.config.data_path)
        shown = run_cli("key", "show", a_dir)
        assert shown.returncode == 0 and shown.stdout.strip() == a.key_text
        assert "PRIVATE" not in shown.stdout
        bad = run_cli("peer", "add", b_dir, "x.test", "http://127.0.0.1:1", "--key", "abc")
        assert bad.returncode == 1 and bad.stderr.startswith("kontor-server: --key")

        expected = exportable_versions(a)
        await wait_for(lambda: caught_up(a, b, expected), what="B to catch up")
        listed = json.loads(run_cli("peer", "list", b_dir, "--json").stdout)
        assert [(r["name"], r["state"], r["changes_behind"]) for r in listed] == [
            (A, "ok", 0)]
        jana = await b.login(session)
        _, cursor = await jana.whole_feed()

        done = run_cli("peer", "remove", b_dir, A, "--purge")
        assert done.returncode == 0, done.stderr
        assert held_versions(b, A) == set()
        changes, _ = await jana.whole_feed()
        tombstones = {c["id"] for c in (await jana.feed(cursor, 1000))["changes"]
                      if c["op"] == "delete"}
        assert {x.id for x in a.company.people} <= tombstones
        assert not [c for c in changes if c["op"] == "put" and c["body"].get("origin") == A]
        await _still_removed(b)
        # ... and B no longer answers A, which still lists it.
        await wait_for(lambda: "unknown_peer" in (peer_row(a, B).last_error or ""),  # type: ignore[union-attr]
                       what="A to be refused by B")


async def _still_removed(b: Site) -> None:
    """The exchange stopped: nothing comes back over the next pull intervals."""
    import asyncio

    await asyncio.sleep(1.0)
    assert held_versions(b, A) == set() and peer_row(b, A) is None



class TestSignatureParsing:
    """The strict subset: anything but the one form is refused, never interpreted."""

    # A fixed key: the cases below are named after signatures, and every test worker
    # must name them alike.
    KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    GOOD = sign_request(KEY, "a.test", "GET", CHANGES, "since=&limit=5", now=1_800_000_000,
                        nonce="n" * 22)

    @pytest.mark.parametrize("name, value, message", [
        ("Signature-Input", GOOD["Signature-Input"].replace('"date")', '"date" "@authority")'),
         "covers other components"),
        ("Signature-Input", GOOD["Signature-Input"].replace("sig1=", "sig2="),
         "must hold sig1 alone"),
        ("Signature-Input", GOOD["Signature-Input"].replace('alg="ed25519"', 'alg="rsa-pss"'),
         "alg must be ed25519"),
        ("Signature-Input", GOOD["Signature-Input"] + ';tag="x"',
         "needs exactly created, expires, nonce, keyid, alg"),
        ("Signature-Input", GOOD["Signature-Input"].replace('nonce="' + "n" * 22, 'nonce="n'),
         "the nonce is not 16 to 64"),
        ("Signature-Input", GOOD["Signature-Input"] + ";created=1",
         "created given twice"),  # a parameter twice
        ("Signature-Input", GOOD["Signature-Input"].replace("created=1800000000",
                                                            'created="1800000000"'),
         "created must be a whole number"),
        ("Signature-Input", GOOD["Signature-Input"].replace("created=1800000000", "created"),
         "created must be a whole number"),
        ("Signature-Input", GOOD["Signature-Input"].replace('keyid="a.test"', "keyid=a.test"),
         "keyid must be a string"),
        ("Signature-Input", GOOD["Signature-Input"].replace('"@path"', '"@path";req'),
         "covers other components"),
        ("Signature-Input", GOOD["Signature-Input"].replace('("@method"', '(@method'),
         "Signature-Input is no structured field"),
        ("Signature-Input", GOOD["Signature-Input"] + ", " + GOOD["Signature-Input"],
         "sig1 given twice"),
        ("Signature-Input", GOOD["Signature-Input"].replace(")", ""),
         "End of inner list not found"),
        ("Signature-Input", GOOD["Signature-Input"].replace("a.test", "a.täst"),
         "String contains disallowed character"),
        ("Signature-Input", "", "Signature-Input must hold sig1 alone"),
        ("Signature", GOOD["Signature"].replace("sig1=", "sig2="),
         "Signature must hold sig1 alone"),
        ("Signature", GOOD["Signature"][:-4] + ":", "Binary Sequence failed to decode"),
        ("Signature", GOOD["Signature"] + ";alg=1", "Signature must be a byte sequence"),
        ("Signature", GOOD["Signature"].replace(":", '"', 2), "Signature must be a byte sequence"),
        ("Signature", "sig1=:!!!!:", "disallowed character"),
    ])
    def test_other_forms_are_malformed(self, name: str, value: str, message: str) -> None:
        headers = {k.lower(): [v] for k, v in {**self.GOOD, name: value}.items()}
        with pytest.raises(SignatureError, match=re.escape(message)) as caught:
            parse_signature(headers)
        assert caught.value.code == "signature_malformed"

    def test_duplicate_headers_are_malformed(self) -> None:
        headers = {k.lower(): [v] for k, v in self.GOOD.items()}
        headers["signature"].append(self.GOOD["Signature"])
        with pytest.raises(SignatureError, match="exactly one"):
            parse_signature(headers)

    @pytest.mark.parametrize("value, message", [
        ("sha-256=:" + "A" * 20 + ":", "is not a sha-256 digest"),  # 15 bytes, not 32
        ("sha-512=:" + "A" * 86 + "==:", "must hold sha-256 alone"),
        ("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:, md5=:AAAA:",
         "must hold sha-256 alone"),
        ("sha-256=47DEQpj8HBSa", "Content-Digest is no structured field"),
    ])
    def test_a_digest_other_than_sha_256_alone_is_malformed(self, value: str,
                                                            message: str) -> None:
        parsed = parse_signature({k.lower(): [v] for k, v in self.GOOD.items()})
        with pytest.raises(SignatureError, match=re.escape(message)) as caught:
            verify_signature(parsed, self.KEY.public_key(), "GET", CHANGES, "since=&limit=5",
                             value, self.GOOD["Date"], b"")
        assert caught.value.code == "signature_malformed"

    def test_parameters_in_another_order_are_read_as_sent(self) -> None:
        """RFC 9421 lets a signer order the parameters as it likes; the base keeps it."""
        reordered = self.GOOD["Signature-Input"].replace(
            ';created=1800000000;expires=1800000060', '').replace(
            ';alg="ed25519"', ';alg="ed25519";expires=1800000060;created=1800000000')
        parsed = parse_signature({"signature-input": [reordered],
                                  "signature": [self.GOOD["Signature"]]})
        assert (parsed.created, parsed.expires) == (1_800_000_000, 1_800_000_060)
        assert parsed.params == reordered.removeprefix("sig1=")

    def test_the_signature_base_is_rfc_9421_section_2_5(self) -> None:
        parsed = parse_signature({k.lower(): [v] for k, v in self.GOOD.items()})
        base = signature_base("GET", CHANGES, "since=&limit=5", self.GOOD["Content-Digest"],
                              self.GOOD["Date"], parsed.params).decode()
        assert base.splitlines() == [
            '"@method": GET',
            '"@path": /federation/v1/changes',
            '"@query": ?since=&limit=5',
            '"content-digest": sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:',
            '"date": Fri, 15 Jan 2027 08:00:00 GMT',
            '"@signature-params": ("@method" "@path" "@query" "content-digest" "date")'
            ';created=1800000000;expires=1800000060;nonce="nnnnnnnnnnnnnnnnnnnnnn"'
            ';keyid="a.test";alg="ed25519"',
        ]
        self.KEY.public_key().verify(parsed.signature, base.encode())


class TestMalformedRequests:
    """Whatever arrives in the signature headers, a peer gets a 401 with a stable code
    and a JSON body, never a server error."""

    @pytest.mark.parametrize("header, value", [
        ("Signature-Input", 'sig1=("@method" "@path" "@query" "content-digest" "date")'
                            ';created=1;created=2;expires=61;nonce="nnnnnnnnnnnnnnnn"'
                            ';keyid="x";alg="ed25519"'),
        ("Signature-Input", "sig1=(((("),
        ("Signature-Input", "sig1=\u00e4\u00f6"),
        ("Signature-Input", 'sig1=("@method");created=99999999999999999999'),
        ("Signature-Input", "x" * 4000),
        ("Signature", "sig1=:" + "A" * 87 + ":"),
        ("Signature", "sig1=?1"),
        ("Signature", "sig1=:AAAA:, sig1=:BBBB:"),
        ("Content-Digest", "sha-256=:not base64 at all:"),
        ("Content-Digest", "sha-256=(1 2 3)"),
        ("Date", "yesterday"),
    ])
    async def test_malformed_signature_headers_get_401_json(
        self, server: TestServer, world: World, session: ClientSession, header: str,
        value: str,
    ) -> None:
        headers = listed_signer(world.config)("since=&limit=5")
        headers[header] = value
        async with session.get(server.make_url(CHANGES + "?since=&limit=5"),
                               headers=headers) as response:
            assert response.status == 401
            assert response.content_type == "application/json"
            body = await response.json()
        assert body["error"] == "signature_malformed", body


class TestUpgrade:
    def test_a_database_from_before_federation_exports_by_the_same_rule(
        self, tmp_path: Path, new_database: Callable[[], str]
    ) -> None:
        import sqlalchemy as sa
        from alembic import command
        from alembic.config import Config

        from server_stub.demo.generator import generate_company
        from server_stub.demo.load import load_company
        from server_stub.storage import tables as t
        from server_stub.storage.engine import MIGRATIONS, make_sync_engine, migrate

        engine = make_sync_engine(new_database() or f"sqlite:///{tmp_path / 'kontor.db'}")

        def marks() -> set[tuple[str, str, bool]]:
            with engine.connect() as conn:
                return set(conn.execute(sa.select(
                    t.change.c.kind, t.change.c.record_id, t.change.c.export)).all())

        migrate(engine)
        with engine.begin() as conn:
            load_company(conn, generate_company(60, 3, A, 1_700_000_000_000), "-", 1)
        at_write_time = marks()
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        migrate(engine)  # 0001 -> 0002 over existing rows
        assert marks() == at_write_time
        assert any(export for _, _, export in at_write_time)
        assert not all(export for _, _, export in at_write_time)
        engine.dispose()
