"""Load the demo site: home, services, about, contact, the blog with the flagship guide and a few
shorter posts, their people and topics, and the clinic's settings and navigation.

Idempotent: a page that already exists (by slug under its parent) is left exactly as it is, people
are matched by name and topics by slug, and settings are filled in only while they are still empty, so
running this again, or after editors have changed the content, creates and changes nothing.
The content lives in `demo/content/*.json`; a page reference is written "@slug", in a "page" or a
stream child's "value" inside stream data, or as the whole value of a field that points at a page. A page
spec may also name pages in foreign keys (`"page_fields": {"privacy_page": "@slug"}`) and, for a form
page, list its form builder fields (`"form_fields": [{"label": ..., "field_type": ...}]`).
"""

import io
import json
from pathlib import Path

from django.apps import apps
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog.models import BlogPageAuthor, Topic
from demo import artwork
from site_pages.models import ClinicSettings, NavigationSettings, Person

DEMO_DIR = Path(__file__).resolve().parents[2] / "content"


def load_site():
    site = json.loads((DEMO_DIR / "site.json").read_text(encoding="utf-8"))
    site["pages"] = [
        json.loads((DEMO_DIR / spec["file"]).read_text(encoding="utf-8")) if "file" in spec else spec
        for spec in site["pages"]
    ]
    return site


def links(pairs, pages):
    """Raw stream data for LinkBlocks, from [label, "@slug"] pairs."""
    return [
        {"type": "link", "value": {"label": label, "page": pages[ref[1:]].pk, "external_url": ""}}
        for label, ref in pairs
    ]


def is_page_ref(value):
    return isinstance(value, str) and value.startswith("@")


def resolve_page_refs(value, pages):
    """Replace "@slug" under a "page" or "value" key with that page's id, anywhere in a stream's raw data."""
    if isinstance(value, list):
        return [resolve_page_refs(item, pages) for item in value]
    if isinstance(value, dict):
        return {
            key: pages[item[1:]].pk
            if key in ("page", "value") and is_page_ref(item)
            else resolve_page_refs(item, pages)
            for key, item in value.items()
        }
    return value


class Command(BaseCommand):
    help = "Create the demo pages that do not exist yet. Existing pages are never changed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-images",
            action="store_true",
            help="Skip the generated artwork (heroes, portraits): faster, for tests that do not look at images.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        self.with_images = not options["without_images"]
        demo = load_site()
        home_spec, *child_specs = demo["pages"]
        pages = {}
        created = []
        self.people_created = self.topics_created = 0
        people = {spec["name"]: self.ensure_person(spec) for spec in demo["people"]}
        topics = {spec["slug"]: self.ensure_topic(spec) for spec in demo["topics"]}

        home, home_created = self.ensure_home(home_spec, demo["site_name"])
        pages[home_spec["slug"]] = home
        if home_created:
            created.append((home, home_spec))

        # Pages first, stream content second: a call to action may point at a page created later.
        for spec in child_specs:
            parent = pages[spec["parent"]]
            existing = parent.get_children().filter(slug=spec["slug"]).first()
            if existing:
                pages[spec["slug"]] = existing.specific
                continue
            page = self.build(spec)
            if "person" in spec:  # a clinician's profile cannot be saved without its person
                page.person = people[spec["person"]]
            self.add_hero_image(page)
            parent.add_child(instance=page)
            pages[spec["slug"]] = page
            created.append((page, spec))

        for page, spec in created:
            for name, value in self.stream_fields(page, spec).items():
                setattr(page, name, resolve_page_refs(value, pages))
            for name, value in spec["fields"].items():
                if is_page_ref(value):
                    setattr(page, name, pages[value[1:]])
            if "topics" in spec:
                page.topics = [topics[slug] for slug in spec["topics"]]
            if "authors" in spec:
                page.authors = [BlogPageAuthor(person=people[name]) for name in spec["authors"]]
            if "reviewed_by" in spec:
                page.reviewed_by = people[spec["reviewed_by"]]
            for name, ref in spec.get("page_fields", {}).items():
                setattr(page, name, pages[ref[1:]])
            if "form_fields" in spec:
                field_model = page._meta.get_field("form_fields").related_model
                page.form_fields = [field_model(**field) for field in spec["form_fields"]]
            if "treatment" in spec:
                page.treatment = pages[spec["treatment"][1:]]
            page.save_revision().publish()
            if "person" in spec and not page.person.profile_page_id:
                page.person.profile_page = page  # bylines link to the profile
                page.person.save(update_fields=["profile_page"])
            self.stdout.write(f"Created {page.title} at {page.url_path}")

        settings_changed = self.ensure_settings(home.get_site(), demo["site_name"], demo["settings"], pages)
        if not created and not settings_changed and not self.people_created and not self.topics_created:
            self.stdout.write("Demo content already loaded; nothing changed.")

    def ensure_person(self, spec):
        person, created = Person.objects.get_or_create(name=spec["name"], defaults=spec)
        self.people_created += created
        if created and self.with_images:
            person.photo = self.ensure_image(f"Portrait: {person.name}", lambda: artwork.monogram(person.name))
            person.save(update_fields=["photo"])
        return person

    def add_hero_image(self, page):
        """Pages with a hero image field get an abstract landscape of their own (decorative: no alt text)."""
        if not self.with_images or not hasattr(page, "hero_image") or page.hero_image_id:
            return
        page.hero_image = self.ensure_image(f"Illustration: {page.title}", lambda: artwork.landscape(page.slug))
        if hasattr(page, "hero_decorative"):
            page.hero_decorative = True

    @staticmethod
    def ensure_image(title, draw):
        """The image with this title, uploaded through Wagtail's image model (drawn the first time only)."""
        image_model = get_image_model()
        image = image_model.objects.filter(title=title).first()
        if image is None:
            name = f"{title.split(': ', 1)[1].lower().replace(' ', '-')[:60]}.png"
            image = image_model(title=title, file=ImageFile(io.BytesIO(draw()), name=name))
            image.save()
        return image

    def ensure_topic(self, spec):
        topic, created = Topic.objects.get_or_create(slug=spec["slug"], defaults=spec)
        self.topics_created += created
        return topic

    def ensure_settings(self, site, site_name, spec, pages):
        """Fill in the clinic's settings and menus while they are empty; never overwrite an editor's."""
        changed = False
        clinic = ClinicSettings.for_site(site)
        if not clinic.booking_link:
            clinic.clinic_name = site_name
            clinic.booking_link = links([("Book a consultation", spec["booking_link"])], pages)
            clinic.opening_hours = [{"type": "hours", "value": hours} for hours in spec["opening_hours"]]
            clinic.latitude, clinic.longitude = spec["geo"]["latitude"], spec["geo"]["longitude"]
            clinic.save()
            changed = True
        navigation = NavigationSettings.for_site(site)
        if not navigation.header_links and not navigation.footer_links:
            navigation.header_links = links(spec["header_links"], pages)
            navigation.footer_links = links(spec["footer_links"], pages)
            navigation.save()
            changed = True
        if changed:
            self.stdout.write("Filled in clinic settings and navigation")
        return changed

    def ensure_home(self, spec, site_name):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        HomePage = apps.get_model(spec["type"])
        if site and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific, False

        root = Page.get_first_root_node()
        # Wagtail's first migration creates a placeholder "Welcome" page holding the "home" slug.
        for placeholder in root.get_children().filter(slug=spec["slug"]):
            if placeholder.specific_class is Page and placeholder.is_leaf():
                placeholder.delete()
        home = self.build(spec)
        self.add_hero_image(home)
        root.add_child(instance=home)
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.site_name = site_name
        site.save()
        return home, True

    def build(self, spec):
        model = apps.get_model(spec["type"])
        stream_names = self.stream_field_names(model)
        scalar_fields = {
            name: value
            for name, value in spec["fields"].items()
            if name not in stream_names and not is_page_ref(value)  # page references are set once all pages exist
        }
        return model(
            title=spec["title"],
            slug=spec["slug"],
            show_in_menus=spec.get("show_in_menus", False),
            live=False,
            **scalar_fields,
        )

    def stream_fields(self, page, spec):
        names = self.stream_field_names(type(page))
        return {name: value for name, value in spec["fields"].items() if name in names}

    @staticmethod
    def stream_field_names(model):
        return {field.name for field in model._meta.get_fields() if isinstance(field, StreamField)}
