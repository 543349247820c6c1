"""The reactions a post card offers, each drawn with Kontor's own icon.

The emoji stays what is stored and sent (the protocol's reaction value); the screen
never draws it as text, because where no colour-emoji font is installed (most Linux
desktops, Windows Server terminals) it comes out as an empty box. Each reaction has a
name for screen readers and tooltips instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.qt import QT_TRANSLATE_NOOP, QCoreApplication


@dataclass(frozen=True)
class Reaction:
    emoji: str  # the value stored and sent
    icon: str  # resources/icons/<icon>.svg
    name: str  # English source text, translated in the "Reaction" context

    def label(self) -> str:
        return QCoreApplication.translate("Reaction", self.name)


REACTIONS = (
    Reaction("👍", "reaction-thumbs-up", QT_TRANSLATE_NOOP("Reaction", "Thumbs up")),
    Reaction("🎉", "reaction-celebrate", QT_TRANSLATE_NOOP("Reaction", "Celebrate")),
    Reaction("❤️", "reaction-heart", QT_TRANSLATE_NOOP("Reaction", "Heart")),
    Reaction("😄", "reaction-laugh", QT_TRANSLATE_NOOP("Reaction", "Laugh")),
)
BY_EMOJI = {reaction.emoji: reaction for reaction in REACTIONS}


def reaction_label(emoji: str) -> str:
    """The reaction's name as a person reads it; an emoji from elsewhere (another
    client, the demo data) that has no icon here is named by itself."""
    known = BY_EMOJI.get(emoji)
    return known.label() if known is not None else emoji
