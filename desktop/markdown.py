"""A safe Markdown subset for posts and comments, rendered to Qt rich text.

Post text comes from colleagues, so it is data, never markup: everything is escaped
first (html.escape), and only then are the few constructs we support turned into tags
we write ourselves. No raw HTML from the input ever reaches a QLabel, and links only
open for http, https and mailto, so a post cannot smuggle in `javascript:` or `file:`.

Supported: **bold**, *italic*, `code`, [text](https://...), line breaks, "- " bullet
lists, and @mentions of the people a post names (shown as person: links, which the
card turns into navigation).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

# Placeholders keep finished fragments (code, links) away from later passes. NUL never
# survives the input cleaning below, so input cannot forge a placeholder.
_HOLD = "\x00"
_HOLD_RE = re.compile(_HOLD + r"(\d+)" + _HOLD)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_CODE_RE = re.compile(r"`([^`\n]+)`")
_LINK_RE = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BOLD_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC_RE = re.compile(r"(?<![\*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\*\w])")
_SAFE_SCHEME_RE = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+)$", re.IGNORECASE)

MENTION_STYLE = "color:#1a5fb4;font-weight:600;text-decoration:none;"
CODE_STYLE = "font-family:monospace;background-color:#eeeeee;"


def is_safe_url(url: str) -> bool:
    """Only web and mail links may be opened from a post."""
    return bool(_SAFE_SCHEME_RE.match(url.strip()))


class _Inline:
    """Renders one line of already escaped text; holds the placeholder fragments."""

    def __init__(self, mentions: Mapping[str, str]) -> None:
        # Longest names first, so "@Anna Maria Weiß" wins over "@Anna Maria".
        self.mentions = sorted(
            ((html.escape(name, quote=True), pid) for name, pid in mentions.items() if name),
            key=lambda pair: -len(pair[0]),
        )
        self.held: list[str] = []

    def hold(self, fragment: str) -> str:
        self.held.append(fragment)
        return f"{_HOLD}{len(self.held) - 1}{_HOLD}"

    def render(self, escaped: str) -> str:
        text = _CODE_RE.sub(
            lambda m: self.hold(f'<code style="{CODE_STYLE}">{m.group(1)}</code>'), escaped)
        text = _LINK_RE.sub(self._link, text)
        for name, person_id in self.mentions:
            text = text.replace(
                "@" + name,
                self.hold(f'<a href="person:{html.escape(person_id, quote=True)}" '
                          f'style="{MENTION_STYLE}">@{name}</a>'),
            )
        return self.restore(self.emphasis(text))

    @staticmethod
    def emphasis(text: str) -> str:
        text = _BOLD_RE.sub(r"<b>\1</b>", text)
        return _ITALIC_RE.sub(r"<i>\1</i>", text)

    def _link(self, match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        # The url is escaped text: turn &amp; back for the check, keep it escaped in
        # the attribute (quotes are &quot;, so it cannot leave the attribute).
        if not is_safe_url(html.unescape(url)):
            return match.group(0)
        return self.hold(f'<a href="{url}">{self.restore(self.emphasis(label))}</a>')

    def restore(self, text: str) -> str:
        # Fragments may hold other fragments (a code span inside a link label).
        while _HOLD in text:
            text = _HOLD_RE.sub(lambda m: self.held[int(m.group(1))], text)
        return text


def render(text: str, mentions: Mapping[str, str] | None = None) -> str:
    """Post text -> Qt rich text. mentions maps display names to person ids."""
    clean = _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    inline = _Inline(mentions or {})
    # Blocks: runs of plain lines (joined by <br>) and runs of bullets (one <ul>).
    blocks: list[tuple[bool, list[str]]] = []
    for line in clean.split("\n"):
        is_bullet = line.startswith("- ")
        body = inline.render(html.escape(line[2:] if is_bullet else line, quote=True))
        if blocks and blocks[-1][0] == is_bullet:
            blocks[-1][1].append(body)
        else:
            blocks.append((is_bullet, [body]))
    out: list[str] = []
    for is_list, parts in blocks:
        if is_list:
            out.append("<ul>" + "".join(f"<li>{part}</li>" for part in parts) + "</ul>")
        else:
            out.append("<br>".join(parts))
    return "".join(out)


def plain_mentions(text: str, names: Mapping[str, str]) -> list[str]:
    """The ids of the people named as "@Given Family" in text, in order, once each."""
    found: list[str] = []
    for name, person_id in sorted(names.items(), key=lambda pair: -len(pair[0])):
        if name and "@" + name in text and person_id not in found:
            found.append(person_id)
    return found
