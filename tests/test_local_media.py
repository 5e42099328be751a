"""The production profile on one machine (`make serve`, SERVE_MEDIA=1) shows uploaded images, never originals."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail_factories import ImageFactory

from config import urls


@pytest.fixture
def serving_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(DEBUG=False, SERVE_MEDIA=True):
        clear_url_caches()
        importlib.reload(urls)
        yield
    clear_url_caches()
    importlib.reload(urls)


@pytest.mark.django_db
def test_visitor_on_the_local_production_profile_sees_renditions_but_not_originals(client, serving_media):
    image = ImageFactory()
    rendition = image.get_rendition("width-100")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert client.get(image.file.url).status_code == 404
    assert client.get("/media/images/../original_images/" + image.file.name.split("/")[-1]).status_code == 404


@pytest.mark.django_db
def test_media_is_not_served_by_the_app_in_production_by_default(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(DEBUG=False, SERVE_MEDIA=False):
        clear_url_caches()
        importlib.reload(urls)
        try:
            image = ImageFactory()
            assert client.get(image.get_rendition("width-100").url).status_code == 404
        finally:
            clear_url_caches()
    importlib.reload(urls)
