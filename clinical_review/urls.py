"""Admin URLs answered here instead of by Wagtail: same addresses, so Wagtail's links and reverse() still fit."""

from django.urls import path

from .approvals import workflow_action_view

urlpatterns = [
    path("pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/", workflow_action_view),
]
