"""Upload checks for every path into the image and document libraries (single, multiple, choosers).

Wagtail reads an image's header to check its type and size but decodes it only later, when it makes a
rendition: a truncated or damaged file, or a header claiming more pixels than Pillow will open, then
answered 500 and lost what the editor typed. Here every upload is decoded once, inside form validation,
so any such file gets a form error instead. Documents are PDFs only.

A file may also decode as an image and still be a web page: HTML or script in its first bytes, in a text
chunk or comment, or after the end of the picture (a polyglot). Sniffed by a browser, fetched by another
tool or opened from a download, that markup runs, so such files are refused too. The compressed pixel data
of PNG, JPEG and WebP is not searched: it is noise, and noise may spell a short tag by chance.
"""

import re
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

DAMAGED = "This file is damaged or is not an image this site can read. Save it again as JPEG, PNG or WebP."
CARRIES_MARKUP = (
    "This file holds web page code (HTML or script) besides the picture, which a browser could run. "
    "Open it in an image editor, save it again as JPEG, PNG or WebP and upload that copy."
)
# Opening tags a browser would run or render. A tag name must end (space, "/" or ">") so prose does not match.
MARKUP = re.compile(
    rb"<\s*(?:!doctype\s|\?xml-stylesheet|(?:html|head|body|script|svg|iframe|frame|object|embed|img|meta|link"
    rb"|style|form|math|base)[\s/>])",
    re.IGNORECASE,
)
# Browsers sniff at most the first 1,445 bytes (WHATWG MIME Sniffing); searched in full, with a margin.
HEAD_BYTES = 4096


def _png_regions(data):
    """Every PNG chunk but the compressed pixels (IDAT, APNG's fdAT), and whatever follows IEND."""
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind not in (b"IDAT", b"fdAT"):
            yield data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IEND":
            break
    yield data[pos:]


def _jpeg_regions(data):
    """Every marker segment before the first scan (APPn, COM, tables), and whatever follows end-of-image."""
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        yield data[pos + 4 : pos + 2 + length]
        pos += 2 + length
    else:
        yield data[pos:]  # no scan where one belongs: search the rest
        return
    # 0xFFD9 cannot occur inside entropy-coded data (a 0xFF there is followed by 0x00 or a restart marker).
    end = data.find(b"\xff\xd9", pos)
    if end < 0:
        return
    tail = data[end + 2 :]
    if tail.lstrip(b"\x00").startswith(b"\xff\xd8"):  # a camera's second picture (MPO): walk it the same way
        yield from _jpeg_regions(tail.lstrip(b"\x00"))
    else:
        yield tail


def _webp_regions(data):
    """Every RIFF chunk but the compressed image (VP8, VP8L, ALPH, animation frames), and any tail."""
    riff_end = 8 + struct.unpack("<I", data[4:8])[0]
    pos = 12
    while pos + 8 <= min(riff_end, len(data)):
        kind, length = struct.unpack("<4sI", data[pos : pos + 8])
        if kind not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            yield data[pos + 8 : pos + 8 + length]
        pos += 8 + length + (length & 1)
    yield data[riff_end:]


def _isobmff_regions(data):
    """Every top-level box of an AVIF or HEIF file but the compressed image (mdat), and any tail."""
    pos = 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:  # a 64-bit size follows the type
            size, header = struct.unpack(">Q", data[pos + 8 : pos + 16])[0], 16
        elif size == 0:  # the box runs to the end of the file
            size = len(data) - pos
        if size < header:
            raise struct.error("box shorter than its header")
        if kind != b"mdat":
            yield data[pos + header : pos + size]
        pos += size


REGIONS = {
    "PNG": _png_regions,
    "JPEG": _jpeg_regions,
    "MPO": _jpeg_regions,
    "WEBP": _webp_regions,
    "AVIF": _isobmff_regions,
    "HEIF": _isobmff_regions,
}


def carries_markup(data, image_format, info=()):
    """True when HTML or script markup sits where it is more than compressed pixels: head, metadata, tail."""
    regions = [data[:HEAD_BYTES]]
    regions += REGIONS[image_format](data) if image_format in REGIONS else [data]  # GIF: all of it
    # Comments, XMP, EXIF and text chunks as Pillow joined them (a GIF comment comes in 255-byte pieces).
    regions += [value.encode(errors="ignore") if isinstance(value, str) else value for value in info]
    return any(MARKUP.search(region) for region in regions if isinstance(region, bytes))


class DecodedImageField(WagtailImageField):
    def to_python(self, data):
        try:
            f = super().to_python(data)
        except ValidationError:
            raise
        except Exception as exc:  # Pillow refuses what it takes for a decompression bomb, and more
            raise ValidationError(DAMAGED, code="invalid_image") from exc
        if f is None:
            return None
        try:
            f.seek(0)
            with Image.open(f) as image:
                image.load()  # decodes every byte: a truncated or corrupt file fails here
                image_format = image.format
                info = [*image.info.values(), *getattr(image, "text", {}).values()]
            f.seek(0)
            data = f.read()
        except Exception as exc:
            raise ValidationError(DAMAGED, code="invalid_image") from exc
        finally:
            f.seek(0)
        try:
            polyglot = carries_markup(data, image_format, info)
        except (struct.error, IndexError):  # a container Pillow read but this walk cannot: search it all
            polyglot = carries_markup(data, None, info)
        if polyglot:
            raise ValidationError(CARRIES_MARKUP, code="image_carries_markup")
        return f


class ImageForm(BaseImageForm):
    file = DecodedImageField(label="File")


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        f = self.cleaned_data.get("file")
        if not f:
            return f
        limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
        if f.size > limit:
            raise ValidationError(
                f"This file is {filesizeformat(f.size)}; documents may be {filesizeformat(limit)} at most."
            )
        f.seek(0)
        head = f.read(5)
        f.seek(0)
        if head != b"%PDF-":
            raise ValidationError("This file is not a PDF. Documents must be PDF files.")
        # Only the head: a PDF's body may quote any text, but its first bytes are what a browser sniffs.
        if MARKUP.search(f.read(HEAD_BYTES)):
            f.seek(0)
            raise ValidationError(
                "This PDF starts with web page code (HTML or script) that a browser could run. "
                "Export or print it to PDF again and upload that copy."
            )
        f.seek(0)
        return f
