"""The booking notification, sent by a background task once the request is committed (settings TASKS "email").

The task is given only the request's number: task arguments are stored in the queue's table and shown in the
admin, so they carry nothing the visitor typed.
"""

import logging

from django_tasks import task

from .models import BookingSubmission

logger = logging.getLogger(__name__)


@task(backend="email")
def send_booking_notification(submission_id):
    submission = BookingSubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        logger.warning("Consultation request #%s was deleted before its notification was sent.", submission_id)
        return
    submission.page.specific.notify(submission)
