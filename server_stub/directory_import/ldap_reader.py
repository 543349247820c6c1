"""The company's LDAP directory read into the import's document ([server.directory.ldap]).

People are the entries the filter finds under base_dn (inetOrgPerson in OpenLDAP, user
in Active Directory), read with paged searches so a directory of any size comes in
pages of page_size; departments come from the OU an entry sits in (the OU tree is the
unit tree, base_dn its top) or from an attribute; the `manager` DN gives the reporting
line. A second search with disabled_filter names the disabled accounts. Photos
(jpegPhoto, AD thumbnailPhoto) are read and checked here; the import then loads them
as it loads a folder of photos (photos.py: the upload's checks, unchanged ones not
written again).

The connection is the sign-in's (directory_auth/ldap.py): TLS always, the CA checked,
bound as the service account unless bind_dn names another.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any

import ldap3
from ldap3.core.exceptions import LDAPException
from ldap3.utils.dn import parse_dn

from server_stub.config import ConfigError, LdapSettings, ServerConfig
from server_stub.directory_auth.ldap import Directory, DirectoryUnavailable
from server_stub.directory_import.file_format import DirectoryFileError
from server_stub.directory_import.flat import FlatDocument, FlatPerson, FlatUnit, build_document
from server_stub.directory_settings import LdapImportSettings

log = logging.getLogger("kontor.directory")
MAX_PHOTO_BYTES = 512 * 1024  # AD's thumbnailPhoto is at most 100 KB; a jpegPhoto may be more
JPEG_START = b"\xff\xd8\xff"


@dataclass
class LdapDocument:
    document: FlatDocument
    disabled_keys: frozenset[str]
    entries: int
    photos: dict[str, bytes] = field(default_factory=dict)  # HR key: a JPEG that passed
    photo_problems: list[str] = field(default_factory=list)


def connection_settings(config: ServerConfig) -> tuple[LdapImportSettings, LdapSettings]:
    """[server.directory.ldap] with what it leaves empty taken from [server.ldap]."""
    wanted = config.directory.ldap if config.directory else None
    if wanted is None:
        raise ConfigError("import --ldap needs a [server.directory.ldap] table in kontor.toml "
                          "(see docs/admin.md)")
    sign_in = config.ldap
    url = wanted.url or (sign_in.url if sign_in else "")
    if not url:
        raise ConfigError("directory.ldap.url is empty and there is no [server.ldap] url")
    bind_dn = wanted.bind_dn or (sign_in.service_dn if sign_in else "")
    password_file = wanted.password_file if wanted.bind_dn else (
        sign_in.service_password_file if sign_in else "")
    if not bind_dn:
        raise ConfigError("directory.ldap needs bind_dn and password_file (the sign-in "
                          "has no service account to share)")
    start_tls = wanted.start_tls if wanted.start_tls is not None else bool(
        sign_in and sign_in.start_tls and not wanted.url)
    return wanted, LdapSettings(
        url=url, start_tls=start_tls,
        ca_file=wanted.ca_file or (sign_in.ca_file if sign_in else ""),
        service_dn=bind_dn, service_password_file=password_file, search_base=wanted.base_dn,
        search_filter="(uid={username})", timeout_seconds=wanted.timeout_seconds)


@functools.lru_cache(maxsize=65_536)
def _parts(dn: str) -> tuple[tuple[str, str], ...]:
    """(attribute, value) of each RDN. Most DNs hold no escapes, quotes or multi-valued
    RDNs and split plainly; the others go through ldap3's parser (slow: a third of a
    20,000-person sync's read time went into it)."""
    if not any(char in dn for char in '\\"+#;<>'):
        pairs = [part.split("=", 1) for part in dn.split(",")]
        if all(len(pair) == 2 for pair in pairs):
            return tuple((a.strip(), v.strip()) for a, v in pairs)
    return tuple((str(attr), str(value)) for attr, value, _ in parse_dn(dn))


def _norm(dn: str) -> str:
    """A DN as a comparable key: attribute names and values lower-case, no spaces."""
    return ",".join(f"{attr.lower()}={value.lower()}" for attr, value in _parts(dn))


def _parent(dn: str) -> str:
    return ",".join(f"{attr}={value}" for attr, value in _parts(dn)[1:])


def _rdn_value(dn: str) -> str:
    return _parts(dn)[0][1]


def _first(attributes: dict[str, Any], name: str) -> str:
    if not name:
        return ""
    value = attributes.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").strip()
    return str(value).strip() if value is not None else ""


def _search(conn: ldap3.Connection, base: str, query: str, attributes: list[str],
            page_size: int) -> list[dict[str, Any]]:
    """Every entry found, page after page (RFC 2696); an error is DirectoryUnavailable."""
    found = [entry for entry in conn.extend.standard.paged_search(
        base, query, ldap3.SUBTREE, attributes=attributes, paged_size=page_size,
        generator=True) if entry.get("type") == "searchResEntry"]
    code = conn.result.get("result") if conn.result else 0
    if code not in (0, None):
        raise DirectoryUnavailable(f"search under {base!r} failed: "
                                   f"{conn.result.get('description')} ({code})")
    return found


class _Units:
    """The unit of each person: the OU they sit in, or their department attribute."""

    def __init__(self, settings: LdapImportSettings) -> None:
        self.settings = settings
        self.base = _norm(settings.base_dn)
        self.units: dict[str, FlatUnit] = {}
        self.units[self.base] = FlatUnit(self.base, _rdn_value(settings.base_dn)[:200],
                                         None, "company")

    def _ou(self, dn: str) -> str:
        """The unit of this container DN, with every OU between it and base_dn."""
        key = _norm(dn)
        if key == self.base or not key.endswith("," + self.base):
            return self.base
        if key not in self.units:
            parent = self._ou(_parent(dn))
            self.units[key] = FlatUnit(key, _rdn_value(dn)[:200], parent)
        return key

    def of(self, dn: str, attributes: dict[str, Any]) -> str:
        if self.settings.departments == "ou":
            return self._ou(_parent(dn))
        name = _first(attributes, self.settings.department_attribute)
        if not name:
            return self.base
        key = f"department:{name}"
        self.units.setdefault(key, FlatUnit(key, name[:200], self.base))
        return key


def _photo(entry: dict[str, Any], attribute: str, problems: list[str]) -> bytes | None:
    raw = entry.get("raw_attributes", {}).get(attribute) if attribute else None
    if not raw:
        return None
    data = raw[0]
    if not data.startswith(JPEG_START):
        problems.append(f"{entry['dn']}: {attribute} is not a JPEG image")
    elif len(data) > MAX_PHOTO_BYTES:
        problems.append(f"{entry['dn']}: {attribute} has {len(data):,} bytes, more than "
                        f"{MAX_PHOTO_BYTES:,}")
    else:
        return bytes(data)
    return None


def _people(settings: LdapImportSettings, entries: list[dict[str, Any]],
            photo_problems: list[str],
            ) -> tuple[list[FlatPerson], list[FlatUnit], dict[str, bytes]]:
    """The people and units of the entries found, and their photos that passed, by key."""
    names = settings.attributes
    units = _Units(settings)
    key_of: dict[str, str] = {}
    problems: list[str] = []
    for entry in entries:
        key = _first(entry["attributes"], names.key)
        if key:
            key_of[_norm(entry["dn"])] = key
    people = []
    photos: dict[str, bytes] = {}
    for entry in entries:
        dn, attributes = entry["dn"], entry["attributes"]
        key = _first(attributes, names.key)
        family = _first(attributes, names.family_name)
        if not key or not family:
            missing = [name for name, value in ((names.key, key),
                                                (names.family_name, family)) if not value]
            problems.append(f"{dn}: no {' and no '.join(missing)}")
            continue
        manager_dn = _first(attributes, names.manager)
        manager = None
        if manager_dn:
            try:
                manager = key_of.get(_norm(manager_dn), f"(entry {manager_dn})")
            except LDAPException:
                manager = f"(entry {manager_dn})"
        fields: dict[str, Any] = {name: value for name in ("email", "site", "room", "username")
                                  if (value := _first(attributes, getattr(names, name)))}
        phones = [{"label": label, "number": number[:40]}
                  for attribute, label in names.phones.items()
                  if (number := _first(attributes, attribute))]
        if phones:
            fields["phones"] = phones[:10]
        if (photo := _photo(entry, names.photo, photo_problems)) is not None:
            photos[key] = photo
        people.append(FlatPerson(dn, key, _first(attributes, names.given_name)[:200],
                                 family[:200], units.of(dn, attributes),
                                 title=_first(attributes, names.title)[:200],
                                 manager=manager, fields=fields))
    if problems:
        raise DirectoryFileError(problems)
    return people, list(units.units.values()), photos


def read_ldap(config: ServerConfig) -> LdapDocument:
    """Read and check the directory; raises DirectoryUnavailable (cannot ask it),
    DirectoryFileError (what it holds cannot be imported) or ConfigError."""
    settings, connection = connection_settings(config)
    directory = Directory.from_settings(connection)
    names = settings.attributes
    wanted = sorted({a for a in (names.key, names.given_name, names.family_name, names.email,
                                 names.title, names.manager, names.site, names.room,
                                 names.username, names.photo, *names.phones,
                                 settings.department_attribute if
                                 settings.departments == "attribute" else "") if a})
    conn = directory.service_connection()
    try:
        entries = _search(conn, settings.base_dn, settings.filter, wanted, settings.page_size)
        disabled_dns: set[str] = set()
        if settings.disabled_filter:
            disabled_dns = {_norm(e["dn"]) for e in _search(
                conn, settings.base_dn, f"(&{settings.filter}{settings.disabled_filter})",
                ["1.1"], settings.page_size)}
    except LDAPException as exc:
        raise DirectoryUnavailable(f"{type(exc).__name__}: {exc}") from None
    finally:
        conn.unbind()
    if not entries:
        raise DirectoryFileError([f"the search {settings.filter} under {settings.base_dn} "
                                  "found no people; nothing imported"])
    photo_problems: list[str] = []
    people, units, photos = _people(settings, entries, photo_problems)
    result = LdapDocument(
        build_document(people, units, outside_manager="drop"),
        frozenset(x.key for x in people if _norm(x.where) in disabled_dns), len(entries),
        photos, photo_problems)
    log.info("read %d people and %d units from the directory", len(people), len(units),
             extra={"event": "directory_read", "people": len(people), "units": len(units),
                    "disabled": len(result.disabled_keys)})
    return result
