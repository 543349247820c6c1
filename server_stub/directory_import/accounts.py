"""Linking accounts to imported people: which links a file may make, and making them.

An account linked to a person acts as that person on every device signed in with it.
An HR file that names a username for someone else would otherwise hand an existing
account (an admin's too) and its signed-in devices to another person without anyone
noticing. So a file may link free accounts; moving a linked one needs --relink (its
devices are signed out), and no person ever gets a second account.
"""

from __future__ import annotations

import msgspec
import sqlalchemy as sa

from server_stub.directory_import.file_format import DirectoryFileError, PersonEntry
from server_stub.storage import accounts, import_keys
from server_stub.storage.import_keys import AccountLink


class AccountChanges(msgspec.Struct, kw_only=True):
    """Usernames for the summary, account ids for the audit trail (which holds no names)."""

    linked: list[str] = []
    relinked: list[str] = []
    linked_ids: list[str] = []
    relinked_ids: list[str] = []
    disabled: list[str] = []
    disabled_ids: list[str] = []
    devices_revoked: int = 0


class AccountPlan:
    """The links a file asks for, checked before anything is written."""

    def __init__(self, conn: sa.Connection, people: list[PersonEntry],
                 person_ids: dict[str, str], relink: bool,
                 missing_ok: bool = False) -> None:
        """person_ids: HR key -> the record id that person has (or will get).

        missing_ok: a username with no account yet is left unlinked (the directory
        names everyone's user name; accounts are made as people start using Kontor).
        """
        self.conn = conn
        named = [(i, x) for i, x in enumerate(people) if x.username is not None]
        self.accounts = import_keys.accounts_by_username(
            conn, {x.username for _, x in named if x.username is not None})
        holders = import_keys.accounts_by_person(
            conn, {person_ids[x.key] for _, x in named})
        in_file = {x.username for _, x in named}
        problems: list[str] = []
        self.wanted: list[tuple[AccountLink, str]] = []  # (account, person) to link
        for index, entry in named:
            where = f"people[{index}] (key {entry.key!r})"
            account = self.accounts.get(entry.username or "")
            person_id = person_ids[entry.key]
            if account is None:
                if missing_ok:
                    continue
                problems.append(f"{where}: there is no account {entry.username!r} "
                                "(create it with kontor-server user add)")
                continue
            if account.person_id == person_id:
                continue
            if account.person_id is not None and not relink:
                problems.append(f"{where}: account {entry.username!r} belongs to another "
                                "person; give --relink to move it (its devices are "
                                "signed out)")
                continue
            other = holders.get(person_id)
            if other is not None and other.username not in in_file:
                problems.append(f"{where}: this person already has the account "
                                f"{other.username!r}; a person has one account")
                continue
            self.wanted.append((account, person_id))
        if problems:
            raise DirectoryFileError(problems)

    def apply(self, now: int) -> AccountChanges:
        changes = AccountChanges()
        for account, person_id in self.wanted:
            import_keys.link_account(self.conn, account.account_id, person_id)
            if account.person_id is None:
                changes.linked.append(account.username)
                changes.linked_ids.append(account.account_id)
            else:
                changes.relinked.append(account.username)
                changes.relinked_ids.append(account.account_id)
                changes.devices_revoked += import_keys.revoke_account_devices(
                    self.conn, account.account_id, now)
        return changes


def disable_accounts_of(conn: sa.Connection, person_ids: set[str], now: int,
                        changes: AccountChanges) -> None:
    """--prune --disable-accounts: people who left cannot sign in any more.

    Marking a person left changes the directory only; the account linked to them would
    still sign in and act as them. Disabling here is `kontor-server user disable` for
    each of them: sign-ins refused, devices signed out.
    """
    for link in import_keys.enabled_accounts_of(conn, person_ids):
        accounts.set_disabled(conn, link.account_id, True)
        changes.devices_revoked += import_keys.revoke_account_devices(
            conn, link.account_id, now)
        changes.disabled.append(link.username)
        changes.disabled_ids.append(link.account_id)
