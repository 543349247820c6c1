"""Local writes: each becomes an outbox item with its final, client-made UUIDv7 id.

The item is stored before anything is sent, so a crash, a closed laptop or a dead
network never loses it; the engine sends items in order and removes each only after
the server's answer.
"""

from __future__ import annotations

import msgspec
import uuid6

from sync import protocol as p
from sync.cache import outbox
from sync.cache.db import Cache
from sync.cache.outbox import OutboxItem


class WriteError(Exception):
    """The write cannot even be queued (unknown space, empty text)."""


def new_id() -> str:
    return str(uuid6.uuid7())


def _enqueue(cache: Cache, record_id: str, kind: str, method: str, path: str,
             body: msgspec.Struct | None, if_match: int | None = None) -> OutboxItem:
    payload = msgspec.json.encode(body) if body is not None else b""
    item = OutboxItem.new(id=record_id, kind=kind, method=method, path=path, body=payload,
                          if_match=if_match)
    return outbox.enqueue(cache, item)


def queue_post(cache: Cache, space_id: str, text: str, post_kind: str = "post",
               mentions: list[str] | None = None) -> OutboxItem:
    text = text.strip()
    if not text:
        raise WriteError("A post needs some text.")
    if not p.is_uuid(space_id):
        space_id = _space_by_name(cache, space_id)
    try:
        body = p.PostWrite(space_id=space_id, text=text, post_kind=post_kind,  # type: ignore[arg-type]
                           mentions=mentions or [])
        msgspec.json.decode(msgspec.json.encode(body), type=p.PostWrite)  # checks the caps
    except msgspec.ValidationError as exc:
        raise WriteError(f"The post cannot be sent: {exc}") from None
    post_id = new_id()
    return _enqueue(cache, post_id, "post", "PUT", f"/api/v1/posts/{post_id}", body)


def queue_post_edit(cache: Cache, post: p.Post, text: str) -> OutboxItem:
    """Edits and deletes get an item id of their own: the post's id may still be waiting
    as its creation, and each operation must be removed on its own answer."""
    body = p.PostWrite(space_id=post.space_id, text=text.strip(), post_kind=post.post_kind,
                       mentions=post.mentions)
    return _enqueue(cache, new_id(), "post_edit", "PUT", f"/api/v1/posts/{post.id}", body,
                    if_match=post.version)


def queue_post_delete(cache: Cache, post_id: str) -> OutboxItem:
    return _enqueue(cache, new_id(), "delete_post", "DELETE", f"/api/v1/posts/{post_id}",
                    None)


def queue_comment(cache: Cache, post_id: str, text: str,
                  mentions: list[str] | None = None) -> OutboxItem:
    text = text.strip()
    if not text:
        raise WriteError("A comment needs some text.")
    comment_id = new_id()
    body = p.CommentWrite(post_id=post_id, text=text, mentions=mentions or [])
    return _enqueue(cache, comment_id, "comment", "PUT", f"/api/v1/comments/{comment_id}", body)


def queue_reaction(cache: Cache, target_id: str, emoji: str) -> OutboxItem:
    reaction_id = new_id()
    body = p.ReactionWrite(target_id=target_id, emoji=emoji)
    return _enqueue(cache, reaction_id, "reaction", "PUT", f"/api/v1/reactions/{reaction_id}",
                    body)


def queue_profile(cache: Cache, person_id: str, update: p.ProfileUpdate) -> OutboxItem:
    return _enqueue(cache, new_id(), "profile", "PATCH", "/api/v1/me", update)


def queue_connection(cache: Cache, to_person_id: str, note: str) -> OutboxItem:
    connection_id = new_id()
    body = p.ConnectionWrite(to_person_id=to_person_id, note=note)
    return _enqueue(cache, connection_id, "connection", "PUT",
                    f"/api/v1/connections/{connection_id}", body)


def _space_by_name(cache: Cache, name: str) -> str:
    from sync.cache import reader

    wanted = name.strip().casefold()
    matches = [s for s in reader.list_spaces(cache) if s.name.casefold() == wanted]
    if len(matches) != 1:
        raise WriteError(f"No single space is called {name!r}; use its id.")
    return matches[0].id


def queue_connection_delete(cache: Cache, connection_id: str) -> OutboxItem:
    """The item gets its own id: the connection's id may still wait as its creation."""
    return _enqueue(cache, new_id(), "delete_connection", "DELETE",
                    f"/api/v1/connections/{connection_id}", None)


def queue_reaction_delete(cache: Cache, reaction_id: str) -> OutboxItem:
    """Taking a reaction back; its own item id, as the reaction may still be waiting."""
    return _enqueue(cache, new_id(), "delete_reaction", "DELETE",
                    f"/api/v1/reactions/{reaction_id}", None)
