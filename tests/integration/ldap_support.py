"""A real OpenLDAP slapd on loopback for the sign-in tests: TLS with a CA the test made.

It listens on ldap:// (StartTLS) and ldaps://, requires TLS for everything
(`security tls=1`), and holds a few people, one of them disabled (employeeType), and a
service account for search-then-bind. A password policy (the ppolicy overlay, as sites
run it) locks an entry after three wrong passwords until the directory's admin unlocks
it; erik is locked from the start. Started in the foreground (-d 0) and stopped by
the fixture; the database lives in the test's temporary directory.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.certificates import CertificateAuthority
from tests.integration.sync_support import free_port

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
BASE = "dc=example,dc=test"
PEOPLE = f"ou=people,{BASE}"
SERVICE_DN = f"cn=kontor,{BASE}"
SERVICE_PASSWORD = "service account secret"
DIRECTORY_PASSWORDS = {"bob": "Bobs Verzeichnis-Passwort", "carol": "Carols Passwort 7",
                       "dieter": "Dieters Passwort 8", "erik": "Eriks Passwort 9",
                       "frieda": "Friedas Passwort 10"}
POLICY_DN = f"cn=lockout,ou=policies,{BASE}"
LOCKOUT_AFTER = 3  # wrong passwords in a row
LOCKED = frozenset({"erik"})  # locked by the policy before any test runs

_CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {dir}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
TLSCACertificateFile {dir}/ca.pem
TLSCertificateFile {cert}
TLSCertificateKeyFile {key}
security tls=1
database mdb
maxsize {maxsize}
suffix "{base}"
rootdn "{root_dn}"
rootpw {root_password}
directory {dir}/db
index objectClass,uid,employeeType eq
overlay ppolicy
ppolicy_default "{policy_dn}"
# The service account reads the whole directory page by page (the import); others get
# slapd's default limits.
limits dn.exact="{service_dn}" size.soft=unlimited size.hard=unlimited size.prtotal=unlimited
access to attrs=userPassword by self =xw by anonymous auth by * none
access to * by users read by * none
"""
ROOT_DN = f"cn=admin,{BASE}"
ROOT_PASSWORD = "directory-admin-of-the-tests"  # changes entries while a test runs


def _ldif() -> str:
    entries = [
        f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\no: Example\n"
        "dc: example\n",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: {SERVICE_DN}\nobjectClass: organizationalRole\n"
        f"objectClass: simpleSecurityObject\ncn: kontor\nuserPassword: {SERVICE_PASSWORD}\n",
        f"dn: ou=policies,{BASE}\nobjectClass: organizationalUnit\nou: policies\n",
        f"dn: {POLICY_DN}\nobjectClass: person\nobjectClass: pwdPolicy\ncn: lockout\n"
        f"sn: lockout\npwdAttribute: userPassword\npwdLockout: TRUE\n"
        f"pwdMaxFailure: {LOCKOUT_AFTER}\npwdLockoutDuration: 0\n",
    ]
    for uid, password in DIRECTORY_PASSWORDS.items():
        state = "disabled" if uid == "carol" else "active"
        entries.append(
            f"dn: uid={uid},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {uid}\n"
            f"cn: {uid.title()}\nsn: {uid.title()}\nemployeeType: {state}\n"
            f"userPassword: {password}\n"
            + ("pwdAccountLockedTime: 000001010000Z\n" if uid in LOCKED else ""))
    return "\n".join(entries)


@dataclass(frozen=True)
class Slapd:
    ldap_url: str  # StartTLS
    ldaps_url: str
    ca_file: Path


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"slapd stopped: {log.read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)  # polling for the listening socket, a positive event
    raise RuntimeError(f"slapd did not listen: {log.read_text()}")


@contextmanager
def running_slapd(directory: Path, extra_ldif: str = "",
                  maxsize: int = 10 * 1024 * 1024) -> Iterator[Slapd]:
    """slapd with the sign-in people, the service account and extra_ldif's entries."""
    assert shutil.which(SLAPD) or Path(SLAPD).exists(), \
        "slapd is missing: run scripts/ensure-server-tools.sh"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "db").mkdir()
    ca = CertificateAuthority.create("Kontor Test Directory CA")
    ca_file = ca.write_bundle(directory / "ca.pem")
    cert, key = ca.issue_server(directory, ("127.0.0.1", "localhost"))
    config = directory / "slapd.conf"
    config.write_text(_CONFIG.format(dir=directory, cert=cert, key=key, base=BASE,
                                     maxsize=maxsize, root_dn=ROOT_DN, policy_dn=POLICY_DN,
                                     root_password=ROOT_PASSWORD, service_dn=SERVICE_DN))
    ldif = directory / "data.ldif"
    ldif.write_text(_ldif() + ("\n" + extra_ldif if extra_ldif else ""), encoding="utf-8")
    # -q: no checks of each entry (the LDIF is generated), much faster for 20,000 people.
    subprocess.run([SLAPADD, "-q", "-f", str(config), "-l", str(ldif)], check=True,
                   capture_output=True)
    plain, tls = free_port(), free_port()
    log = directory / "slapd.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [SLAPD, "-f", str(config), "-d", "0",
             "-h", f"ldap://127.0.0.1:{plain}/ ldaps://127.0.0.1:{tls}/"],
            stdout=sink, stderr=sink)
    try:
        _wait_for_port(plain, process, log)
        _wait_for_port(tls, process, log)
        yield Slapd(f"ldap://127.0.0.1:{plain}", f"ldaps://127.0.0.1:{tls}", ca_file)
    finally:
        process.terminate()
        process.wait(timeout=10)
