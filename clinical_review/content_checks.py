"""Content checks for health pages, shown in the editor's Checks panel beside Wagtail's own.

Contract: `findings(page)` returns the problems found in the page's text as `Finding`s; it never raises
and never blocks saving or publishing. Wagtail's Checks panel runs axe-core in the preview; each finding
becomes one custom axe rule there (see `ContentChecksItem` in wagtail_hooks.py), so editors meet these
checks where they already look for word count, reading time and accessibility.
"""

import re
from dataclasses import dataclass, field
from html import unescape

from django.utils.html import strip_tags

MAX_READING_GRADE = 8  # what patient-education material is written to (US grade level)

# Outcome promises no treatment can honestly make.
PROMISE = re.compile(
    r"\b(guarantee[sd]?|guaranteeing|cures?|cured|100\s?% (?:effective|success(?:ful)?)|no side[- ]effects"
    r"|risk[- ]free|permanent(?:ly)? (?:fix|cure|relief))\b",
    re.IGNORECASE,
)
# "not a miracle cure", "are not guaranteed", "there is no cure": an honest denial, not a promise.
DENIAL = re.compile(r"\b(not|no|never|isn't|aren't|cannot|can't|won't|nor)\b(\W+\w+){0,2}\W*$", re.IGNORECASE)
MENTIONS_SUICIDE = re.compile(r"\bsuicid|\bself[-\s]?harm", re.IGNORECASE)
VAGUE_LINK_TEXT = re.compile(r"^\W*(click here|here|click|read more|more|this link|link|this)\W*$", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)


@dataclass
class Finding:
    check: str  # one of CHECKS
    details: list = field(default_factory=list)


CHECKS = {
    "reading-grade": ("Reading level above grade 8", "Use shorter sentences and everyday words."),
    "outcome-promise": ("Promises an outcome", "No treatment is certain: say what may help, and for whom."),
    "crisis-box-missing": (
        "Mentions suicide or self-harm without the crisis box",
        "Tick “Touches on suicide or self-harm” so readers see where to get help now.",
    ),
    "image-alt-missing": ("Image without alt text", "Describe the image, or tick “Decorative”."),
    "vague-link-text": ("Link text says “click here”", "Say where the link goes, e.g. “Book a consultation”."),
}


# --- Reading grade ------------------------------------------------------------------------------------
def syllables(word):
    """An English syllable estimate: groups of vowels, less a silent final "e" (never fewer than one)."""
    word = word.lower()
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def reading_grade(text):
    """The Flesch-Kincaid grade level of the text, or None when there are no words to grade.

    Grade = 0.39 × words per sentence + 11.8 × syllables per word − 15.59 (Kincaid et al., 1975).
    Written here rather than taken from textstat, which brings NLTK along for this one formula.
    """
    sentences = [s for s in SENTENCE_END.split(text.strip()) if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if not words or not sentences:
        return None
    per_sentence = len(words) / len(sentences)
    per_word = sum(syllables(word) for word in words) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


# --- Promises ---------------------------------------------------------------------------------------------
def outcome_promises(text):
    """The sentences that promise an outcome; a sentence that denies the promise ("not a miracle cure") is fine."""
    found = []
    for sentence in SENTENCE_END.split(text):
        for match in PROMISE.finditer(sentence):
            if not DENIAL.search(sentence[: match.start()]):
                found.append(sentence.strip())
                break
    return found


# --- Links and images, read from the stored stream ----------------------------------------------------------
def vague_links(raw):
    """Link texts such as "click here" anywhere in a stream's stored data (rich text links and link blocks)."""
    found = []
    for value in _walk(raw):
        if isinstance(value, str):
            found += [text for text in (_plain(m) for m in LINK.findall(value)) if VAGUE_LINK_TEXT.match(text)]
        elif isinstance(value, dict) and "label" in value and ("external_url" in value or "page" in value):
            if value.get("label") and VAGUE_LINK_TEXT.match(value["label"]):
                found.append(value["label"])
    return found


def images_without_alt(raw):
    """Captions (or "an image") of image blocks that have neither alt text nor the decorative mark."""
    return [
        value.get("caption") or "an image"
        for value in _walk(raw)
        if isinstance(value, dict)
        and "image" in value
        and "alt_text" in value
        and value.get("image")
        and not value.get("decorative")
        and not (value.get("alt_text") or "").strip()
    ]


def _walk(raw):
    yield raw
    if isinstance(raw, dict):
        for value in raw.values():
            yield from _walk(value)
    elif isinstance(raw, list):
        for value in raw:
            yield from _walk(value)


def _plain(html):
    return " ".join(unescape(strip_tags(html)).split())


# --- The page -------------------------------------------------------------------------------------------
def page_text(page):
    """What a reader reads on the page: its title, summary, introduction and every block's text."""
    from site_pages.blocks import stream_text

    parts = [page.title, getattr(page, "summary", ""), _plain(str(getattr(page, "introduction", "") or ""))]
    body = getattr(page, "body", None)
    if body is not None:
        parts += [_plain(text) for text in stream_text(body)]
    # Each part ends a sentence: a heading without a full stop must not run into the next paragraph.
    return " ".join(part.strip().rstrip(".") + "." for part in parts if part and part.strip())


def findings(page):
    """Every content check the page fails, in the order of CHECKS."""
    text = page_text(page)
    raw = getattr(getattr(page, "body", None), "raw_data", [])
    results = []
    grade = reading_grade(text)
    if grade is not None and grade > MAX_READING_GRADE:
        results.append(Finding("reading-grade", [f"Reading grade {grade:g} (aim for {MAX_READING_GRADE} or below)."]))
    if promises := outcome_promises(text):
        results.append(Finding("outcome-promise", promises))
    if hasattr(page, "touches_on_suicide") and not page.touches_on_suicide and MENTIONS_SUICIDE.search(text):
        results.append(Finding("crisis-box-missing"))
    missing_alt = images_without_alt(list(raw))
    if getattr(page, "hero_image_id", None) and not page.hero_decorative and not page.hero_alt_text.strip():
        missing_alt.insert(0, "the hero image")
    if missing_alt:
        results.append(Finding("image-alt-missing", missing_alt))
    if links := vague_links(list(raw)):
        results.append(Finding("vague-link-text", links))
    return results
