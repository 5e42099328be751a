"""The visitor's booking form, built from the fields staff define in the admin.

Every field has a length limit (Wagtail's multi-line fields have none), phone numbers and emails are
validated, and control characters are removed before anything is stored: they break the staff's
spreadsheet export and no person types them.
"""

import re

import django.forms
from django.conf import settings
from django.core.validators import RegexValidator
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PHONE_MAX_LENGTH = 30
validate_phone = RegexValidator(
    # 7 to 15 digits (E.164), optionally with +, spaces, dots, dashes, parentheses and an extension.
    r"^\+?[\d\s().-]*(?:\d[\s().-]*){7,15}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$",
    "Enter a phone number with its area code, e.g. 204 555 0123.",
)


def without_control_characters(value):
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub(" ", value)
    if isinstance(value, list):
        return [without_control_characters(item) for item in value]
    return value


class BookingBaseForm(BaseForm):
    def clean(self):
        cleaned_data = super().clean()
        return {name: without_control_characters(value) for name, value in cleaned_data.items()}


class BookingFormBuilder(FormBuilder):
    def create_multiline_field(self, field, options):
        options["max_length"] = settings.BOOKING_MESSAGE_MAX_LENGTH
        return super().create_multiline_field(field, options)

    def create_email_field(self, field, options):
        options["max_length"] = 254  # the longest address SMTP allows
        return super().create_email_field(field, options)

    def create_phone_field(self, field, options):
        options.update(max_length=PHONE_MAX_LENGTH, validators=[validate_phone])
        options["widget"] = django.forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        return django.forms.CharField(**options)

    def create_consent_field(self, field, options):
        form_field = django.forms.BooleanField(**options)
        form_field.is_consent = True  # the template links the privacy policy next to it
        return form_field

    def get_form_class(self):
        return type("BookingForm", (BookingBaseForm,), self.formfields)
