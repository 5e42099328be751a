from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "seo"
    verbose_name = "Search engines"

    def ready(self):
        from wagtail.admin.panels import FieldPanel, MultiFieldPanel
        from wagtail.signals import page_published
        from wagtailseo.models import SeoSettings

        from seo.models import validate_json_object

        # Gap in wagtail-seo 3.1.1: "additional organization markup" is saved unchecked, and invalid JSON
        # there made every page answer 500. Validating the model field makes the settings form refuse it.
        field = SeoSettings._meta.get_field("struct_org_extra_json")
        if validate_json_object not in field.validators:
            field.validators.append(validate_json_object)

        # Settings > Clinic settings is the one source of the clinic's name, logo, phone, address and hours
        # (MedicalClinic reads it), so Settings > SEO shows only what that page does not hold.
        SeoSettings.panels = [
            SeoSettings.panels[0],
            MultiFieldPanel(
                [FieldPanel("struct_org_extra_json")],
                heading="Structured data",
                help_text="The clinic's details come from Settings > Clinic settings.",
            ),
        ]

        # Every page reads the SEO settings (the meta tags through {{ settings }}, the graph): from the shared
        # cache like the clinic's own settings, not a query per page.
        if not getattr(SeoSettings.for_request, "shared", False):
            SeoSettings.for_request = cached_for_request(SeoSettings.for_request)

        page_published.connect(record_content_change, dispatch_uid="seo-record-content-change")


def cached_for_request(uncached):
    from serving.settings_cache import setting_for_request

    def for_request(cls, request):
        return setting_for_request(cls, request, fetch=uncached)

    for_request.shared = True
    return classmethod(for_request)


def record_content_change(sender, instance, **kwargs):
    """dateModified and lastmod move only when what readers see changed, not on every republish."""
    from seo.models import SeoPage

    if isinstance(instance, SeoPage):
        instance.record_content_change()
