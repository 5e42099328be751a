"""Upload checks for every path into the image and document libraries (single, multiple, choosers).

Wagtail reads an image's header to check its type and size but decodes it only later, when it makes a
rendition: a truncated or damaged file, or a header claiming more pixels than Pillow will open, then
answered 500 and lost what the editor typed. Here every upload is decoded once, inside form validation,
so any such file gets a form error instead. Documents are PDFs only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

DAMAGED = "This file is damaged or is not an image this site can read. Save it again as JPEG, PNG or WebP."


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
        except Exception as exc:
            raise ValidationError(DAMAGED, code="invalid_image") from exc
        finally:
            f.seek(0)
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
        return f
