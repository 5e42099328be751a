"""Tidying rich text pasted from Word and Google Docs, applied when a block or field is saved.

Draftail already drops the styles and tags a field does not allow; what it keeps are Word's comment
markers typed into the text ("[MM1]"), paragraphs left empty by line breaks, and empty headings.
"""

import re

COMMENT_MARKER = re.compile(r"\[[A-Z]{1,4}\d{1,3}\]")
BLANK = r"(?:\s|&nbsp;|&#160;|\u00a0|<br\s*/?>)*"
EMPTY_PARAGRAPH = re.compile(rf"<p(?:\s[^>]*)?>{BLANK}</p>", re.IGNORECASE)
EMPTY_HEADING = re.compile(rf"<h([1-6])(?:\s[^>]*)?>{BLANK}</h\1>", re.IGNORECASE)


def tidy_pasted_html(html):
    """The same rich text without comment markers, empty paragraphs or empty headings."""
    if not html:
        return html
    html = COMMENT_MARKER.sub("", html)
    html = EMPTY_HEADING.sub("", html)
    return EMPTY_PARAGRAPH.sub("", html).strip()
