from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Person(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A clinician or writer: shown as a post's author or its medical reviewer.

    Drafts and revisions: a change to a reviewer's name or credentials goes live when someone who may
    publish people publishes it, and History shows who changed what.
    """

    name = models.CharField(max_length=120)
    credentials = models.CharField(
        max_length=60, blank=True, help_text="Post-nominal letters shown after the name, e.g. “MD” or “RN, PMHNP”."
    )
    role = models.CharField(max_length=120, blank=True, help_text="e.g. “Psychiatrist” or “Clinical director”.")
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    bio = models.TextField(blank=True, max_length=600, help_text="Two or three sentences.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician",
        help_text="This person's admin login, so approving a clinical review records them as the reviewer.",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="person")
    profile_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional page about this person; bylines link to it.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("profile_page"),
        # Which login approves as this clinician is a site administrator's decision (those who manage users).
        FieldPanel("user", permission="auth.change_user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("role")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.display_name

    @property
    def revisions(self):
        return self._revisions

    @property
    def display_name(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name
