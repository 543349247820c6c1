"""Accounts, devices and the audit trail."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.fast_query import FastQuery


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    username: str
    password_hash: str
    person_id: str | None
    is_admin: bool
    disabled: bool
    created_at: int


@dataclass(frozen=True, slots=True)
class Device:
    id: str
    account_id: str
    name: str
    created_at: int
    last_seen_at: int | None
    revoked_at: int | None


def _account(row: sa.Row[Any]) -> Account:
    m = row._mapping
    return Account(
        m["id"], m["username"], m["password_hash"], m["person_id"],
        bool(m["is_admin"]), bool(m["disabled"]), m["created_at"],
    )


def get_account_by_username(conn: sa.Connection, username: str) -> Account | None:
    row = conn.execute(sa.select(t.account).where(t.account.c.username == username)).first()
    return None if row is None else _account(row)


def get_account(conn: sa.Connection, account_id: str) -> Account | None:
    row = conn.execute(sa.select(t.account).where(t.account.c.id == account_id)).first()
    return None if row is None else _account(row)


def list_accounts(conn: sa.Connection) -> list[Account]:
    rows = conn.execute(sa.select(t.account).order_by(t.account.c.username))
    return [_account(r) for r in rows]


def add_account(conn: sa.Connection, account: Account) -> None:
    conn.execute(sa.insert(t.account).values(**_account_row(account)))


def bulk_add_accounts(conn: sa.Connection, accounts: Sequence[Account]) -> None:
    if accounts:
        conn.execute(sa.insert(t.account), [_account_row(a) for a in accounts])


def _account_row(a: Account) -> dict[str, Any]:
    return {
        "id": a.id, "username": a.username, "password_hash": a.password_hash,
        "person_id": a.person_id, "is_admin": a.is_admin, "disabled": a.disabled,
        "created_at": a.created_at,
    }


def set_password_hash(conn: sa.Connection, account_id: str, password_hash: str) -> None:
    conn.execute(
        sa.update(t.account).where(t.account.c.id == account_id).values(password_hash=password_hash)
    )


def set_disabled(conn: sa.Connection, account_id: str, disabled: bool) -> None:
    conn.execute(
        sa.update(t.account).where(t.account.c.id == account_id).values(disabled=disabled)
    )


def add_device(
    conn: sa.Connection, device_id: str, account_id: str, name: str, token_hash: str, now: int
) -> None:
    conn.execute(
        sa.insert(t.device).values(
            id=device_id, account_id=account_id, name=name, token_hash=token_hash,
            created_at=now, last_seen_at=now, revoked_at=None,
        )
    )


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """What the token check needs of a device and its account."""

    device_id: str
    last_seen_at: int | None
    revoked_at: int | None
    account_id: str
    username: str
    person_id: str | None
    is_admin: bool
    disabled: bool


# Every authenticated request runs this; straight on the driver (fast_query.py).
_TOKEN_OWNER = FastQuery(
    sa.select(t.device.c.id, t.device.c.last_seen_at, t.device.c.revoked_at,
              t.account.c.id, t.account.c.username, t.account.c.person_id,
              t.account.c.is_admin, t.account.c.disabled)
    .join(t.account, t.account.c.id == t.device.c.account_id)
    .where(t.device.c.token_hash == sa.bindparam("b_hash", type_=sa.String))
)


def token_owner(conn: sa.Connection, token_hash: str) -> TokenOwner | None:
    rows = _TOKEN_OWNER.rows(conn, {"b_hash": token_hash})
    if not rows:
        return None
    (device_id, last_seen_at, revoked_at, account_id, username, person_id, is_admin,
     disabled) = rows[0]
    return TokenOwner(device_id, last_seen_at, revoked_at, account_id, username, person_id,
                      bool(is_admin), bool(disabled))


def _device(row: sa.Row[Any]) -> Device:
    m = row._mapping
    return Device(
        m["id"], m["account_id"], m["name"], m["created_at"], m["last_seen_at"], m["revoked_at"]
    )


def touch_device(conn: sa.Connection, device_id: str, now: int) -> None:
    conn.execute(sa.update(t.device).where(t.device.c.id == device_id).values(last_seen_at=now))


def list_devices(conn: sa.Connection, account_id: str | None = None) -> list[Device]:
    query = sa.select(t.device).order_by(t.device.c.created_at)
    if account_id is not None:
        query = query.where(t.device.c.account_id == account_id)
    return [_device(r) for r in conn.execute(query)]


def revoke_device(conn: sa.Connection, device_id: str, now: int) -> bool:
    result = conn.execute(
        sa.update(t.device)
        .where(t.device.c.id == device_id, t.device.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount > 0


def device_refusals(conn: sa.Connection, device_ids: Collection[str]) -> dict[str, str]:
    """Of these devices, those whose token no longer works, each with the error code a
    request with it would get (unauthorized: signed out, or never there)."""
    if not device_ids:
        return {}
    rows = conn.execute(
        sa.select(t.device.c.id, t.device.c.revoked_at, t.account.c.disabled)
        .join(t.account, t.account.c.id == t.device.c.account_id)
        .where(t.device.c.id.in_(list(device_ids)))
    ).all()
    found = {row.id: "device_revoked" if row.revoked_at is not None
             else "account_disabled" if row.disabled else "" for row in rows}
    refusals = {device_id: found.get(device_id, "unauthorized") for device_id in device_ids}
    return {device_id: code for device_id, code in refusals.items() if code}


def delete_device(conn: sa.Connection, device_id: str) -> None:
    conn.execute(sa.delete(t.device).where(t.device.c.id == device_id))


def audit(
    conn: sa.Connection, now: int, actor: str, action: str,
    target_kind: str = "", target_id: str = "", detail: dict[str, Any] | None = None,
) -> None:
    conn.execute(
        sa.insert(t.audit_event).values(
            at=now, actor=actor, action=action, target_kind=target_kind,
            target_id=target_id, detail=detail or {},
        )
    )
