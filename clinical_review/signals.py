import logging

from wagtail.log_actions import log

logger = logging.getLogger(__name__)

LOGIN_LINK_ACTION = "clinical_review.login_link"


def put_new_section_under_clinical_review(sender, instance, created, raw=False, **kwargs):
    """Medical content never goes live without a clinician: new blogs and services get the review workflow."""
    if created and not raw:
        from .reviews import assign_clinical_review

        assign_clinical_review(instance)


def log_login_link_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """Which admin login is a clinician decides whose approval names them as reviewer: every change is logged.

    Saving a snippet's draft writes only its revision pointers (update_fields), so only a save that
    writes `user` is a change. Ids only: the log holds no names or email addresses.
    """
    if raw or instance.pk is None or (update_fields is not None and "user" not in update_fields):
        return
    previous = sender.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
    if previous == instance.user_id:
        return
    logger.info("Person %s: admin login changed from user %s to user %s", instance.pk, previous, instance.user_id)
    log(instance, LOGIN_LINK_ACTION, data={"previous_user_id": previous, "user_id": instance.user_id})
