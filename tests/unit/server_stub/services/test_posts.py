"""Posts, comments and reactions written by the service, without HTTP: who may write
where (the rule of sync/protocol/rules.py), replays, versions, and what a delete takes.

Spaces of tests/integration/world.py: Vertrieb (company, all three members),
Geheimprojekt (members only: Alice moderates, Bob), Ankündigungen (announcements,
company-wide: Alice moderates).
"""

from __future__ import annotations

import msgspec
import uuid6

from server_stub.services import posts
from server_stub.services.context import WriteContext
from server_stub.storage import spaces as space_store
from sync import protocol as p
from tests.integration.world import Org, World
from tests.unit.server_stub.services.conftest import Run


def new_id() -> str:
    return str(uuid6.uuid7())


def post(space_id: str, text: str = "Hallo", post_id: str | None = None,
         version: int | None = None):
    rid = post_id or new_id()

    def work(ctx: WriteContext) -> p.Post:
        result = posts.put_post(ctx, rid, p.PostWrite(space_id=space_id, text=text), version)
        return msgspec.json.decode(result.body, type=p.Post)

    return work


class TestWhoMayPost:
    def test_members_post_in_their_space(self, run: Run, world: World) -> None:
        written = run(world.carol, post(world.open_space))
        assert (written.author_id, written.version) == (world.carol, 1)

    def test_announcements_only_by_their_moderators(self, run: Run, world: World) -> None:
        assert run(world.alice, post(world.announcements)).space_id == world.announcements
        assert run.refused(world.bob, post(world.announcements),
                           match="Only moderators post announcements") == (403, "moderators_only")

    def test_a_members_only_space_does_not_exist_for_others(
            self, run: Run, world: World) -> None:
        assert run.refused(world.carol, post(world.closed_space),
                           match="no such space") == (404, "space_not_found")

    def test_a_person_outside_a_space_is_no_member(self, run: Run, world: World,
                                                   org: Org) -> None:
        assert run.refused(org.emil, post(world.open_space),
                           match="Only members of this space") == (403, "not_a_member")

    def test_anyone_may_discuss_an_announcement(self, run: Run, world: World,
                                                org: Org) -> None:
        news = run(world.alice, post(world.announcements))
        comment = run(org.emil, lambda ctx: posts.put_comment(
            ctx, new_id(), p.CommentWrite(post_id=news.id, text="Danke!"), None))
        assert comment.status == 200


class TestVersions:
    def test_a_replay_is_answered_with_the_stored_post(self, run: Run, world: World) -> None:
        pid = new_id()
        first = run(world.bob, post(world.open_space, post_id=pid))
        assert run(world.bob, post(world.open_space, post_id=pid)) == first

    def test_an_edit_names_the_version_it_edits(self, run: Run, world: World) -> None:
        pid = new_id()
        run(world.bob, post(world.open_space, post_id=pid))
        assert run.refused(world.bob, post(world.open_space, "Neu", pid),
                           match="needs the version you edit") == (
            428, "version_required")
        assert run.refused(world.bob, post(world.open_space, "Neu", pid, version=7),
                           match="changed meanwhile") == (
            409, "version_conflict")
        assert run(world.bob, post(world.open_space, "Neu", pid, version=1)).version == 2
        assert run.refused(world.carol, post(world.open_space, "Meins", pid, version=2),
                           match="Only the author can change this") == (
            403, "not_author")


class TestDeleting:
    def test_a_post_goes_with_its_comments_and_reactions(self, run: Run, world: World) -> None:
        written = run(world.bob, post(world.open_space))
        comment_id, reaction_id = new_id(), new_id()
        run(world.carol, lambda ctx: posts.put_comment(
            ctx, comment_id, p.CommentWrite(post_id=written.id, text="Gut"), None))
        run(world.alice, lambda ctx: posts.put_reaction(
            ctx, reaction_id, p.ReactionWrite(target_id=comment_id, emoji="👍")))
        assert run.refused(world.carol, lambda ctx: posts.delete_post(
            ctx, written.id, None), match="Only the author or a moderator") == (403, "not_author")
        run(world.bob, lambda ctx: posts.delete_post(ctx, written.id, None))
        assert run.read(lambda conn: space_store.comments_of_post(conn, written.id)) == []
        assert run.read(lambda conn: space_store.reactions_on(conn, comment_id)) == []
        assert run.refused(world.bob, post(world.open_space, post_id=written.id),
                           match="This post was deleted") == (
            410, "deleted")
