from django.apps import AppConfig


class SitePagesConfig(AppConfig):
    name = "site_pages"
    verbose_name = "Site pages"

    def ready(self):
        from wagtailseo.models import SeoSettings

        from site_pages.models.seo import validate_json_object

        # Gap in wagtail-seo 3.1.1: "additional organization markup" is saved unchecked, and invalid JSON
        # there made every page answer 500. Validating the model field makes the settings form refuse it.
        field = SeoSettings._meta.get_field("struct_org_extra_json")
        if validate_json_object not in field.validators:
            field.validators.append(validate_json_object)
