"""kontorctl as the README documents it: its own example commands, typed as written there,
against a real server holding the demo company that `make demo` makes (seed 1, 300
people), as its own login user jana.schroeder."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import signal
from collections import Counter
from pathlib import Path

import pytest
import uuid6
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from server_stub.app import prepare_database
from server_stub.config import ServerConfig, load_config, write_config_file
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER, generate_company
from server_stub.demo.load import load_company
from server_stub.services.auth import hash_password
from server_stub.storage.engine import make_sync_engine
from sync.protocol import now_ms
from tests.integration.conftest import Api
from tests.integration.sync_support import KONTORCTL, free_port, kontorctl_env, start_server

README = Path(__file__).parents[2] / "README.md"


def readme_commands() -> dict[str, list[str]]:
    """The README's kontorctl examples by command ("post", "job-contact add", ...)."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## kontorctl"):]
    block = section[section.index("```sh\n") + 6:section.index("```", section.index("```sh") + 5)]
    found = {}
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] == "kontorctl", line
        two = " ".join(words[1:3])
        key = two if words[1] in ("job-contact", "handover", "duty", "absence") else words[1]
        found[key] = words[1:]
    return found


README_SAYS = readme_commands()


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> ServerConfig:
    """The company of `make demo` (seed 1, 300 people), not the tests' usual one."""
    data_dir = tmp_path_factory.mktemp("readme") / "data"
    data_dir.mkdir()
    write_config_file(data_dir, "demo.test")
    config = load_config(data_dir, {"server_name": "demo.test", "port": free_port()})
    prepare_database(config)
    engine = make_sync_engine(config.db_url)
    now = now_ms()
    with engine.begin() as conn:
        load_company(conn, generate_company(300, 1, "demo.test", now),
                     hash_password(DEMO_PASSWORD), now)
    engine.dispose()
    return config


async def run(profile: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *KONTORCTL, *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=kontorctl_env(profile))
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 60)
    return proc.returncode or 0, out.decode(), err.decode()


async def readme(profile: Path, command: str, *extra: str) -> tuple[int, str, str]:
    return await run(profile, *README_SAYS[command], *extra)


async def login(config: ServerConfig, profile: Path) -> None:
    words = README_SAYS["login"]
    assert words[1:] == ["http://127.0.0.1:8470", DEMO_USER]  # the demo's address, our port
    code, _, err = await run(profile, "login", f"http://127.0.0.1:{config.port}", DEMO_USER,
                             "--password-stdin", "-q", stdin=DEMO_PASSWORD + "\n")
    assert code == 0, err


class TestReads:
    async def test_a_profile_that_never_signed_in_exits_2(
        self, config: ServerConfig, tmp_path: Path
    ) -> None:
        for command in ("people", "person", "who"):
            code, out, err = await readme(tmp_path / "p", command)
            assert (code, out) == (2, ""), (command, out, err)
            assert "not signed in" in err

    async def test_offline_reads_answer_from_the_cache_and_say_so_on_stderr(
        self, config: ServerConfig, tmp_path: Path
    ) -> None:
        server = await start_server(config)
        profile = tmp_path / "p"
        await login(config, profile)
        code, out, err = await readme(profile, "people")
        assert code == 0 and "Müller" in out and err == ""  # online: nothing to say
        await server.close()
        for command in ("people", "who", "start"):
            code, out, err = await readme(profile, command)
            assert code == 0 and out, (command, err)
            assert err.startswith("offline: ") and "cannot be reached" in err
        code, _, err = await run(profile, "sync")  # needs the server
        assert code == 3 and "cannot be reached" in err
        code, _, _ = await run(profile, "logout")
        assert code == 0
        code, out, err = await readme(profile, "people")  # what the cache kept, but exit 2
        assert code == 2 and "Müller" in out and "not signed in" in err

    async def test_person_takes_a_name_and_lists_the_matches_of_an_ambiguous_one(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        profile = tmp_path / "p"
        await login(config, profile)
        code, out, err = await readme(profile, "person")
        assert code == 0, err
        assert out.splitlines()[0] == "Jana Schröder"
        code, out, _ = await run(profile, "people", "Müller", "--json")
        namesakes = json.loads(out)
        assert len(namesakes) >= 2
        code, out, err = await run(profile, "person", "Müller")
        assert code == 1 and out == ""
        assert "Several people match 'Müller'" in err
        assert all(p["name"] in err and p["id"] in err for p in namesakes)


class TestWrites:
    async def test_post_says_sent_only_when_it_was_sent(
        self, config: ServerConfig, tmp_path: Path
    ) -> None:
        server = await start_server(config)
        profile = tmp_path / "p"
        await login(config, profile)
        code, out, err = await readme(profile, "post")
        assert code == 0, err
        assert re.fullmatch(r"post [0-9a-f-]{36}: sent\n", out)
        await server.close()
        code, out, err = await readme(profile, "post")
        assert code == 3 and out == ""
        assert "queued, will be sent when the server is reachable" in err
        assert ": sent" not in err

    async def test_the_job_contact_example_works_for_the_readme_user(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        profile = tmp_path / "p"
        await login(config, profile)
        code, out, err = await readme(profile, "job-contact add")
        assert code == 0, err
        assert out.endswith(": sent\n")
        _, listed, _ = await run(profile, "job-contact", "list")
        note = README_SAYS["job-contact add"][README_SAYS["job-contact add"].index("--note") + 1]
        assert note in listed

    async def test_handover_digest_lists_each_contact_once(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        profile = tmp_path / "p"
        await login(config, profile)
        _, out, _ = await run(profile, "job-contact", "list", "--json")
        contacts = json.loads(out)
        mine = Counter(c["from_position_id"] for c in contacts) + Counter(
            c["to_position_id"] for c in contacts)
        [position, _] = mine.most_common(1)[0]
        others = Counter(c["to_position_id"] if c["from_position_id"] == position
                         else c["from_position_id"] for c in contacts)
        assert max(others.values()) == 2  # a colleague linked both ways: the case to show
        code, out, err = await readme(profile, "handover digest")
        assert code == 0, err
        lines = [line for line in out.splitlines() if line.lstrip().startswith("contact")]
        assert len(lines) == len(others)
        assert len({line.split(":", 1)[0] for line in lines}) == len(lines)


class TestSyncWatch:
    async def test_watch_prints_a_line_per_arrival_with_the_new_posts(
        self, live: TestServer, config: ServerConfig, tmp_path: Path
    ) -> None:
        profile = tmp_path / "p"
        await login(config, profile)
        watcher = await asyncio.create_subprocess_exec(
            *KONTORCTL, *README_SAYS["sync"], env=kontorctl_env(profile),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
        try:
            await asyncio.sleep(2)  # the watcher's own first sync
            text = f"Kantine heute bis 15 Uhr offen ({uuid6.uuid7()})"
            async with ClientSession() as http:
                author = Api(live, http)
                me = await author.login(DEMO_USER, DEMO_PASSWORD)
                changes, _ = await author.whole_feed(limit=1000)
                space = next(c["body"]["space_id"] for c in changes if c["kind"] == "membership"
                             and c["body"]["person_id"] == me["person_id"])
                status, _ = await author.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}",
                                              json={"space_id": space, "text": text})
                assert status == 200
            assert watcher.stdout is not None
            seen: list[str] = []
            while not any(text in line for line in seen):
                line = await asyncio.wait_for(watcher.stdout.readline(), 30)
                assert line, "the watcher ended"
                seen.append(line.decode())
        finally:
            watcher.send_signal(signal.SIGTERM)
            await asyncio.wait_for(watcher.wait(), 20)
        assert watcher.returncode == 0
        counts, post = seen[-2:]
        assert re.fullmatch(r"\d\d:\d\d:\d\d  1 change: 1 post\n", counts), seen
        assert post == f"    Jana Schröder in {post.split(' in ', 1)[1].split(':')[0]}: {text}\n"


class TestHelp:
    async def test_every_command_has_a_help_line(self, tmp_path: Path) -> None:
        code, out, _ = await run(tmp_path / "p", "--help")
        assert code == 0
        commands = re.search(r"\{([a-z,-]+)\}", out)
        assert commands is not None
        for command in commands.group(1).split(","):
            assert re.search(rf"^    {command} +\S", out, re.MULTILINE) or re.search(
                rf"^    {command}\n {{20,}}\S", out, re.MULTILINE), command
