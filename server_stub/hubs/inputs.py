"""The interactions the analysis weighs, read from the server's own data over a window.

Weights and why (docs/hubs.md): a comment or an answer is a conversation, a mention
asks someone in, a reaction is a light touch, a job connection is a standing working
relationship, a personal connection someone chose to keep.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from server_stub.storage import hubs as store

DAY_MS = 86_400_000

W_COMMENT = 1.0
W_ANSWER = 1.0  # added to the comment when it answers a question across units
W_MENTION = 1.0
W_REACTION = 0.3
W_JOB = 2.0
W_PERSONAL = 1.0
W_HOWTO = 0.5  # using a duty's how-to links the user to the duty's holder


@dataclass(slots=True)
class Inputs:
    """Everything compute() needs, as plain data (tests build it by hand)."""

    person_unit: dict[str, str]
    unit_parent: dict[str, str | None]
    edges: dict[tuple[str, str], float] = field(default_factory=dict)
    answers: list[tuple[str, str]] = field(default_factory=list)  # (answerer, asker)
    job_pairs: list[tuple[str, str]] = field(default_factory=list)  # (holder, holder)
    howto_use: list[tuple[str, str]] = field(default_factory=list)  # (owner, user)
    volume: dict[str, int] = field(default_factory=dict)  # interactions read, per kind

    def add(self, a: str, b: str, weight: float) -> None:
        """Undirected weight between two people of the directory; self-loops are dropped."""
        if a == b or a not in self.person_unit or b not in self.person_unit:
            return
        key = (a, b) if a < b else (b, a)
        self.edges[key] = self.edges.get(key, 0.0) + weight


def read_inputs(conn: sa.Connection, now: int, window_days: int) -> Inputs:
    shape = store.org_shape(conn)
    inputs = Inputs(shape.person_unit, shape.unit_parent)
    since = now - window_days * DAY_MS
    owners: dict[str, str] = dict(store.howto_owners(conn))
    volume = inputs.volume
    for commenter, author, post_id, post_kind, question in store.comments_since(conn, since):
        volume["comments"] = volume.get("comments", 0) + 1
        inputs.add(commenter, author, W_COMMENT)
        if question and commenter != author:
            inputs.answers.append((commenter, author))
            if inputs.person_unit.get(commenter) != inputs.person_unit.get(author):
                inputs.add(commenter, author, W_ANSWER)
        owner = owners.get(post_id) if post_kind == "howto" else None
        if owner is not None:
            inputs.howto_use.append((owner, commenter))
            inputs.add(owner, commenter, W_HOWTO)
    for writer, mentioned in store.mentions_since(conn, since):
        for other in mentioned:
            volume["mentions"] = volume.get("mentions", 0) + 1
            inputs.add(writer, other, W_MENTION)
    for person, author in store.reactions_since(conn, since):
        volume["reactions"] = volume.get("reactions", 0) + 1
        inputs.add(person, author, W_REACTION)
    for a, b in store.job_connections(conn):
        volume["job_connections"] = volume.get("job_connections", 0) + 1
        inputs.job_pairs.append((a, b))
        inputs.add(a, b, W_JOB)
    for a, b in store.personal_connections(conn):
        volume["personal_connections"] = volume.get("personal_connections", 0) + 1
        inputs.add(a, b, W_PERSONAL)
    return inputs
