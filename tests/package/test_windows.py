"""The Windows side, authored and checked here: the Group Policy templates against the
ADMX schema and against the settings the app has, and the .msi built with wixl and read
back with msitools as an administrator would inspect it before a roll-out.

The .msi is built from a stand-in laid out like the Windows bundle (kontor.exe,
kontorctl.exe, _internal\\), made of the Linux bundle's files: a Windows bundle can only
be frozen on Windows, and what is checked here is the installer around it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from sync.policy.schema import LOCK_SUFFIX, USER_SETTINGS, value_names
from tests.package.conftest import REPO, record

pytestmark = pytest.mark.package

POLICY = REPO / "packaging" / "windows" / "policy"
ADMX = POLICY / "kontor.admx"
LANGUAGES = ("en-US", "de-DE")
NS = {"pd": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
SCHEMA = Path(__file__).with_name("schemas") / "PolicyDefinitions.xsd"
UPGRADE_CODE = "{00BF6D3A-FCD9-4D09-A725-B6790F1D6A80}"


def adml(language: str) -> Path:
    return POLICY / language / "kontor.adml"


def parsed(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 - our own templates, not foreign input


def references(text: str, kind: str) -> set[str]:
    return set(re.findall(rf"\$\({kind}\.([A-Za-z0-9_.\-]+)\)", text))


class TestPolicyTemplates:
    @pytest.mark.parametrize("path", [ADMX, *map(adml, LANGUAGES)], ids=lambda p: p.parent.name
                             + "/" + p.name)
    def test_each_file_is_valid_against_the_admx_schema(self, path: Path) -> None:
        xmlschema.XMLSchema(SCHEMA).validate(path)

    def test_the_schema_refuses_a_policy_without_its_class(self) -> None:
        broken = ADMX.read_text().replace(' class="Machine"', "", 1)
        assert not xmlschema.XMLSchema(SCHEMA).is_valid(broken)

    def test_the_templates_write_exactly_the_names_the_policy_reads(self) -> None:
        """Every key the code knows has a policy, and no policy writes a name the code
        would refuse (sync/policy/schema.py: an unknown name stops the app)."""
        root = parsed(ADMX)
        written = {e.get("valueName") for e in root.iter() if e.get("valueName")}
        lists = [e.get("key") for e in root.iterfind(".//pd:list", NS)]
        assert lists == ["Software\\Policies\\Kontor\\allowed_servers"]
        written |= {key.rsplit("\\", 1)[1] for key in lists if key}
        assert written == value_names()
        for key in USER_SETTINGS:  # a user setting is a value and its lock, in one policy
            (policy,) = [p for p in root.iterfind(".//pd:policy", NS)
                         if key in {e.get("valueName") for e in p.iter()}]
            assert key + LOCK_SUFFIX in {e.get("valueName") for e in policy.iter()}

    def test_every_policy_is_the_machine_s_under_software_policies_kontor(self) -> None:
        for policy in parsed(ADMX).iterfind(".//pd:policy", NS):
            assert policy.get("class") == "Machine"
            assert policy.get("key") == "Software\\Policies\\Kontor"

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_each_language_names_every_string_and_presents_every_element(
            self, language: str) -> None:
        admx_text = ADMX.read_text()
        resources = parsed(adml(language))
        strings = {s.get("id") for s in resources.iterfind(".//pd:string", NS)}
        assert references(admx_text, "string") == strings
        presentations = {p.get("id"): p for p in resources.iterfind(".//pd:presentation", NS)}
        assert references(admx_text, "presentation") == set(presentations)
        for policy in parsed(ADMX).iterfind(".//pd:policy", NS):
            shown = policy.get("presentation")
            element_ids = {e.get("id") for e in policy.iterfind("pd:elements/*", NS)}
            if shown is None:
                assert element_ids == set()
                continue
            (name,) = references(shown, "presentation")
            ref_ids = {e.get("refId") for e in presentations[name] if e.get("refId")}
            assert ref_ids == element_ids, name

    def test_the_german_templates_are_translated(self) -> None:
        def texts(language: str) -> dict[str, str]:
            root = parsed(adml(language))
            return {s.get("id", ""): s.text or "" for s in root.iterfind(".//pd:string", NS)}

        english, german = texts("en-US"), texts("de-DE")
        assert german["ServerUrl"] == "Serveradresse"
        same = [k for k in english if english[k] == german[k] and k not in ("Kontor", "Proxy")]
        assert same == []


def windows_stand_in(bundle: Path, into: Path, everything: bool = True) -> Path:
    into.mkdir(parents=True)
    shutil.copy(bundle / "kontor", into / "kontor.exe")
    shutil.copy(bundle / "kontor", into / "kontorctl.exe")
    if everything:
        shutil.copytree(bundle / "_internal", into / "_internal", symlinks=False)
    return into


def build_msi(stand_in: Path, out: Path, version: str | None = None) -> Path:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(out)}
    if version:
        env["VERSION"] = version
    done = subprocess.run(["bash", str(REPO / "packaging" / "windows" / "build-msi.sh"),
                           str(stand_in), str(out)], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    (msi,) = out.glob("kontor-*-x64.msi")
    return msi


def table(msi: Path, name: str) -> list[dict[str, str]]:
    text = subprocess.run(["msiinfo", "export", str(msi), name], capture_output=True,
                          text=True, check=True).stdout
    lines = text.splitlines()
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:]]


def properties(msi: Path) -> dict[str, str]:
    return {row["Property"]: row["Value"] for row in table(msi, "Property")}


@pytest.fixture(scope="module")
def msi(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("msi")
    stand_in = windows_stand_in(bundle, root / "kontor")
    made = build_msi(stand_in, root / "out")
    record("MSI size (files of the Linux bundle as a stand-in)", f"{made.stat().st_size >> 20} MiB")
    return made, stand_in


class TestMsi:
    def test_it_installs_per_machine_into_program_files(self, msi: tuple[Path, Path]) -> None:
        made, _ = msi
        assert properties(made)["ALLUSERS"] == "1"
        summary = subprocess.run(["msiinfo", "suminfo", str(made)], capture_output=True,
                                 text=True, check=True).stdout
        assert "Template: x64;1033" in summary
        word_count = int(re.search(r"Source: (\d+)", summary).group(1))  # type: ignore[union-attr]
        assert not word_count & 8  # 8 would mean "no elevation": a per-user package
        directories = {row["Directory"]: row for row in table(made, "Directory")}
        assert directories["INSTALLDIR"]["Directory_Parent"] == "ProgramFiles64Folder"
        assert directories["INSTALLDIR"]["DefaultDir"] == "Kontor"

    def test_it_carries_every_file_of_the_bundle(self, msi: tuple[Path, Path]) -> None:
        made, stand_in = msi
        names = [row["FileName"].split("|")[-1] for row in table(made, "File")]
        assert len(names) == sum(1 for p in stand_in.rglob("*") if p.is_file())
        for needed in ("kontor.exe", "kontorctl.exe", "kontor_de.qm", "kontor.svg"):
            assert needed in names

    def test_a_start_menu_shortcut_starts_kontor(self, msi: tuple[Path, Path]) -> None:
        made, _ = msi
        (shortcut,) = table(made, "Shortcut")
        assert shortcut["Directory_"] == "ProgramMenuFolder"
        assert shortcut["Name"] == "Kontor"
        assert shortcut["Target"] == "[INSTALLDIR]kontor.exe"

    def test_the_upgrade_code_stays_and_the_product_code_follows_the_version(
            self, msi: tuple[Path, Path], bundle: Path, tmp_path: Path) -> None:
        made, _ = msi
        first = properties(made)
        small = windows_stand_in(bundle, tmp_path / "small", everything=False)
        again = properties(build_msi(small, tmp_path / "again"))
        newer = properties(build_msi(small, tmp_path / "newer", version="0.1.1"))
        assert first["UpgradeCode"] == again["UpgradeCode"] == newer["UpgradeCode"] == UPGRADE_CODE
        assert first["ProductCode"] == again["ProductCode"]
        assert newer["ProductCode"] != first["ProductCode"]
        assert newer["ProductVersion"] == "0.1.1"
        upgrades = table(made, "Upgrade")
        assert {row["UpgradeCode"] for row in upgrades} == {UPGRADE_CODE}
