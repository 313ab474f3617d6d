"""The narration's small Markdown subset, as Qt rich text or plain text.

``**bold**``, ``*italic*``, ```code```, ``- bullet`` lists and ``#`` headings; everything else is
escaped, so narration (and speaker notes) can never inject markup.
"""
from __future__ import annotations

import html
import re

_INLINE = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*)")


def _inline(text: str) -> str:
    out = []
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            code = html.escape(part[1:-1])
            stripped = code.lstrip(" ")
            # keep a code line's indentation (``    param.requires_grad = False``)
            out.append(f"<code>{'&nbsp;' * (len(code) - len(stripped))}{stripped}</code>")
        elif part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append(f"<b>{html.escape(part[2:-2])}</b>")
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append(f"<i>{html.escape(part[1:-1])}</i>")
        else:
            out.append(html.escape(part))
    return "".join(out)


def markdown_to_html(text: str) -> str:
    """The narration subset as (Qt rich-text) HTML: paragraphs, ``- `` bullets, bold, italic, code.

    Everything else is escaped, so narration can never inject markup."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("<p>" + "<br/>".join(_inline(p) for p in paragraph) + "</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(("- ", "* ", "• ")):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        elif line.startswith("#"):
            flush()
            blocks.append(f"<h3>{_inline(line.lstrip('#').strip())}</h3>")
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return "\n".join(blocks)


def markdown_to_plain(text: str) -> str:
    """Narration without markup (for tooltips, list entries and exported captions)."""
    plain = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    plain = re.sub(r"\*([^*\s][^*]*)\*", r"\1", plain)
    return plain.replace("`", "")
