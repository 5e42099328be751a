from collections import OrderedDict

from wagtail.contrib.forms.views import SubmissionsListView

from .forms import without_control_characters

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) and worse).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_plain_text(value):
    """The cell as text a spreadsheet shows but never evaluates: a leading apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class BookingSubmissionsListView(SubmissionsListView):
    """Requests as Wagtail lists them, but the exports survive control characters and carry no formulas.

    openpyxl refuses characters such as \\x0b, so one such request made the whole export answer 500.
    New requests are cleaned on the way in; this covers rows stored before that. A visitor's text that
    starts like a formula is exported to CSV as text (Wagtail's XLSX export already stores it as text).
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return as_plain_text(value) if export_format == self.FORMAT_CSV else value

    def to_row_dict(self, item):
        return OrderedDict(
            (field, without_control_characters(value)) for field, value in super().to_row_dict(item).items()
        )
