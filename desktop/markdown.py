"""Post and comment text, rendered to Qt rich text with markdown-it-py.

Post text comes from colleagues, so it is data, never markup: raw HTML is off, every
piece of text is escaped here, and only the tags written below ever reach a QLabel.
Links open only for http, https and mailto (markdown-it-py checks each destination
with is_safe_url, after it has resolved escapes and entities); any other "link" stays
the text it was typed as, so a post cannot smuggle in `javascript:` or `file:`.

Supported: **bold**, *italic*, `code`, [text](https://...), line breaks, bullet lists
("- ", "* ", "+ "; numbered lists keep their numbers as text), backslash escapes, and
@mentions of the people a post names (shown as person: links, which the card turns
into navigation). Headings, quotes, code blocks, tables and images are not offered:
their markers stay text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from desktop.style import current_colour

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAFE_SCHEME_RE = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+)$", re.IGNORECASE)



def _mention_style() -> str:
    """A mention reads as a name in the link colour, without an underline."""
    return f"color:{current_colour('link')};font-weight:600;text-decoration:none;"


def _code_style() -> str:
    return f"font-family:monospace;background-color:{current_colour('alt')};"


def is_safe_url(url: str) -> bool:
    """Only web and mail links may be opened from a post."""
    return bool(_SAFE_SCHEME_RE.match(url.strip()))


def _mention(state: StateInline, silent: bool) -> bool:
    """"@Given Family" of a person the post names, longest name first (so "@Anna Maria
    Weiß" wins over "@Anna Maria"); never inside a link's text."""
    if state.src[state.pos] != "@" or state.linkLevel > 0:
        return False
    names: Sequence[tuple[str, str]] = state.env.get("mentions", ())
    for name, person_id in names:
        if state.src.startswith(name, state.pos + 1):
            if not silent:
                token = state.push("mention", "", 0)
                token.content = "@" + name
                token.meta = {"person_id": person_id}
            state.pos += 1 + len(name)
            return True
    return False


class _PostMarkdown(MarkdownIt):
    """CommonMark's inline rules we support, lists, and nothing else."""

    def __init__(self) -> None:
        super().__init__("zero", {"html": False, "linkify": False, "typographer": False})
        self.enable(["emphasis", "backticks", "link", "newline", "escape", "list"])
        self.inline.ruler.before("emphasis", "mention", _mention)

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        return is_safe_url(url)

    def normalizeLink(self, url: str) -> str:  # noqa: N802 - markdown-it's name
        """Kept as written (no percent-encoding): it is escaped into the attribute."""
        return url


_md = _PostMarkdown()


def _inline(tokens: list[Token]) -> str:
    out: list[str] = []
    # markdown-it keeps a link whose destination it refused (or an empty one, "[]()")
    # as a link to "": its text stays, as text, and no anchor leads nowhere.
    anchors: list[bool] = []
    for token in tokens:
        kind = token.type
        if kind in ("softbreak", "hardbreak"):
            out.append("<br>")
        elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
            tag = "b" if kind.startswith("strong") else "i"
            out.append(f"<{tag}>" if kind.endswith("_open") else f"</{tag}>")
        elif kind == "code_inline":
            out.append(f'<code style="{_code_style()}">{html.escape(token.content)}</code>')
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            anchors.append(is_safe_url(href))
            if anchors[-1]:
                out.append(f'<a href="{html.escape(href, quote=True)}">')
        elif kind == "link_close":
            if anchors.pop():
                out.append("</a>")
        elif kind == "mention":
            person_id = html.escape(str(token.meta["person_id"]), quote=True)
            out.append(f'<a href="person:{person_id}" style="{_mention_style()}">'
                       f"{html.escape(token.content)}</a>")
        else:  # text, and whatever else: as text
            out.append(html.escape(token.content, quote=True))
    return "".join(out)


def _blocks(tokens: list[Token]) -> str:
    """Paragraphs joined by an empty line, bullet lists as <ul>; numbered items keep
    their number as text, one per line."""
    out: list[str] = []
    previous = ""
    ordered: list[bool] = []
    for token in tokens:
        kind = token.type
        if kind == "paragraph_open" and not token.hidden and previous == "paragraph_close":
            out.append("<br><br>")
        elif kind == "inline":
            out.append(_inline(token.children or []))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered.append(kind == "ordered_list_open")
            if not ordered[-1]:
                out.append("<ul>")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if not ordered.pop():
                out.append("</ul>")
        elif kind == "list_item_open":
            out.append(html.escape(f"{token.info}{token.markup} ") if ordered[-1] else "<li>")
        elif kind == "list_item_close":
            out.append("<br>" if ordered[-1] else "</li>")
        if not (kind.startswith("paragraph") and token.hidden):
            previous = kind
    return "".join(out)


def render(text: str, mentions: Mapping[str, str] | None = None) -> str:
    """Post text -> Qt rich text. mentions maps display names to person ids."""
    clean = _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    names = sorted(((name, pid) for name, pid in (mentions or {}).items() if name),
                   key=lambda pair: -len(pair[0]))
    return _blocks(_md.parse(clean, {"mentions": names}))


def plain_mentions(text: str, names: Mapping[str, str]) -> list[str]:
    """The ids of the people named as "@Given Family" in text, in order, once each."""
    found: list[str] = []
    for name, person_id in sorted(names.items(), key=lambda pair: -len(pair[0])):
        if name and "@" + name in text and person_id not in found:
            found.append(person_id)
    return found
