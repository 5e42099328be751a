"""The image renditions the site shows, named once, and made before anyone views them.

Templates ask for them by name (`{% site_picture image "content" ... %}`, site_pages/templatetags/
site_images.py) and the warmers below make the same ones: when an image is uploaded (the common
shapes, in a background task), when content is published and when a logo or portrait is chosen. The
first visitor finds every rendition already there instead of waiting while up to nine are encoded.
A warmer that fails (say, a missing original file) logs and leaves the work to the first view.
"""

import logging

from django.db import transaction
from django.dispatch import receiver
from django_tasks import task
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage, Filter
from wagtail.signals import page_published

logger = logging.getLogger(__name__)

RENDITIONS = {
    # A page's hero and the images in its body: full width of the text column.
    "content": "format-{avif,webp,jpeg} width-{480,800,1200}",
    "logo": "format-{avif,webp,png} height-96",
    # The home page's hero (3:2), a post's picture on its card, a clinician's portrait on the team pages.
    "hero": "format-{avif,webp,jpeg} fill-{600x400,900x600,1200x800}",
    "card": "format-{avif,webp,jpeg} fill-{480x320,720x480}",
    "portrait": "format-{avif,webp,jpeg} fill-{160x160,320x320}",
    # What social sites fetch (og:image): Open Graph's recommended 1.91:1; JPEG is what every crawler accepts.
    "social": "fill-1200x630|format-jpeg|jpegquality-85",
    # The organisation's logo in structured data: search engines want a PNG at least 112 px high.
    "logo_for_search": "height-240|format-png",
}


# Made as soon as an image is uploaded: how most images are shown (in a body, or as a post's hero, its
# card and its sharing image). The rest are made when the image is chosen as a home hero, logo or
# portrait, or published.
ON_UPLOAD = ("content", "card", "social")


def specs(name):
    return Filter.expand_spec(RENDITIONS[name])


def images_in(value):
    """Every image in a field value, a stream, or a block's value, however deeply nested."""
    if isinstance(value, AbstractImage):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from images_in(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from images_in(child)
    elif isinstance(value, ListValue | list | tuple):
        for child in value:
            yield from images_in(child)


def page_images(page):
    image_model = get_image_model()
    for field in page._meta.concrete_fields:
        if field.is_relation and issubclass(field.related_model, image_model):
            yield from images_in(getattr(page, field.name))
        elif isinstance(getattr(page, field.attname, None), StreamValue):
            yield from images_in(getattr(page, field.attname))


def make_renditions(image, filter_specs):
    try:
        image.get_renditions(*filter_specs)
    except Exception:
        logger.exception("Could not make renditions of image %s in advance.", image.pk)


def make_page_renditions(page):
    page = page.specific
    for image in {image.pk: image for image in page_images(page)}.values():
        make_renditions(image, specs("content"))
    hero = getattr(page, "hero_image", None)
    if hero is not None:
        # Posts are listed on cards; the home page shows its hero in its own shape (HomePage.hero_renditions).
        make_renditions(hero, specs(getattr(page, "hero_renditions", "card")))
    social_image = getattr(page, "seo_image", None)
    if social_image is not None:
        make_renditions(social_image, specs("social"))


@receiver(page_published, dispatch_uid="site-pages-renditions-on-publish")
def make_renditions_on_publish(sender, instance, **kwargs):
    transaction.on_commit(lambda: make_page_renditions(instance))


def make_portrait_renditions(sender, instance, raw=False, **kwargs):
    if not raw and instance.photo_id:
        transaction.on_commit(lambda: make_renditions(instance.photo, specs("portrait")))


def make_logo_renditions(sender, instance, raw=False, **kwargs):
    if not raw and instance.logo_id:
        transaction.on_commit(lambda: make_renditions(instance.logo, specs("logo") + specs("logo_for_search")))


@task(backend="email", queue_name="renditions")
def make_upload_renditions(image_id):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:  # deleted before the worker got to it
        make_renditions(image, [spec for name in ON_UPLOAD for spec in specs(name)])


def make_renditions_on_upload(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        transaction.on_commit(lambda: make_upload_renditions.enqueue(instance.pk))
