"""Every field a marketer meets in the admin says, in plain English, what to put in it."""

import pytest
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.contrib.settings.views import get_setting_edit_handler
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

# Fields whose guidance Wagtail itself supplies where editors meet them: the scheduling dialog in the
# Status side panel explains go-live and expiry; Wagtail's own help text covers the rest.
WAGTAIL_EXPLAINS = {"go_live_at", "expire_at"}


def editable_models():
    pages = [model for model in get_page_models() if model is not Page and model.is_creatable]
    return [*pages, *get_snippet_models(), *settings_registry]


def edit_handler(model):
    """The panels the admin builds for the model's edit screen, as its own view builds them."""
    if issubclass(model, Page):
        return model.get_edit_handler()
    if model in settings_registry:
        return get_setting_edit_handler(model)
    return model.snippet_viewset.get_edit_handler()


def field_panels(panel):
    """Every field panel in an edit handler, including those of inline forms (a post's authors, form fields)."""
    if isinstance(panel, InlinePanel):
        yield from field_panels(panel.child_edit_handler)
        return
    if isinstance(panel, FieldPanel):
        yield panel
    for child in getattr(panel, "children", []):
        yield from field_panels(child)


def shown_help_text(panel):
    """The help text the admin shows under the field: the panel's own, else the model field's."""
    return panel.help_text or (panel.db_field.help_text if panel.db_field is not None else "")


def fields_without_help(model):
    handler = edit_handler(model)
    return [
        f"{panel.db_field.model._meta.label}.{panel.field_name}"
        for panel in field_panels(handler)
        if panel.field_name not in WAGTAIL_EXPLAINS and not str(shown_help_text(panel)).strip()
    ]


@pytest.mark.parametrize("model", editable_models(), ids=lambda model: model._meta.label)
def test_marketer_sees_help_under_every_field(model):
    assert fields_without_help(model) == []


def test_the_walk_reaches_pages_settings_snippets_and_inline_forms():
    labels = {model._meta.label for model in editable_models()}
    assert {"blog.BlogPage", "site_pages.ClinicSettings", "site_pages.SiteNotice", "site_pages.Person"} <= labels
    fields = {
        f"{panel.db_field.model._meta.label}.{panel.field_name}"
        for panel in field_panels(edit_handler(_model("blog.BlogPage")))
    }
    assert "blog.BlogPageAuthor.person" in fields, "inline panels are walked too"


def _model(label):
    return next(model for model in editable_models() if model._meta.label == label)
