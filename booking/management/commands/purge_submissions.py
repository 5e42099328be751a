from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from booking.models import BookingSubmission


class Command(BaseCommand):
    help = "Delete consultation requests older than a number of days (default: BOOKING_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="DAYS",
            default=settings.BOOKING_RETENTION_DAYS,
            help=f"Delete requests sent more than DAYS days ago (default {settings.BOOKING_RETENTION_DAYS}).",
        )

    def handle(self, *args, older_than, **options):
        if older_than < 1:
            raise CommandError("--older-than must be at least 1 day.")
        cutoff = timezone.now() - timedelta(days=older_than)
        count = BookingSubmission.objects.filter(submit_time__lt=cutoff).count()
        BookingSubmission.objects.filter(submit_time__lt=cutoff).delete()
        self.stdout.write(
            f"Deleted {count} consultation request{'s' if count != 1 else ''} older than {older_than} days."
        )
