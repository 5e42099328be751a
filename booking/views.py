from collections import OrderedDict

from wagtail.contrib.forms.views import SubmissionsListView

from .forms import without_control_characters


class BookingSubmissionsListView(SubmissionsListView):
    """Requests as Wagtail lists them, but the XLSX export survives control characters.

    openpyxl refuses characters such as \\x0b, so one such request made the whole export answer 500.
    New requests are cleaned on the way in; this covers rows stored before that.
    """

    def to_row_dict(self, item):
        return OrderedDict(
            (field, without_control_characters(value)) for field, value in super().to_row_dict(item).items()
        )
