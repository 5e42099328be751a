"""Editors upload images and documents; damaged, oversized or disguised files get a form error, never a 500."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage


def png_claiming(width, height):
    """A 45-byte PNG whose header claims width x height pixels: nothing behind it."""
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    iend = b"IEND"
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", 0) + iend + struct.pack(">I", zlib.crc32(iend))
    )  # fmt: skip


def encoded(fmt, size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 90)).save(buffer, fmt)
    return buffer.getvalue()


GOOD_PNG = encoded("PNG")
HOSTILE = {
    "bomb.png": png_claiming(20000, 20000),
    "huge.png": png_claiming(12000, 12000),
    "truncated.jpg": encoded("JPEG", (400, 300))[:600],
    "truncated.png": GOOD_PNG[: len(GOOD_PNG) // 2],
    "truncated.gif": encoded("GIF")[:40],
    "noise.png": bytes(range(256)) * 8,
    "page.png": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "drawing.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    "lying.jpg": GOOD_PNG,  # a PNG named .jpg
    "empty.png": b"",
    "text.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 garbage",
}


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE)
def test_editor_uploading_a_damaged_or_disguised_image_keeps_their_title_and_sees_why(admin_client, name):
    response = admin_client.post(
        "/admin/images/add/", {"title": "Clinic waiting room", "file": upload(name, HOSTILE[name])}
    )
    assert response.status_code == 200, name
    html = response.content.decode()
    assert "Clinic waiting room" in html and "error" in html, name
    assert not WagtailImage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE)
def test_editor_uploading_many_images_gets_an_error_for_each_bad_one(admin_client, name):
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": upload(name, HOSTILE[name])})
    assert response.status_code in (200, 400), name
    assert response.json()["success"] is False, name
    assert not WagtailImage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["bomb.png", "truncated.jpg", "page.png", "lying.jpg"])
def test_editor_uploading_in_the_page_editors_chooser_gets_a_form_error(admin_client, name):
    response = admin_client.post(
        "/admin/images/chooser/create/",
        {"image-chooser-upload-title": "Hero", "image-chooser-upload-file": upload(name, HOSTILE[name])},
    )
    assert response.status_code == 200, name
    assert "Hero" in response.content.decode() and not WagtailImage.objects.exists(), name


@pytest.mark.django_db
def test_editor_uploads_a_real_image(admin_client):
    response = admin_client.post("/admin/images/add/", {"title": "Good", "file": upload("good.png", GOOD_PNG)})
    assert response.status_code == 302 and WagtailImage.objects.get().width == 64


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content",
    [
        ("notes.txt", b"plain text"),
        ("fake.pdf", b"<html>not a pdf</html>"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024)),
        ("sheet.csv", b"=1+1"),
    ],
)
def test_editor_can_only_upload_pdf_documents_up_to_10_mb(admin_client, name, content):
    response = admin_client.post("/admin/documents/add/", {"title": "Intake form", "file": upload(name, content)})
    assert response.status_code == 200 and "Intake form" in response.content.decode(), name
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_editor_uploads_a_pdf_document(admin_client):
    response = admin_client.post("/admin/documents/add/", {"title": "Intake form", "file": upload("intake.pdf", PDF)})
    assert response.status_code == 302 and Document.objects.count() == 1
