"""The flagship guide carries the clinic's article in full, each part in the block made for it."""

import re

import pytest
from bs4 import BeautifulSoup

from blog.models import BlogPage
from demo.management.commands.load_demo_content import DEMO_DIR

GUIDE_URL = "/blog/is-ketamine-therapy-right-for-me/"


def article_lines():
    """The article body as captured, without the first (bot-check banner) and last ("Book Now") lines.

    Bullets and the "1." of numbered groups are list markup, which the blocks render as real lists.
    """
    lines = [line.strip() for line in (DEMO_DIR / "is-ketamine-therapy-right-for-me.txt").read_text().splitlines()]
    lines = [re.sub(r"^(•|\d+\.)\s*", "", line) for line in lines if line]
    assert lines[0].startswith("Verify Approval") and lines[-1] == "Book Now"
    return lines[1:-1]


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def sentence_case(text):
    """The captured article's Title Case headings as the site writes them: "Who Ketamine Therapy Helps Most"
    becomes "Who ketamine therapy helps most"; acronyms (PTSD) and "I" keep their capitals."""

    def lower(word):
        return word if word == "I" or (len(word) > 1 and word.isupper()) else word[:1].lower() + word[1:]

    first, *rest = text.split(" ")
    return " ".join([first, *("-".join(lower(part) for part in word.split("-")) for word in rest)])


def as_written(sentence, text, position):
    """Where the article's sentence stands in the page text from `position`, as captured or in sentence case."""
    found = [at for at in (text.find(form, position) for form in (sentence, sentence_case(sentence))) if at != -1]
    return min(found, default=-1)


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def guide_soup(client, demo_site):
    response = client.get(GUIDE_URL)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def block_text(soup, name):
    blocks = soup.select(f".stream > .block-{name}")
    return [squash(block.get_text(" ")) for block in blocks]


def test_visitor_reads_every_sentence_of_the_article_in_order(guide_soup):
    text = squash(guide_soup.find("article").get_text(" "))
    position = 0
    for line in article_lines():
        for sentence in sentences(line):
            found = as_written(sentence, text, position)
            assert found != -1, f"missing or out of order: {sentence!r}"
            position = found + len(sentence)


def test_article_has_no_words_the_clinic_did_not_write_outside_the_extra_blocks(demo_site):
    """Article blocks hold only the article's own text; the added callout and call to action are separate."""
    guide = BlogPage.objects.get(slug="is-ketamine-therapy-right-for-me")
    lines = article_lines()
    # As captured, and with the lines that are no sentence (headings, list titles) in sentence case.
    article_text = (
        " ".join(lines) + " " + " ".join(line if line.endswith(".") else sentence_case(line) for line in lines)
    )
    for child in guide.body:
        if child.block_type in {"callout", "cta"}:
            continue
        rendered = squash(BeautifulSoup(child.render(), "html.parser").get_text(" "))
        for sentence in sentences(rendered):
            assert sentence in article_text, f"{child.block_type} holds text that is not in the article: {sentence!r}"


def test_audience_groups_are_in_their_own_blocks(guide_soup):
    helps = guide_soup.select(".block-who_it_helps .numbered-items__item h3")
    assert [h.get_text() for h in helps] == [
        "People with treatment-resistant depression",
        "Individuals living with severe anxiety",
        "Those struggling with PTSD or trauma-related symptoms",
        "People experiencing suicidal thoughts",
        "Patients open to an integrated treatment approach",
    ]
    not_for = guide_soup.select(".block-not_right_for .numbered-items__item h3")
    assert [h.get_text() for h in not_for] == [
        "Individuals with certain medical conditions",
        "Those looking for a quick fix",
        "Individuals with active substance abuse",
        "People unwilling to engage in ongoing care",
    ]
    (helps_text,) = block_text(guide_soup, "who_it_helps")
    assert "reduce suicidal ideation more rapidly" in helps_text


def test_benefits_risks_and_questions_are_in_their_own_blocks(demo_site):
    guide = BlogPage.objects.get(slug="is-ketamine-therapy-right-for-me")
    by_type = {child.block_type: child.value for child in guide.body if child.block_type != "section"}

    benefits = by_type["benefits"]
    assert benefits["items"][0]["title"] == "Faster symptom relief compared to traditional antidepressants"
    assert len(benefits["items"]) == 5
    assert "These benefits are not guaranteed" in benefits["closing_note"].source

    risks = by_type["risks"]
    assert [item["title"] for item in risks["items"]] == [
        "Mild nausea",
        "Dizziness",
        "Temporary dissociation",
        "Fatigue after sessions",
    ]
    assert "Common short-term effects may include:" in risks["intro"].source
    assert "serious complications are rare" in risks["closing_note"].source

    questions = by_type["questions"]
    assert [item["title"] for item in questions["items"]] == [
        "What treatments have I already tried?",
        "Am I open to combining this with therapy or coaching?",
        "Do I have any medical conditions that could interfere?",
        "What support system do I have in place?",
    ]
    assert "welcome these questions" in questions["closing_note"].source


def test_prose_parts_are_section_blocks_in_article_order(demo_site):
    guide = BlogPage.objects.get(slug="is-ketamine-therapy-right-for-me")
    assert [child.value["heading"] for child in guide.body if child.block_type == "section"] == [
        "What is ketamine therapy?",
        "How ketamine therapy works in the brain",
        "What a ketamine therapy experience is like",
        "Why setting matters",
        "Is ketamine therapy a long-term solution?",
        "Making an informed decision",
        "Final thoughts",
    ]


def test_guide_ends_with_book_a_consultation_call_to_action(guide_soup, demo_site):
    last = guide_soup.select(".stream > div")[-1]
    assert "block-cta" in last["class"]
    button = last.select_one("a.button")
    assert button.get_text(strip=True) == "Book a consultation"
    assert button["href"] == "/book-a-consultation/"


def test_visitor_in_crisis_sees_the_helpline_near_the_top_of_the_guide(guide_soup):
    box = guide_soup.select_one("main .page__header").find_next_sibling()
    assert "crisis-box" in box["class"] and box["id"] == "crisis-support"
    assert "9-8-8" in box.get_text()
    assert not guide_soup.select(".callout--urgent"), "one crisis treatment, not a second box in the text"


def test_contents_list_every_section_heading(guide_soup):
    toc = [a.get_text() for a in guide_soup.select(".toc__list a")]
    assert toc[:4] == [
        "What is ketamine therapy?",
        "How ketamine therapy works in the brain",
        "Who ketamine therapy helps most",
        "Who ketamine therapy may not be right for",
    ]
    assert len(toc) == 12
    assert len(guide_soup.find_all("h1")) == 1
