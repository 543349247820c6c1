"""kontor-server as an admin runs it: a subprocess over a real data directory.

The server is started with `serve --port 0`, reached over real HTTP, and stopped with
SIGTERM. No output of any command may carry a password, a password hash or a token.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests import processes

REPO = Path(__file__).parents[2]
SERVER_NAME = 'Büro "Nord"'  # quotes must survive the generated kontor.toml
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("KONTOR_SERVER_")}
FIRST_PASSWORD = "erstes Passwort 1"
SECOND_PASSWORD = "zweites Passwort 2"
BEN_PASSWORD = "bens Passwort 3"


class Outputs:
    """Everything the commands printed, to check for secrets at the end."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, *texts: str) -> None:
        self.texts.extend(texts)

    def assert_no_secrets(self, *secrets: str) -> None:
        joined = "\n".join(self.texts)
        assert "$argon2" not in joined
        for secret in secrets:
            assert secret not in joined


def run(outputs: Outputs | None, *args: str, stdin: str | None = None,
        env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "server_stub.cli", *args], input=stdin, capture_output=True,
        text=True, timeout=timeout, cwd=REPO, env={**CLEAN_ENV, **(env or {})},
    )
    if outputs is not None:
        outputs.add(done.stdout, done.stderr)
    return done


def ok(outputs: Outputs | None, *args: str, stdin: str | None = None) -> str:
    done = run(outputs, *args, stdin=stdin)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def refused(outputs: Outputs | None, *args: str, stdin: str | None = None,
            env: dict[str, str] | None = None) -> str:
    """Exit code 1 with a one-line message and no traceback; returns the message."""
    done = run(outputs, *args, stdin=stdin, env=env)
    assert done.returncode == 1, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.startswith("kontor-server: ") and done.stderr.count("\n") == 1
    return done.stderr


T = TypeVar("T")


def together(*calls: Callable[[], T]) -> list[T]:
    """Independent commands at once (each process start costs about a second).

    Only read-only commands and refusals run together, never two writers.
    """
    with ThreadPoolExecutor(len(calls)) as pool:
        futures = [pool.submit(call) for call in calls]
        return [future.result() for future in futures]


class Server:
    def __init__(self, process: subprocess.Popen[str], base: str) -> None:
        self.process = process
        self.base = base

    def call(self, method: str, path: str, body: Any = None,
             token: str | None = None) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - always http://127.0.0.1
            self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                raw = answer.read()
                return answer.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def login(self, username: str, password: str, device: str = "pytest") -> tuple[int, Any]:
        return self.call("POST", "/api/v1/login",
                         {"username": username, "password": password, "device_name": device})


def _pump(stream: Any, lines: queue.Queue[str], sink: list[str]) -> None:
    for line in stream:
        sink.append(line)
        lines.put(line)


@contextmanager
def serving(data_dir: Path, outputs: Outputs, *flags: str,
            env: dict[str, str] | None = None) -> Iterator[Server]:
    """`serve DIR --port 0`; on leaving, SIGTERM and a clean exit 0 within seconds."""
    process = processes.start(
        [sys.executable, "-m", "server_stub.cli", "serve", str(data_dir), "--port", "0", *flags],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env={**CLEAN_ENV, **(env or {})},
    )
    out: list[str] = []
    err: list[str] = []
    lines: queue.Queue[str] = queue.Queue()
    pumps = [threading.Thread(target=_pump, args=(process.stdout, lines, out), daemon=True),
             threading.Thread(target=_pump, args=(process.stderr, queue.Queue(), err),
                              daemon=True)]
    for pump in pumps:
        pump.start()
    try:
        try:
            first = lines.get(timeout=20)
        except queue.Empty:
            pytest.fail(f"the server did not start: {''.join(err)}")
        prefix = "listening on http://127.0.0.1:"
        assert first.startswith(prefix), first + "".join(err)
        port = int(first.removeprefix(prefix).strip())
        assert port > 0
        yield Server(process, f"http://127.0.0.1:{port}")
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=10)
        assert time.monotonic() - started < 5
        for pump in pumps:
            pump.join(timeout=5)
        logs = "".join(err)
        assert code == 0, logs
        assert "Traceback" not in logs
    finally:
        processes.reap(process)
        outputs.add("".join(out), "".join(err))


@pytest.fixture
def outputs() -> Outputs:
    return Outputs()


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One `init` for the module (each run costs a second); tests work on copies."""
    data = tmp_path_factory.mktemp("template") / "data"
    stdout = ok(None, "init", str(data), "--server-name", SERVER_NAME)
    return data, stdout


@pytest.fixture
def data_dir(initialised: tuple[Path, str], tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(initialised[0], copy)
    return copy


def test_init_makes_a_data_directory_once(
    initialised: tuple[Path, str], data_dir: Path, outputs: Outputs
) -> None:
    template, stdout = initialised
    assert stdout == f"initialised {template} for server {SERVER_NAME}\n"
    assert (template / "kontor.db").is_file()
    assert (template / "kontor.toml").read_text("utf-8") == (
        '[server]\nserver_name = "Büro \\"Nord\\""\n')
    message = refused(outputs, "init", str(data_dir), "--server-name", "other")
    assert f"{data_dir} already holds a Kontor database" in message
    assert (data_dir / "kontor.toml").read_text("utf-8") == (
        template / "kontor.toml").read_text("utf-8")


def test_serve_answers_and_stops_cleanly_on_sigterm(data_dir: Path, outputs: Outputs) -> None:
    # Layers: the file says port 1, the environment port 2, the flag (0) wins over both;
    # the environment's body cap (2 KiB) wins over the file's (1 MiB).
    with (data_dir / "kontor.toml").open("a", encoding="utf-8") as config:
        config.write("port = 1\nmax_body_bytes = 1048576\n")
    with serving(data_dir, outputs, env={"KONTOR_SERVER_PORT": "2",
                                         "KONTOR_SERVER_MAX_BODY_BYTES": "2048"}) as server:
        assert not server.base.endswith((":1", ":2"))
        assert server.call("GET", "/healthz") == (200, {"status": "ok"})
        status, info = server.call("GET", "/api/v1/info")
        assert status == 200 and info["server_name"] == SERVER_NAME
        status, error = server.login("someone", "x" * 4096)
        assert status == 413 and error["error"] == "body_too_large"
    assert server.process.returncode == 0


def test_serve_leaves_the_hub_libraries_to_the_hub_worker(data_dir: Path,
                                                          outputs: Outputs) -> None:
    """The hubs are computed in a worker process (hubs/nightly.py): a serve process
    that loaded networkx and igraph would carry 16 MiB it never uses. igraph is a C
    extension, so loading it shows in the process's memory map."""
    with serving(data_dir, outputs) as server:
        assert server.call("GET", "/healthz") == (200, {"status": "ok"})
        maps = Path(f"/proc/{server.process.pid}/maps").read_text("utf-8")
        assert "/site-packages/" in maps  # the map names the extensions it holds
        assert "igraph" not in maps


def test_a_bad_setting_is_refused_readably(data_dir: Path, tmp_path: Path) -> None:
    cases = [
        ("[server]\nport = 70000\n", {}, "invalid setting: Expected `int` <= 65535"),
        ("[server]\nprot = 8470\n", {}, "unknown setting(s): prot"),
        ("[server\nport = 1\n", {}, f"{data_dir / 'kontor.toml'}: "),
        ("", {"KONTOR_SERVER_MAX_BODY_BYTES": "lots"}, "max_body_bytes"),
        ('[server]\nserver_name = "hamburg.example"\n', {}, "this database belongs to"),
    ]
    for config, env, expected in cases:
        (data_dir / "kontor.toml").write_text(config, encoding="utf-8")
        message = refused(None, "serve", str(data_dir), env=env)  # fails before listening
        assert expected in message, (config, env, message)
    message = refused(None, "user", "list", str(tmp_path / "nothing"))
    assert "is not a Kontor data directory (run kontor-server init)" in message


def test_users_and_devices(data_dir: Path, outputs: Outputs) -> None:
    data = str(data_dir)
    assert "added ann" in ok(outputs, "user", "add", data, "ann", "--password-stdin", "--admin",
                             stdin=FIRST_PASSWORD + "\n")
    ok(outputs, "user", "add", data, "ben", "--password-stdin", stdin=BEN_PASSWORD + "\n")
    duplicate, short, as_json, as_text = together(
        lambda: refused(outputs, "user", "add", data, "ann", "--password-stdin",
                        stdin="another password\n"),
        lambda: refused(outputs, "user", "add", data, "cleo", "--password-stdin",
                        stdin="short\n"),
        lambda: ok(outputs, "user", "list", data, "--json"),
        lambda: ok(outputs, "user", "list", data),
    )
    assert "The user ann exists already" in duplicate
    assert "The password needs at least 8 characters" in short
    users = json.loads(as_json)
    assert [u["username"] for u in users] == ["ann", "ben"]
    for user in users:
        assert set(user) == {"id", "username", "person_id", "is_admin", "disabled"}
        assert user["disabled"] is False and user["person_id"] is None
    assert [u["is_admin"] for u in users] == [True, False]
    listing = as_text.splitlines()
    assert [line.split()[0] for line in listing] == ["ann", "ben"] and "admin" in listing[0]

    with serving(data_dir, outputs) as server:
        status, info = server.call("GET", "/api/v1/info")
        assert status == 200 and info["server_name"] == SERVER_NAME
        status, laptop = server.login("ann", FIRST_PASSWORD, "laptop")
        assert status == 200 and laptop["is_admin"] is True
        status, phone = server.login("ann", FIRST_PASSWORD, "phone")
        assert status == 200
        status, ben = server.login("ben", BEN_PASSWORD)
        assert status == 200
        tokens = [laptop["token"], phone["token"], ben["token"]]

        all_devices, ann_devices = together(
            lambda: ok(outputs, "device", "list", data, "--json"),
            lambda: ok(outputs, "device", "list", data, "--user", "ann", "--json"),
        )
        devices = json.loads(all_devices)
        assert {d["name"] for d in devices} == {"laptop", "phone", "pytest"}
        for device in devices:
            assert set(device) == {"id", "username", "name", "created_at", "last_seen_at",
                                   "revoked"}
            assert device["revoked"] is False
        ann_ids = {d["id"] for d in json.loads(ann_devices)}
        assert ann_ids == {laptop["device_id"], phone["device_id"]}

        # A revoked device's token stops working at once; the other device goes on.
        assert server.call("GET", "/api/v1/sync", token=laptop["token"])[0] == 200
        ok(outputs, "device", "revoke", data, laptop["device_id"])
        status, body = server.call("GET", "/api/v1/sync", token=laptop["token"])
        assert status == 401 and body["error"] == "device_revoked"
        assert server.call("GET", "/api/v1/sync", token=phone["token"])[0] == 200
        again, device_lines = together(
            lambda: refused(outputs, "device", "revoke", data, laptop["device_id"]),
            lambda: ok(outputs, "device", "list", data).splitlines(),
        )
        assert f"No active device {laptop['device_id']}" in again
        states = {line.split()[0]: line.split()[-1] for line in device_lines}
        assert states[laptop["device_id"]] == "revoked"
        assert states[phone["device_id"]] == states[ben["device_id"]] == "active"

        # A new password: the old one stops working, the new one signs in, and every
        # device is signed out but the one the admin keeps (only an active one).
        status, tablet = server.login("ann", FIRST_PASSWORD, "tablet")
        assert status == 200
        tokens.append(tablet["token"])
        message = refused(outputs, "user", "passwd", data, "ann", "--password-stdin",
                          "--keep-device", laptop["device_id"], stdin=SECOND_PASSWORD + "\n")
        assert f"ann has no active device {laptop['device_id']}" in message
        assert server.login("ann", SECOND_PASSWORD)[0] == 401  # nothing changed
        changed = ok(outputs, "user", "passwd", data, "ann", "--password-stdin",
                     "--keep-device", phone["device_id"], stdin=SECOND_PASSWORD + "\n")
        assert changed == "password changed for ann; signed out 1 device(s) " \
                          "(kept the device asked for)\n"
        status, body = server.call("GET", "/api/v1/sync", token=tablet["token"])
        assert status == 401 and body["error"] == "device_revoked"
        assert server.call("GET", "/api/v1/sync", token=phone["token"])[0] == 200
        status, body = server.login("ann", FIRST_PASSWORD)
        assert status == 401 and body["error"] == "invalid_credentials"
        status, renewed = server.login("ann", SECOND_PASSWORD)
        assert status == 200
        tokens.append(renewed["token"])
        assert "signed out 2 device(s)\n" in ok(
            outputs, "user", "passwd", data, "ann", "--password-stdin",
            stdin=SECOND_PASSWORD + "\n")
        for token in (phone["token"], renewed["token"]):
            status, body = server.call("GET", "/api/v1/sync", token=token)
            assert status == 401 and body["error"] == "device_revoked"

        # Disabling signs out every device and refuses new sign-ins.
        assert "disabled ben" in ok(outputs, "user", "disable", data, "ben")
        status, body = server.login("ben", BEN_PASSWORD)
        assert status == 403 and body["error"] == "account_disabled"
        status, body = server.call("GET", "/api/v1/sync", token=ben["token"])
        assert status == 401 and body["error"] == "device_revoked"
        users = {u["username"]: u for u in json.loads(ok(outputs, "user", "list", data,
                                                         "--json"))}
        assert users["ben"]["disabled"] is True and users["ann"]["disabled"] is False

        # Enabling lets the account sign in again; its old devices stay signed out.
        assert "enabled ben" in ok(outputs, "user", "enable", data, "ben")
        status, back = server.login("ben", BEN_PASSWORD)
        assert status == 200
        tokens.append(back["token"])
        status, body = server.call("GET", "/api/v1/sync", token=ben["token"])
        assert status == 401 and body["error"] == "device_revoked"

    outputs.assert_no_secrets(FIRST_PASSWORD, SECOND_PASSWORD, BEN_PASSWORD, *tokens)


def test_demo_company(tmp_path: Path, outputs: Outputs) -> None:
    """Needs server_stub.demo (generator and loader), written alongside this file."""
    from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER

    data = str(tmp_path / "demo")
    stdout = ok(outputs, "init", data, "--demo", "--people", "200")
    assert "demo company: 200 people" in stdout and DEMO_USER in stdout
    users = {u["username"]: u for u in json.loads(ok(outputs, "user", "list", data, "--json"))}
    assert DEMO_USER in users and users[DEMO_USER]["person_id"]
    with serving(Path(data), outputs) as server:
        status, me = server.login(DEMO_USER, DEMO_PASSWORD)
        assert status == 200
        status, person = server.call("GET", "/api/v1/me", token=me["token"])
        assert status == 200 and person["id"] == users[DEMO_USER]["person_id"]
        status, page = server.call("GET", "/api/v1/sync?limit=1000", token=me["token"])
        assert status == 200 and len(page["changes"]) > 200
    outputs.assert_no_secrets(me["token"])


def _block(text: str, after: str, fence: str) -> list[str]:
    """The lines of the first fenced block (```fence) after the line `after`."""
    rest = text[text.index(after):]
    start = rest.index(f"```{fence}\n") + len(fence) + 4
    return rest[start:rest.index("```", start)].splitlines()


def test_the_import_example_runs_on_a_new_server_as_the_admin_guide_says(
    tmp_path: Path, outputs: Outputs
) -> None:
    """Each command of docs/admin.md's "try it" block, as written there (the password
    the guide types at the prompt comes on stdin), prints the guide's "Output"."""
    guide = (REPO / "docs" / "admin.md").read_text(encoding="utf-8")
    commands = _block(guide, "To try it on a new server:", "sh")
    assert len(commands) == 3
    printed = ""
    for line in commands:
        words = line.split("#", 1)[0].replace("/tmp/kontor-try", str(tmp_path / "try")).split()
        assert words[0] == "kontor-server"
        if words[1:3] == ["user", "add"]:  # "asks for a password"
            printed = ok(outputs, *words[1:], "--password-stdin", stdin="anna-berg-pw\n")
        else:
            printed = ok(outputs, *words[1:])
    assert printed.splitlines() == _block(guide, "### Output", "text")
