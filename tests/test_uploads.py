"""Editors upload images and documents; damaged, oversized or disguised files get a form error, never a 500."""

import io
import random
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin
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


def photo(fmt, size=(900, 600), seed=1, **options):
    """A photo-like file: noisy pixels, so the compressed data is as random as a camera's."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def pnginfo(**texts):
    info = PngImagePlugin.PngInfo()
    for key, value in texts.items():
        info.add_text(key, value)
    return info


def png_with_chunk(kind, body, base=GOOD_PNG):
    """A PNG with one more chunk just before IEND (after the pixels)."""
    chunk = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return base[:-12] + chunk + base[-12:]


SCRIPT = b"<script>alert(document.cookie)</script>"
PAGE = b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"
XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt>'
    b'<rdf:li xml:lang="x-default">Waiting room &lt;east wing&gt;</rdf:li></rdf:Alt></dc:title>'
    b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
EXIF = Image.Exif()
EXIF[0x010F] = "Canon"  # Make
EXIF[0x0110] = "Canon EOS R6"  # Model
EXIF[0x0132] = "2026:11:30 10:15:00"  # DateTime
NOISY_PNG = photo("PNG", (120, 90))  # big enough that its pixels run past the first 4 KB

# Files that decode as images and are web pages too: markup in the head, in a text chunk or comment, in
# metadata or after the picture ends.
POLYGLOTS = {
    "text-chunk.png": png_with_chunk(b"tEXt", b"Comment\x00" + SCRIPT, NOISY_PNG),
    "compressed-text.png": png_with_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"<svg onload=alert(1)>")),
    "after-iend.png": NOISY_PNG + PAGE,
    "early-text.png": photo("PNG", (120, 90), pnginfo=pnginfo(Title=PAGE.decode())),
    "comment.jpg": photo("JPEG", (200, 150), comment=PAGE),
    "after-eoi.jpg": photo("JPEG") + b"\n" + PAGE,
    "xmp.webp": photo("WEBP", (200, 150), xmp=b"<x:xmpmeta>" + SCRIPT + b"</x:xmpmeta>"),
    "after-riff.webp": photo("WEBP") + b"<svg/onload=alert(1)>",
    "comment.gif": photo("GIF", (60, 40), comment=b"x" * 300 + SCRIPT),  # split across 255-byte blocks
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


@pytest.mark.django_db
@pytest.mark.parametrize("name", POLYGLOTS)
def test_editor_uploading_an_image_that_is_also_a_web_page_keeps_their_title_and_sees_why(admin_client, name):
    with Image.open(io.BytesIO(POLYGLOTS[name])) as image:
        image.load()  # a real picture: only the markup it carries is wrong
    response = admin_client.post(
        "/admin/images/add/", {"title": "Clinic waiting room", "file": upload(name, POLYGLOTS[name])}
    )
    assert response.status_code == 200, name
    html = response.content.decode()
    assert "Clinic waiting room" in html and "web page code (HTML or script)" in html, name
    assert not WagtailImage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", POLYGLOTS)
def test_editor_uploading_many_images_gets_an_error_for_one_that_is_also_a_web_page(admin_client, name):
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": upload(name, POLYGLOTS[name])})
    assert response.status_code in (200, 400), name
    assert response.json()["success"] is False and "web page code" in str(response.json()), name
    assert not WagtailImage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", POLYGLOTS)
def test_editor_uploading_an_image_that_is_also_a_web_page_in_the_choosers_gets_a_form_error(admin_client, name):
    response = admin_client.post(
        "/admin/images/chooser/create/",
        {"image-chooser-upload-title": "Hero", "image-chooser-upload-file": upload(name, POLYGLOTS[name])},
    )
    assert response.status_code == 200, name
    html = response.content.decode()
    assert "Hero" in html and "web page code (HTML or script)" in html, name
    assert not WagtailImage.objects.exists()


# Camera-like photos: noisy pixels (compressed data as random as a real photo's), EXIF, XMP, text chunks
# whose words only mention tags. None is refused.
PHOTOS = {
    "photo.jpg": photo("JPEG", (1600, 1200), quality=92, exif=EXIF, xmp=XMP, comment=b"Waiting room, east wing"),
    "progressive.jpg": photo("JPEG", (1200, 900), seed=2, progressive=True, exif=EXIF),
    "photo.png": photo("PNG", (600, 400), seed=3, pnginfo=pnginfo(Description="Use <b>bold</b>? No: plain text")),
    "photo.webp": photo("WEBP", (1200, 900), seed=4, quality=90, exif=EXIF, xmp=XMP),
}


def test_no_ordinary_photo_in_many_looks_like_a_web_page():
    from security.uploads import carries_markup

    for seed in range(40):
        for fmt in ("JPEG", "PNG", "WEBP"):
            data = photo(fmt, (400, 300), seed=100 + seed)
            assert not carries_markup(data, fmt), (fmt, seed)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PHOTOS)
def test_editor_uploads_an_ordinary_photo(admin_client, name):
    response = admin_client.post("/admin/images/add/", {"title": "Waiting room", "file": upload(name, PHOTOS[name])})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert WagtailImage.objects.get().title == "Waiting room"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PHOTOS)
def test_editor_uploads_many_ordinary_photos(admin_client, name):
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": upload(name, PHOTOS[name])})
    assert response.json()["success"] is True, response.json()
    assert WagtailImage.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", PHOTOS)
def test_editor_uploads_an_ordinary_photo_in_the_page_editors_chooser(admin_client, name):
    response = admin_client.post(
        "/admin/images/chooser/create/",
        {"image-chooser-upload-title": "Hero", "image-chooser-upload-file": upload(name, PHOTOS[name])},
    )
    assert response.status_code == 200 and response.json()["step"] == "chosen", response.content.decode()[:2000]
    assert WagtailImage.objects.get().title == "Hero"


@pytest.mark.django_db
def test_editor_uploading_a_pdf_that_starts_as_a_web_page_keeps_their_title_and_sees_why(admin_client):
    content = b"%PDF-1.4\n%" + PAGE + b"\n" + PDF[9:]
    response = admin_client.post("/admin/documents/add/", {"title": "Intake form", "file": upload("x.pdf", content)})
    html = response.content.decode()
    assert response.status_code == 200 and "Intake form" in html and "web page code" in html
    assert not Document.objects.exists()
