"""The block library: every StreamField block that page bodies use.

Contract: the names under which blocks are mounted in `BodyBlock` (`section`, `who_it_helps`,
`benefits`, ...) are stored in the database with every page revision, and the item lists of the
audience, benefit, risk and question blocks are stored under the key `items`. Renaming either
needs a data migration.

Each block carries its own heading, so moving a block moves the whole section and the page's
table of contents (built from `toc_entries`) follows the blocks in their current order.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText, get_text_for_indexing

from site_pages.pasted_text import tidy_pasted_html

INLINE_FEATURES = ["bold", "italic", "link"]
PROSE_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class TidyRichTextBlock(blocks.RichTextBlock):
    """Rich text that drops what pasting from Word or Google Docs leaves behind (see site_pages.pasted_text)."""

    def clean(self, value):
        value = super().clean(value)
        return RichText(tidy_pasted_html(value.source))


class ItemsBlock(blocks.ListBlock):
    """A list whose "too few" and "too many" errors say in plain words what to do."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ListBlockValidationError as error:
            count = len(self.normalize(value))
            messages = []
            if not self.is_deferred_validation and self.meta.min_num and count < self.meta.min_num:
                wanted = "one item" if self.meta.min_num == 1 else f"{self.meta.min_num} items"
                messages.append(ValidationError(f"Add at least {wanted}."))
            if self.meta.max_num is not None and count > self.meta.max_num:
                messages.append(
                    ValidationError(f"Remove {count - self.meta.max_num}: at most {self.meta.max_num} fit here.")
                )
            raise ListBlockValidationError(block_errors=error.block_errors, non_block_errors=messages) from None


class LinkValue(blocks.StructValue):
    @property
    def url(self):
        page = self.get("page")
        return page.url if page else self.get("external_url") or ""

    @property
    def text(self):
        return self.get("label") or (self.get("page").title if self.get("page") else "")


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to another website, with the text people see.

    `LinkBlock(required=False)` may also be left empty (its owner then decides where it goes), but a
    link that is given still names exactly one target.
    """

    label = blocks.CharBlock(max_length=60, help_text="What the link or button says, e.g. “Book a consultation”.")
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    # Not named "url": templates look up dict keys before attributes, which would hide LinkValue.url.
    external_url = blocks.URLBlock(required=False, label="URL", help_text="…or another website.")

    class Meta:
        icon = "link"
        value_class = LinkValue

    def __init__(self, local_blocks=None, required=True, **kwargs):
        super().__init__(local_blocks, **kwargs)
        self.is_required = required
        if not required:
            # An empty optional link needs no text either; a given URL still does (see clean()).
            label = blocks.CharBlock(
                max_length=60, required=False, help_text="What the button says. Leave empty to use the default."
            )
            label.set_name("label")
            self.child_blocks["label"] = label

    @property
    def required(self):
        return self.is_required

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("page")), bool(value.get("external_url"))
        if not self.is_required and not has_page and not has_url:
            return value
        if has_page == has_url:
            message = "Choose a page on this site or enter a URL, not both."
            if not has_page:
                message = "Choose a page on this site or enter a URL."
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(message), "external_url": ValidationError(message)}
            )
        if has_url and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={"label": ValidationError("Enter the text people see for this link.")}
            )
        return value


class BookingTarget:
    """Where a "Book" button goes when it has no link of its own; quacks like a LinkValue."""

    def __init__(self, url, text):
        self.url, self.text = url, text

    def __bool__(self):
        return bool(self.url)


class OpeningHoursValue(blocks.StructValue):
    @property
    def sorted_days(self):
        order = [value for value, _ in WEEKDAYS]
        return sorted(self.get("days") or [], key=order.index)

    @property
    def days_label(self):
        """ "Monday to Friday" for a run of three or more days, else "Saturday, Sunday"."""
        order = [value for value, _ in WEEKDAYS]
        days = self.sorted_days
        positions = [order.index(day) for day in days]
        if len(days) > 2 and positions == list(range(positions[0], positions[-1] + 1)):
            return f"{days[0]} to {days[-1]}"
        return ", ".join(days)


WEEKDAYS = [
    ("Monday", "Monday"),
    ("Tuesday", "Tuesday"),
    ("Wednesday", "Wednesday"),
    ("Thursday", "Thursday"),
    ("Friday", "Friday"),
    ("Saturday", "Saturday"),
    ("Sunday", "Sunday"),
]


class OpeningHoursBlock(blocks.StructBlock):
    """Days of the week and the hours the clinic is open on them."""

    days = blocks.MultipleChoiceBlock(choices=WEEKDAYS, help_text="Tick every day that has these hours.")
    opens = blocks.TimeBlock(help_text="When the doors open, e.g. 9:00.")
    closes = blocks.TimeBlock(help_text="When the doors close, e.g. 17:00.")

    class Meta:
        icon = "time"
        value_class = OpeningHoursValue


class SectionValue(blocks.StructValue):
    @cached_property
    def anchor(self):
        """The fragment identifier the table of contents links to."""
        return slugify(self.get("heading") or "")


class HeadedBlock(blocks.StructBlock):
    """Base for section-level blocks: they carry a heading that the table of contents lists."""

    heading = blocks.CharBlock(
        max_length=120, help_text="Shown as a section heading and listed in the page's table of contents."
    )

    class Meta:
        value_class = SectionValue
        in_table_of_contents = True
        label_format = "{heading}"  # a collapsed block is titled by its heading


class SectionBlock(HeadedBlock):
    """A heading and rich text: the prose parts of an article."""

    body = TidyRichTextBlock(
        features=PROSE_FEATURES, help_text="Short paragraphs read best on a phone. Use lists for steps or options."
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/section_block.html"
        description = "A heading followed by paragraphs, lists and links."
        preview_value = {
            "heading": "What is ketamine therapy?",
            "body": (
                "<p>Ketamine was originally developed as an anesthetic. At carefully controlled, "
                "low doses it can affect mood, cognition and emotional processing.</p>"
                "<ul><li>Given under medical supervision</li><li>Part of a broader plan</li></ul>"
            ),
        }


class ItemBlock(blocks.StructBlock):
    """One entry of a list: a short title, optionally explained."""

    title = blocks.CharBlock(max_length=200, help_text="A few words, shown in bold, e.g. “Mild nausea”.")
    text = TidyRichTextBlock(
        features=INLINE_FEATURES, required=False, help_text="Optional: a sentence or two that explains the title."
    )

    class Meta:
        icon = "list-ul"
        label = "Item"


class ItemListBlock(HeadedBlock):
    """A heading, an introduction, a list of items and a closing note.

    Audience lists, benefits, risks and question checklists share this structure and differ only
    in presentation, so `BodyBlock` mounts this one class several times with its own template,
    icon, description and preview.
    """

    intro = TidyRichTextBlock(
        features=INLINE_FEATURES, required=False, help_text="Optional: a sentence shown above the list."
    )
    items = ItemsBlock(ItemBlock(), min_num=1, help_text="Add at least one item. Drag items to reorder them.")
    closing_note = TidyRichTextBlock(
        features=INLINE_FEATURES,
        required=False,
        help_text="Optional: a note shown below the list, e.g. “These benefits are not guaranteed.”",
    )

    class Meta:
        icon = "list-ul"


def _items(*titles_and_texts):
    return [{"title": title, "text": f"<p>{text}</p>" if text else ""} for title, text in titles_and_texts]


class CalloutBlock(blocks.StructBlock):
    """A boxed message that stands out from the text, in a calm, cautionary or urgent tone."""

    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("caution", "Caution"), ("urgent", "Urgent help")],
        default="info",
        help_text="Use “Urgent help” only for crisis support such as the 9-8-8 Suicide Crisis Helpline.",
    )
    heading = blocks.CharBlock(max_length=120, help_text="A few words that say what the box is about.")
    text = TidyRichTextBlock(features=INLINE_FEATURES, help_text="One or two sentences; keep it short.")

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label_format = "{heading}"  # not its tone ("Urgent help"), which comes first in the form
        description = "A highlighted box: information, a caution, or where to get urgent help."
        preview_value = {
            "tone": "urgent",
            "heading": "If you are in crisis",
            "text": (
                "<p>Call or text <b>9-8-8</b> to reach the 9-8-8 Suicide Crisis Helpline, "
                "any time, day or night. In an emergency, call 911.</p>"
            ),
        }


class CallToActionBlock(blocks.StructBlock):
    """An invitation to take the next step, with one button: to the booking target unless another link is set."""

    heading = blocks.CharBlock(max_length=120, help_text="The invitation, e.g. “Talk it through with our team”.")
    text = TidyRichTextBlock(
        features=INLINE_FEATURES, required=False, help_text="Optional: a sentence that takes the pressure off."
    )
    link = LinkBlock(
        label="Button",
        required=False,
        help_text="Leave the page and URL empty to send people where every “Book” button goes (Clinic settings).",
    )

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        description = "A short invitation and a button, e.g. to book a consultation."
        preview_value = {
            "heading": "Talk it through with our team",
            "text": "<p>A consultation is a conversation, not a commitment.</p>",
            "link": {"label": "Book a consultation", "external_url": "https://example.com/book"},
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["button"] = self.button(value, (parent_context or {}).get("request"))
        return context

    @staticmethod
    def button(value, request):
        """The link the button follows: its own, else the clinic's booking target, labelled as set."""
        link = value.get("link")
        if link and link.url:
            return link
        from site_pages.models import ClinicSettings  # models import this module

        target = ClinicSettings.for_request(request).booking if request else None
        if not target:
            return None
        return BookingTarget(target.url, (link and link.get("label")) or target.text)


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, help_text="As a visitor would ask it, e.g. “Do I need a referral?”")
    answer = TidyRichTextBlock(
        features=INLINE_FEATURES + ["ul", "ol"], help_text="A short, direct answer; start with yes or no if it fits."
    )

    class Meta:
        icon = "help"
        label = "Question"


class FAQBlock(HeadedBlock):
    """Frequently asked questions, each with its answer."""

    items = ItemsBlock(
        QuestionAnswerBlock(), min_num=1, label="Questions", help_text="Add at least one question and its answer."
    )

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        label = "FAQ"
        description = "Questions and answers, shown as an expandable list."
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {
                    "question": "Do I need a referral?",
                    "answer": "<p>No. You can book a consultation directly.</p>",
                },
                {
                    "question": "How long is a session?",
                    "answer": "<p>Plan for about two hours, including monitoring afterwards.</p>",
                },
            ],
        }


class ImageValue(blocks.StructValue):
    @property
    def alt(self):
        """The img element's alt: empty for a decorative image, so screen readers skip it."""
        return "" if self.get("decorative") else self.get("alt_text") or ""


class ImageBlock(blocks.StructBlock):
    """An image with its text alternative (or an explicit "decorative" mark) and an optional caption."""

    image = ImageChooserBlock(help_text="Choose an image from the library or upload one; large images are resized.")
    alt_text = blocks.CharBlock(
        max_length=250,
        required=False,
        help_text="Describe the image for people who cannot see it, e.g. “A calm treatment room with a recliner”.",
    )
    decorative = blocks.BooleanBlock(
        required=False,
        help_text="Tick only if the image adds no information (e.g. a texture); screen readers then skip it.",
    )
    caption = blocks.CharBlock(max_length=250, required=False, help_text="Optional: shown under the image.")

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label_format = "{caption} {alt_text}"  # not the "Decorative" tick box's "No"
        value_class = ImageValue
        description = "A picture with alternative text and an optional caption."

    def clean(self, value):
        value = super().clean(value)
        if message := missing_alt_text(value.get("alt_text"), value.get("decorative")):
            raise blocks.StructBlockValidationError(block_errors={"alt_text": ValidationError(message)})
        return value

    def get_preview_value(self):
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at").first()
        return self.to_python(
            {"image": image.pk if image else None, "alt_text": "A calm treatment room", "caption": ""}
        )


def missing_alt_text(alt_text, decorative):
    """The error an editor sees when an image has neither a text alternative nor the decorative mark."""
    if decorative or (alt_text or "").strip():
        return None
    return "Describe the image, or tick “Decorative” if it adds no information."


class QuoteBlock(blocks.StructBlock):
    """A quotation with an optional attribution."""

    quote = blocks.TextBlock(max_length=600, help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(
        max_length=120,
        required=False,
        help_text="Who said it, e.g. “A patient, shared with permission”. Never a patient's full name.",
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = "A quotation, such as a patient's words (with their permission) or a clinician's."
        preview_value = {
            "quote": "The first thing I noticed was that I could think about the future again.",
            "attribution": "A patient, shared with permission",
        }


class MediaEmbedValue(blocks.StructValue):
    @property
    def host(self):
        return urlsplit(self.get("url") or "").hostname or "another website"


class MediaEmbedBlock(blocks.StructBlock):
    """A video or audio hosted elsewhere, shown as a link card.

    Public pages load nothing from third parties (privacy, and a strict Content-Security-Policy),
    so instead of an iframe the visitor gets a clear link to watch it on the host's site.
    """

    url = blocks.URLBlock(label="URL", help_text="Address of the video or audio, e.g. on YouTube or Vimeo.")
    title = blocks.CharBlock(max_length=120, help_text="What the video or audio is, e.g. “A tour of our clinic”.")
    caption = blocks.CharBlock(max_length=250, required=False, help_text="Optional: shown under the link.")

    class Meta:
        icon = "media"
        template = "blocks/media_embed_block.html"
        label = "Embed"
        value_class = MediaEmbedValue
        description = "A video or audio from another site, linked without loading their trackers."
        preview_value = {
            "url": "https://www.youtube.com/watch?v=example",
            "title": "What to expect at your first visit",
            "caption": "A three-minute walk through our clinic.",
        }


class ContactDetailsBlock(blocks.StructBlock):
    """The clinic's phone, email, address and hours, always as currently set in Settings > Clinic settings."""

    heading = blocks.CharBlock(
        max_length=120,
        default="Contact us",
        help_text="The details themselves come from Settings > Clinic settings, so they are always current.",
    )

    class Meta:
        icon = "mail"
        template = "blocks/contact_details_block.html"
        label_format = "{heading}"
        label = "Contact details"
        description = "The clinic's phone, email, address and opening hours, kept in step with Clinic settings."
        preview_value = {"heading": "Contact us"}


class LocationBlock(HeadedBlock):
    """Where the clinic is: its address and opening hours (from Clinic settings) and a link to directions.

    The directions are a plain link to a map the editor chooses: an embedded map would load another
    company's scripts and tell it who reads the page.
    """

    heading = blocks.CharBlock(
        max_length=120, default="Finding us", help_text="Listed in the page's table of contents, e.g. “Finding us”."
    )
    directions_url = blocks.URLBlock(
        label="Directions link",
        help_text=(
            "The address of the clinic on a map website, e.g. OpenStreetMap or Google Maps: visitors open it "
            "for directions. No map is shown on the page itself."
        ),
    )
    getting_here = TidyRichTextBlock(
        features=INLINE_FEATURES + ["ul"],
        required=False,
        help_text="Optional: buses, parking and step-free access. The address and hours come from Clinic settings.",
    )

    class Meta:
        icon = "site"
        template = "blocks/location_block.html"
        label = "Location"
        description = "The clinic's address and opening hours, how to get there and a link to directions."
        preview_value = {
            "heading": "Finding us",
            "directions_url": "https://www.openstreetmap.org/#map=17/49.8951/-97.1384",
            "getting_here": "<p>Several bus routes stop within a short walk. Parking is available nearby.</p>",
        }


class ReferenceValue(blocks.StructValue):
    @property
    def href(self):
        """Where a reader follows the source: its DOI's resolver when it has one, else its URL."""
        return f"https://doi.org/{self['doi']}" if self.get("doi") else self.get("url") or ""


DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


class ReferenceBlock(blocks.StructBlock):
    """One source, cited the way readers and search engines can follow it."""

    authors = blocks.CharBlock(
        max_length=300, required=False, help_text="As the source names them, e.g. “Smith J, Patel R”. Optional."
    )
    title = blocks.CharBlock(max_length=300, help_text="The title of the article, guideline or page.")
    publisher = blocks.CharBlock(
        label="Publisher or journal",
        max_length=200,
        required=False,
        help_text="e.g. “JAMA Psychiatry” or “Health Canada”.",
    )
    year = blocks.IntegerBlock(required=False, min_value=1800, max_value=2100, help_text="The year it was published.")
    url = blocks.URLBlock(label="URL", required=False, help_text="Where readers can read it…")
    doi = blocks.CharBlock(
        label="DOI", max_length=200, required=False, help_text="…or its DOI, e.g. 10.1176/appi.ajp.2018.18020138."
    )

    class Meta:
        icon = "link"
        value_class = ReferenceValue
        label_format = "{title}"

    def clean(self, value):
        value = super().clean(value)
        doi = (value.get("doi") or "").strip()
        # Editors often paste the resolver link; the DOI is what follows it.
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
        value["doi"] = doi
        errors = {}
        if doi and not DOI_PATTERN.match(doi):
            errors["doi"] = ValidationError(
                "A DOI starts with “10.” and a slash follows its prefix, e.g. 10.1000/xyz123."
            )
        if not doi and not value.get("url"):
            errors["url"] = ValidationError("Add the source's URL or its DOI, so readers can check it.")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class ReferencesBlock(HeadedBlock):
    """The sources a page relies on, as a numbered list readers can follow."""

    heading = blocks.CharBlock(max_length=120, default="References", help_text="Usually “References”.")
    items = ItemsBlock(
        ReferenceBlock(), min_num=1, label="Sources", help_text="Add at least one source, in the order you cite them."
    )

    class Meta:
        icon = "list-ol"
        template = "blocks/references_block.html"
        label = "References"
        description = "A numbered list of the sources the page relies on; search engines read them as citations."
        label_format = "{heading}"
        preview_value = {
            "heading": "References",
            "items": [
                {
                    "authors": "",
                    "title": "9-8-8: Suicide Crisis Helpline",
                    "publisher": "",
                    "year": None,
                    "url": "https://988.ca/",
                    "doi": "",
                }
            ],
        }


def references_in(stream_value):
    """Every source cited in the stream's references blocks, in reading order, read from its stored data.

    Converting only these blocks keeps the cost fixed: the page's image and page choosers are not loaded.
    """
    block = stream_value.stream_block.child_blocks.get("references")
    if block is None:
        return []
    return [
        item
        for child in stream_value.raw_data
        if child["type"] == "references"
        for item in block.to_python(child["value"])["items"]
    ]


class BodyBlock(blocks.StreamBlock):
    """Everything an editor can put in the body of a page."""

    class Meta:
        # A guide is about 18,000 px tall with every block open: editors open the one they work on.
        collapsed = True

    section = SectionBlock()
    who_it_helps = ItemListBlock(
        label="Who it helps",
        icon="group",
        template="blocks/who_it_helps_block.html",
        description="A numbered list of the people a treatment helps most, each explained.",
        preview_value={
            "heading": "Who ketamine therapy helps most",
            "items": _items(
                ("People with treatment-resistant depression", "Tried several antidepressants without relief."),
                ("Individuals living with severe anxiety", "Constant worry that makes daily life hard."),
            ),
        },
    )
    not_right_for = ItemListBlock(
        label="Who it may not suit",
        icon="warning",
        template="blocks/not_right_for_block.html",
        description="People for whom a treatment may not be right, shown in a caution style.",
        preview_value={
            "heading": "Who ketamine therapy may not be right for",
            "items": _items(
                ("Individuals with certain medical conditions", "A medical evaluation comes first."),
                ("Those looking for a quick fix", "Lasting results depend on follow-up care."),
            ),
        },
    )
    benefits = ItemListBlock(
        label="Benefits",
        icon="check",
        template="blocks/benefits_block.html",
        description="Possible benefits, with an honest note that they are not guaranteed.",
        preview_value={
            "heading": "Potential benefits",
            "items": _items(("Faster symptom relief", ""), ("Improved emotional clarity", "")),
            "closing_note": "<p>These benefits are not guaranteed.</p>",
        },
    )
    risks = ItemListBlock(
        label="Side effects and risks",
        icon="warning",
        template="blocks/risks_block.html",
        description="Side effects and risks, with an introduction and a closing note on safety.",
        preview_value={
            "heading": "Possible side effects and risks",
            "intro": "<p>Common short-term effects may include:</p>",
            "items": _items(("Mild nausea", ""), ("Dizziness", ""), ("Fatigue after sessions", "")),
            "closing_note": "<p>Serious complications are rare in a monitored clinical setting.</p>",
        },
    )
    questions = ItemListBlock(
        label="Questions to ask",
        icon="help",
        template="blocks/questions_block.html",
        description="A checklist of questions readers can take to their provider.",
        preview_value={
            "heading": "Questions to ask before starting",
            "items": _items(("What treatments have I already tried?", ""), ("What support do I have?", "")),
            "closing_note": "<p>A reputable provider will welcome these questions.</p>",
        },
    )
    steps = ItemListBlock(
        label="Steps",
        icon="list-ol",
        template="blocks/steps_block.html",
        description="Numbered steps in the order they happen, e.g. what happens at your first visit.",
        preview_value={
            "heading": "What happens at your first visit",
            "items": _items(
                ("You check in at the front desk", "We confirm your details and answer any questions."),
                ("You meet your clinician", "About an hour to talk about what has been happening."),
                ("You agree on the next step together", "Nothing is decided for you."),
            ),
        },
    )
    callout = CalloutBlock()
    cta = CallToActionBlock(label="Call to action")
    faq = FAQBlock()
    costs = FAQBlock(
        label="Cost and insurance",
        icon="info-circle",
        template="blocks/cost_faq_block.html",
        description="Questions about fees and coverage, shown as an expandable list with a note to check with us.",
        preview_value={
            "heading": "Cost and insurance",
            "items": [
                {
                    "question": "Is it covered by Manitoba Health?",
                    "answer": "<p>Psychiatry with a referral is. Ketamine therapy is not.</p>",
                },
                {
                    "question": "Will my private plan pay?",
                    "answer": "<p>Some plans reimburse part of the cost: ask your insurer.</p>",
                },
            ],
        },
    )
    image = ImageBlock()
    quote = QuoteBlock()
    embed = MediaEmbedBlock()
    contact_details = ContactDetailsBlock()
    location = LocationBlock()
    references = ReferencesBlock()


def toc_entries(stream_value):
    """(anchor, heading) for each section-level block, in the order the blocks stand."""
    return [
        (child.value.anchor, child.value["heading"])
        for child in stream_value
        if getattr(child.block.meta, "in_table_of_contents", False) and child.value.get("heading")
    ]


def stream_text(stream_value):
    """The text a reader reads in a stream, block by block, read from its stored data.

    Unlike `get_searchable_content`, this never converts the stored data to block values, which would
    cost a query for every block that links to a page or image.
    """
    yield from _raw_text(stream_value.stream_block, stream_value.raw_data)


def _raw_text(block, raw):
    if raw is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        yield get_text_for_indexing(raw)
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield raw
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _raw_text(child, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:  # stored as {"type": "item", "value": ..., "id": ...}, or plain values before Wagtail 2.16
            is_wrapped = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            yield from _raw_text(block.child_block, item["value"] if is_wrapped else item)
    elif isinstance(block, blocks.StreamBlock):
        for child in raw:
            if child["type"] in block.child_blocks:
                yield from _raw_text(block.child_blocks[child["type"]], child["value"])
