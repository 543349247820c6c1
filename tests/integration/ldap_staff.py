"""A generated company in LDIF, as an OpenLDAP directory would hold it: people
(inetOrgPerson) in OUs by division and department, each with a `manager` DN.

Person 0 runs the company (in ou=staff itself); each division has a head (in the
division's OU) who reports to them; each department has a head who reports to the
division's head and `team` members who report to the department's head.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from tests.integration.ldap_support import BASE

STAFF = f"ou=staff,{BASE}"
GIVEN = ["Anna", "Jörg", "Zeynep", "François", "Katrin", "Thomas", "Ülkü", "Maria", "Lars",
         "Sofia", "Mehmet", "Ingrid"]
FAMILY = ["Berg", "Weiß", "Kaya", "Dubois", "Vogel", "Brandt", "Öztürk", "Schäfer", "Nowak",
          "Jensen", "Rossi", "Müller"]


def _tiny_jpeg() -> bytes:
    """A real 8x8 JPEG, as a directory's jpegPhoto holds one (small, but a whole image)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (40, 90, 160)).save(out, "JPEG")
    return out.getvalue()


TINY_JPEG = _tiny_jpeg()


@dataclass(frozen=True)
class StaffPerson:
    index: int
    parent: str  # the DN of the OU the entry sits in
    manager: int | None
    department: str

    @property
    def uid(self) -> str:
        return f"p{self.index:05d}"

    @property
    def key(self) -> str:
        return f"E{self.index:05d}"

    @property
    def dn(self) -> str:
        return f"uid={self.uid},{self.parent}"


def staff(count: int, team: int = 20) -> tuple[list[StaffPerson], list[str]]:
    """The people and the OU DNs (parents first)."""
    divisions = max(1, count // 2000)
    ous = [STAFF]
    people = [StaffPerson(0, STAFF, None, "Geschäftsführung")]
    heads: dict[int, int] = {}
    dept_heads: dict[tuple[int, int], int] = {}
    for i in range(1, count):
        division, j = i % divisions, (i - 1) // divisions
        division_ou = f"ou=Bereich {division},{STAFF}"
        if j == 0:
            ous.append(division_ou)
            heads[division] = i
            people.append(StaffPerson(i, division_ou, 0, f"Bereich {division}"))
            continue
        dept, member = divmod(j - 1, team)
        dept_ou = f"ou=Abteilung {dept},{division_ou}"
        if member == 0:
            ous.append(dept_ou)
            dept_heads[(division, dept)] = i
            manager = heads[division]
        else:
            manager = dept_heads[(division, dept)]
        people.append(StaffPerson(i, dept_ou, manager, f"Abteilung {division}.{dept}"))
    return people, ous


def _line(attribute: str, value: str) -> str:
    """LDIF writes a value that is not plain ASCII in base64 (RFC 2849)."""
    if value.isascii():
        return f"{attribute}: {value}"
    return f"{attribute}:: {base64.b64encode(value.encode()).decode()}"


def staff_ldif(people: list[StaffPerson], ous: list[str], *, disabled: frozenset[int] =
               frozenset(), photos: dict[int, bytes] | None = None) -> str:
    entries = [f"dn: {dn}\nobjectClass: organizationalUnit\nou: {dn.split(',')[0][3:]}\n"
               for dn in ous]
    by_index = {x.index: x for x in people}
    for person in people:
        given, family = GIVEN[person.index % len(GIVEN)], FAMILY[person.index // 7 % len(FAMILY)]
        lines = [f"dn: {person.dn}", "objectClass: inetOrgPerson", f"uid: {person.uid}",
                 f"employeeNumber: {person.key}", _line("cn", f"{given} {family}"),
                 _line("givenName", given), _line("sn", family),
                 f"mail: {person.uid}@example.test", f"title: Stelle {person.index}",
                 _line("departmentNumber", person.department), _line("l", "München"),
                 f"telephoneNumber: +49 89 4711-{person.index:05d}",
                 f"employeeType: {'disabled' if person.index in disabled else 'active'}"]
        if person.manager is not None:
            lines.append(f"manager: {by_index[person.manager].dn}")
        photo = (photos or {}).get(person.index)
        if photo is not None:
            lines.append(f"jpegPhoto:: {base64.b64encode(photo).decode()}")
        entries.append("\n".join(lines) + "\n")
    return "\n".join(entries)
