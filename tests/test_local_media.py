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


@pytest.mark.django_db
def test_visitor_gets_renditions_uncompressed_and_kept_without_asking_again(client, serving_media):
    rendition = ImageFactory().get_rendition("width-100")
    response = client.get(rendition.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert "Content-Encoding" not in response, "an image compressed already is sent as it is"
    assert int(response["Content-Length"]) == rendition.file.size
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=2592000", "immutable"}


@pytest.mark.django_db
def test_visitor_coming_back_and_the_next_visitor_both_get_the_image(client, serving_media, settings):
    settings.WAGTAIL_CACHE = True  # the production profile's page cache sees these requests too
    rendition = ImageFactory().get_rendition("width-100")
    first = client.get(rendition.url)
    saved = b"".join(first.streaming_content)

    coming_back = client.get(rendition.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert coming_back.status_code == 304
    assert coming_back["Cache-Control"] == first["Cache-Control"], "a 304 keeps the copy's lifetime"

    for _ in range(2):  # the next visitors hold no copy: a 304 would leave them an empty image
        response = client.get(rendition.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == saved
