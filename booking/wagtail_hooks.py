from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.forms.views import FormPagesListView
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from .models import BookingPage


@hooks.register("filter_form_submissions_for_user")
def only_front_desk_sees_consultation_requests(user, form_pages):
    """Requests hold health-adjacent personal details: page edit rights are not enough to read them.

    Wagtail lets anyone who can edit a form page read, export and delete its submissions. Here
    only users with `booking.view_bookingsubmission` (the "Front desk" group) do, whether or not
    they can edit the page.
    """
    booking_pages = Q(content_type=ContentType.objects.get_for_model(BookingPage))
    if user.has_perm("booking.view_bookingsubmission"):
        return Page.objects.filter(Q(pk__in=form_pages.values("pk")) | booking_pages)
    return form_pages.exclude(booking_pages)


@hooks.register("register_log_actions")
def register_booking_log_actions(actions):
    actions.register_action("booking.delete_request", "Delete consultation request", "Deleted a consultation request")


class ConsultationRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("booking.view_bookingsubmission") and BookingPage.objects.exists()


@hooks.register("register_admin_menu_item")
def register_consultation_requests_menu_item():
    # The front desk has no page permissions, so Wagtail's "Forms" listing (which requires some) is closed to
    # them: this item leads straight to the requests. The URL is resolved per request, the page may not exist yet.
    return ConsultationRequestsMenuItem(
        "Consultation requests", reverse("booking_requests"), name="consultation-requests", icon_name="form", order=690
    )


@hooks.register("construct_main_menu")
def hide_forms_listing_from_users_it_would_refuse(request, menu_items):
    if not page_permission_policy.user_has_any_permission(request.user, FormPagesListView.any_permission_required):
        menu_items[:] = [item for item in menu_items if item.name != "forms"]


@hooks.register("register_admin_urls")
def register_booking_admin_urls():
    return [path("consultation-requests/", consultation_requests, name="booking_requests")]


def consultation_requests(request):
    page = BookingPage.objects.order_by("path").first()
    if page is None:
        raise Http404("There is no booking page yet.")
    return redirect("wagtailforms:list_submissions", page.pk)
