"""Deleting a consultation request is recorded in the audit log (Wagtail's stock form views log nothing)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.log_actions import log

from .models import BookingSubmission


@receiver(post_delete, sender=BookingSubmission)
def log_deleted_request(sender, instance, **kwargs):
    # Only the number and the date: the log outlives the request and must not keep its contents.
    # The user comes from Wagtail's log context (set in admin views); the purge command has none.
    log(
        instance=instance.page,
        action="booking.delete_request",
        data={"request": instance.pk, "submitted": instance.submit_time.isoformat()},
    )
