"""A visitor's booking never waits on the mail server: the notification is queued and a worker sends it."""

import json
import socket
import threading
import time

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from booking.models import BookingSubmission
from tests.test_booking import request_data

VISITOR_DETAILS = ["Alex", "alex@example.org", "555-0199", "Ketamine", "Mondays"]


@pytest.fixture
def hung_mail_server():
    """A listener on a free loopback port that accepts every connection and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    connections = []

    def accept():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # the listener was closed: the test is over
            connections.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1], connections
    listener.close()
    for connection in connections:
        connection.close()


@pytest.fixture
def queued_email(settings, hung_mail_server):
    """Production's set-up: the database queue, and SMTP to the hung server (with a short timeout)."""
    port, connections = hung_mail_server
    settings.TASKS = {**settings.TASKS, "email": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1
    return connections


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


# Committed for real: the worker locks the queue in a transaction of its own, as it does in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_books_while_the_mail_server_hangs_and_the_worker_tries_later(
    client, booking_page, queued_email, logged
):
    response = client.post(booking_page.url, request_data(booking_page))
    assert response.status_code == 302 and response["Location"] == booking_page.url + "thank-you/"
    assert "Thank you" in client.get(response["Location"]).content.decode()
    submission = BookingSubmission.objects.get()
    assert submission.form_data["email"] == "alex@example.org"
    assert not queued_email, "the visitor's request must not have touched the mail server"
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "booking.tasks.send_booking_notification"

    call_command("db_worker", "--backend", "email", "--batch", "--no-startup-delay", verbosity=0)

    assert wait_for(lambda: len(queued_email) == 1), "the worker did not try the mail server"
    submission.refresh_from_db()
    assert not submission.notification_sent
    assert f"#{submission.pk}: the notification email could not be sent" in logged()
    for detail in VISITOR_DETAILS:
        assert detail not in logged(), detail


@pytest.mark.django_db
def test_queued_notification_carries_only_the_request_number(client, booking_page, queued_email, committed):
    with committed():
        client.post(booking_page.url, request_data(booking_page))
    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs == {"args": [BookingSubmission.objects.get().pk], "kwargs": {}}
    stored = json.dumps(queued.args_kwargs)
    for detail in VISITOR_DETAILS:
        assert detail not in stored, detail


@pytest.mark.django_db
def test_nothing_is_queued_until_the_request_is_committed(client, booking_page, queued_email, committed):
    with committed() as callbacks:
        client.post(booking_page.url, request_data(booking_page))
        assert BookingSubmission.objects.exists() and not DBTaskResult.objects.exists()
    assert len(callbacks) == 1 and DBTaskResult.objects.count() == 1
