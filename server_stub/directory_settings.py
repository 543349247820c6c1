"""[server.directory]: where the directory import reads people from (docs/admin.md).

CSV as HR systems export it (a column mapping from the file's headers to the import's
fields) and the company's LDAP directory (an attribute mapping), and when `serve` syncs
the directory by itself. Checked when the configuration loads: a typo in a field name
is an error, never a column silently left out.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

import msgspec

_DAILY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class CsvColumns(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The CSV header of each field; empty: the file has no such column."""

    key: str
    given_name: str
    family_name: str
    email: str = ""
    unit: str = ""
    unit_key: str = ""  # when units have a number beside their name
    title: str = ""
    manager: str = ""  # the manager's HR key
    site: str = ""
    building: str = ""
    room: str = ""
    username: str = ""
    # Each a phone number; the header is its label ("Telefon", "Mobil").
    phones: list[str] = []


class CsvSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    columns: CsvColumns
    # auto: UTF-8 (with or without BOM), else Windows-1252.
    encoding: Literal["auto", "utf-8", "windows-1252"] = "auto"
    # auto: whichever of ; , or tab the header line holds most of.
    delimiter: Literal["auto", ";", ",", "\t"] = "auto"


class LdapAttributes(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The directory attribute of each field; empty: not read."""

    key: str = "uid"  # AD: objectGUID is binary; employeeID or sAMAccountName
    given_name: str = "givenName"
    family_name: str = "sn"
    email: str = "mail"
    title: str = "title"
    manager: str = "manager"  # a DN
    site: str = "l"
    room: str = "roomNumber"
    username: str = "uid"  # AD: sAMAccountName
    phones: dict[str, str] = msgspec.field(
        default_factory=lambda: {"telephoneNumber": "Telefon", "mobile": "Mobil"})
    photo: str = "jpegPhoto"  # AD: thumbnailPhoto


class LdapImportSettings(msgspec.Struct, frozen=True, kw_only=True,
                         forbid_unknown_fields=True):
    """Connection settings left empty are taken from [server.ldap] (sign-in)."""

    base_dn: str
    url: str = ""
    start_tls: bool | None = None
    ca_file: str = ""
    # Empty: the sign-in's service account (service_dn, service_password_file).
    bind_dn: str = ""
    password_file: str = ""
    filter: str = "(objectClass=inetOrgPerson)"  # AD: (&(objectCategory=person)(objectClass=user))
    # Entries that match are disabled: their Kontor accounts are disabled at each sync.
    # OpenLDAP (ppolicy): (pwdAccountLockedTime=*); AD:
    # (userAccountControl:1.2.840.113556.1.4.803:=2).
    disabled_filter: str = ""
    # Departments: "ou" (the organizational unit an entry sits in, with the OU tree as
    # the unit tree) or "attribute" (department_attribute's value, one flat level).
    departments: Literal["ou", "attribute"] = "ou"
    department_attribute: str = "departmentNumber"  # AD: department
    page_size: Annotated[int, msgspec.Meta(ge=1, le=10_000)] = 500
    timeout_seconds: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    attributes: LdapAttributes = LdapAttributes()


class DirectorySettings(msgspec.Struct, frozen=True, kw_only=True,
                        forbid_unknown_fields=True):
    csv: CsvSettings | None = None
    ldap: LdapImportSettings | None = None
    # What `serve` syncs by itself: nothing, the directory, or a CSV file HR drops.
    sync_source: Literal["", "ldap", "csv"] = ""
    sync_file: str = ""  # with sync_source = "csv"
    # Either every so many seconds (from the start) or daily at "HH:MM" local time.
    sync_interval_seconds: Annotated[float, msgspec.Meta(ge=0)] = 0.0
    sync_daily_at: str = ""
    # What a sync does with people no longer in the source (import --prune
    # --disable-accounts) ...
    sync_prune: bool = True
    sync_disable_accounts: bool = True
    # ... unless more than this share of the active people would leave at once (a
    # wrong filter or an empty export): then it writes nothing and logs an error.
    sync_max_leaving_share: Annotated[float, msgspec.Meta(ge=0, le=1)] = 0.1
    # A failed sync is tried again after retry_seconds, doubling up to an hour.
    sync_retry_seconds: Annotated[float, msgspec.Meta(gt=0)] = 60.0

    def __post_init__(self) -> None:
        if self.sync_daily_at and not _DAILY.match(self.sync_daily_at):
            raise ValueError(f"sync_daily_at must be HH:MM, not {self.sync_daily_at!r}")
        if self.sync_source and not (self.sync_interval_seconds or self.sync_daily_at):
            raise ValueError("sync_source needs sync_interval_seconds or sync_daily_at")
        if self.sync_interval_seconds and self.sync_daily_at:
            raise ValueError("set sync_interval_seconds or sync_daily_at, not both")
        if self.sync_source == "csv" and not (self.sync_file and self.csv):
            raise ValueError("sync_source = \"csv\" needs sync_file and [server.directory.csv]")
        if self.sync_source == "ldap" and not self.ldap:
            raise ValueError("sync_source = \"ldap\" needs [server.directory.ldap]")
