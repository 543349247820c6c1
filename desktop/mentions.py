"""Who a text names: "@Vorname Nachname" looked up in the directory.

Posts and comments must name people the same way, or a colleague would be notified
of a post but not of a comment that says the same; so the compose box and the comment
box both ask here. The ids go with the write (the server notifies them), and the
renderer turns the same names into links.
"""

from __future__ import annotations

import re

from desktop.markdown import plain_mentions
from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.read.people import list_people

# "@Given Family" or "@Given Middle Family": candidates, looked up in the directory.
_MENTION_RE = re.compile(r"@(\w[\w'-]*(?: \w[\w'-]*){1,2})")


def _candidates(found: str) -> list[str]:
    """"Max Müller kommst" may be "Max Müller" followed by a word: try the longest
    name first, then the shorter one, as the directory search wants every word."""
    words = found.split(" ")
    return [" ".join(words[:n]) for n in range(len(words), 1, -1)]


def resolve_mentions(cache: Cache, text: str) -> list[str]:
    """The ids of the people text names with "@", in order, once each (at most the
    server's limit). A name that matches nobody stays plain text."""
    names: dict[str, str] = {}
    for found in set(_MENTION_RE.findall(text)):
        for candidate in _candidates(found):
            matches = {person.display_name: person.id
                       for person in list_people(cache, candidate, limit=5)
                       if candidate.startswith(person.display_name)}
            names.update(matches)
            if matches:
                break
    return plain_mentions(text, names)[:p.MAX_MENTIONS]
