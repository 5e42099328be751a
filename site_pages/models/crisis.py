import re

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

MENTIONS_SUICIDE = re.compile(r"\bsuicid|\bself[-\s]?harm", re.IGNORECASE)


class CrisisSupportMixin(models.Model):
    """Medical content that touches on suicide or self-harm shows the clinic's crisis support box."""

    touches_on_suicide = models.BooleanField(
        "Touches on suicide or self-harm",
        default=False,
        help_text="Shows the crisis support box from Settings › Clinic settings near the top of the page.",
    )

    crisis_panels = [MultiFieldPanel([FieldPanel("touches_on_suicide")], heading="Crisis support")]

    class Meta:
        abstract = True

    @property
    def crisis_box_at_top(self):
        """The page's one crisis box sits under its title instead of in the footer (see base.html)."""
        return self.touches_on_suicide

    def mentions_suicide(self):
        """Whether any text that search indexes (title, summary, every block's text) mentions suicide or self-harm."""
        return any(MENTIONS_SUICIDE.search(text) for text in self._searchable_texts())

    def _searchable_texts(self):
        for field in self.get_search_fields():
            if isinstance(field, index.SearchField):
                value = field.get_value(self)
                yield from (str(item) for item in (value if isinstance(value, list) else [value]) if item)
