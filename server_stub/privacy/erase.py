"""Erasure on request (Art. 17 GDPR; docs/privacy.md, "Erasure").

The person is anonymised (anonymise.py), then what they wrote goes: every comment and
reaction of theirs, and every post of theirs that nobody else replied to. A post others
replied to stays, under "Former colleague": removing it would take the colleagues'
replies with it, and those are the colleagues' own contributions. Their accounts and
devices are deleted, the HR key that pointed at them is forgotten, and audit entries
they made keep the entry but lose the user name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from server_stub.privacy.anonymise import Anonymised, anonymise_person
from server_stub.privacy.content import Removed, remove_comment, remove_post, remove_reaction
from server_stub.services import audit
from server_stub.services.context import WriteContext
from server_stub.storage import records
from server_stub.storage import spaces as space_store
from server_stub.storage import tables as t
from sync import protocol as p

ERASED_ACTOR = "erased-person"


@dataclass
class Erased:
    anonymised: Anonymised = field(default_factory=Anonymised)
    removed: Removed = field(default_factory=Removed)
    posts_kept: int = 0  # others replied: kept under the former colleague
    accounts_deleted: int = 0

    def counts(self) -> dict[str, int]:
        return {**self.anonymised.counts(), **self.removed.counts(),
                "posts_kept": self.posts_kept, "accounts_deleted": self.accounts_deleted}


def erase_person(ctx: WriteContext, person: p.Person) -> Erased:
    """Erase in this transaction; one audit entry with the counts."""
    done = Erased(anonymised=anonymise_person(ctx, person, "person.erase.anonymise"))
    pid = person.id
    for reaction in records.get_typed(ctx.conn, "reaction", p.Reaction,
                                      t.reaction.c.person_id == pid):
        remove_reaction(ctx, reaction)
        done.removed.reactions += 1
    for comment in records.get_typed(ctx.conn, "comment", p.Comment,
                                     t.comment.c.author_id == pid):
        if records.get_record(ctx.conn, "comment", comment.id) is not None:
            done.removed.add(remove_comment(ctx, comment))
    for post in records.get_typed(ctx.conn, "post", p.Post, t.post.c.author_id == pid):
        if any(c.author_id != pid for c in space_store.comments_of_post(ctx.conn, post.id)):
            done.posts_kept += 1
        else:
            done.removed.add(remove_post(ctx, post))
    accounts = ctx.conn.execute(sa.select(t.account.c.id, t.account.c.username)
                                .where(t.account.c.person_id == pid)).all()
    for account_id, username in accounts:
        ctx.conn.execute(sa.delete(t.device).where(t.device.c.account_id == account_id))
        ctx.conn.execute(sa.delete(t.account).where(t.account.c.id == account_id))
        ctx.conn.execute(sa.update(t.audit_event).where(t.audit_event.c.actor == username)
                         .values(actor=ERASED_ACTOR))
        done.accounts_deleted += 1
    ctx.conn.execute(sa.delete(t.import_key).where(t.import_key.c.kind == "person",
                                                   t.import_key.c.record_id == pid))
    audit.record(ctx, "person.erase", "person", pid, **done.counts())
    return done
