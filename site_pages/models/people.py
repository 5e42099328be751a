from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet


def validate_url_lines(text):
    validate = URLValidator(schemes=["http", "https"])
    for line in text.splitlines():
        if line.strip():
            try:
                validate(line.strip())
            except ValidationError as error:
                raise ValidationError(f"“{line.strip()}” is not a web address (https://…).") from error


@register_snippet
class Person(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A clinician or writer: shown as a post's author or its medical reviewer.

    Drafts and revisions: a change to a reviewer's name or credentials goes live when someone who may
    publish people publishes it, and History shows who changed what.
    """

    name = models.CharField(max_length=120, help_text="Their full name as readers see it, e.g. “Maya Ellison”.")
    credentials = models.CharField(
        max_length=60, blank=True, help_text="Post-nominal letters shown after the name, e.g. “MD” or “RN, PMHNP”."
    )
    role = models.CharField(max_length=120, blank=True, help_text="e.g. “Psychiatrist” or “Clinical director”.")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. A head-and-shoulders portrait, shown in bylines and on their profile.",
    )
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
    # Search engines connect a clinician's pages here to their profiles elsewhere through these links.
    same_as = models.TextField(
        "Profiles elsewhere",
        blank=True,
        validators=[validate_url_lines],
        help_text="Addresses of this person's profiles on other sites, one a line, e.g. their entry in the "
        "professional register.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("profile_page"),
        FieldPanel("same_as"),
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

    @property
    def same_as_urls(self):
        return [line.strip() for line in self.same_as.splitlines() if line.strip()]

    def get_url(self, request=None):
        """This person's profile page on this site, or None when there is none (or it is not live)."""
        page = self.profile_page
        return page.get_url(request) if page is not None and page.live else None
