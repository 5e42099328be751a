"""Visitors never wait while image renditions are made: uploading, publishing or choosing a logo makes them."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from wagtail.images.models import Rendition
from wagtail_factories import ImageFactory

from site_pages.models import ClinicSettings
from tests.factories import BlogPageFactory


def renditions_made_by_first_view(client, url):
    before = Rendition.objects.count()
    assert client.get(url).status_code == 200
    return Rendition.objects.count() - before


@pytest.mark.django_db
def test_editor_publishes_a_post_with_images_and_the_first_visitor_waits_for_none(
    client, blog_index, django_capture_on_commit_callbacks
):
    hero, inline = ImageFactory(width=1600, height=900), ImageFactory(width=1200, height=800)
    body = [{"type": "image", "value": {"image": inline.pk, "alt": "A treatment room", "caption": ""}}]
    post = BlogPageFactory(parent=blog_index, slug="with-images", hero_image=hero, hero_alt_text="Waiting room")
    post.body = body
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert hero.renditions.count() >= 9 and inline.renditions.count() == 9  # 3 formats x 3 widths
    assert renditions_made_by_first_view(client, post.url) == 0


@pytest.mark.django_db
def test_staff_choose_a_logo_and_the_first_visitor_waits_for_none(client, home, django_capture_on_commit_callbacks):
    clinic = ClinicSettings.for_site(home.get_site())
    logo = ImageFactory(width=400, height=200)
    with django_capture_on_commit_callbacks(execute=True):
        clinic.logo = logo
        clinic.save()
    assert clinic.logo.renditions.count() == 4  # 3 formats for the header, 1 for search engines
    assert renditions_made_by_first_view(client, "/") == 0


@pytest.mark.django_db
def test_editor_uploads_an_image_and_the_first_visitors_of_a_post_showing_it_wait_for_none(
    client, blog_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(width=1600, height=900)
    # In a body or as a hero (3 formats x 3 widths), on a card (3 x 2), shared on social sites (1).
    assert image.renditions.count() == 16
    body = [{"type": "image", "value": {"image": image.pk, "alt": "A treatment room", "caption": ""}}]
    # Saved live without a publish (so nothing was made on publish): only the upload made them.
    post = BlogPageFactory(parent=blog_index, slug="uploaded", hero_image=image, hero_alt_text="Room", body=body)
    assert renditions_made_by_first_view(client, post.url) == 0
    assert renditions_made_by_first_view(client, blog_index.url) == 0


@pytest.mark.django_db
def test_a_template_asking_for_an_unknown_rendition_fails_at_once():
    with pytest.raises(TemplateSyntaxError, match="content"):
        Template('{% load site_images %}{% site_picture image "thumbnail" alt="" %}').render(Context({}))
