"""The editor's read-only record of the clinical reviews a page went through."""

from wagtail.admin.panels import Panel


class ReviewHistoryPanel(Panel):
    """Who approved which revision of the page, and when; and whether the next review is overdue."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "clinical_review/panels/review_history.html"

        def get_context_data(self, parent_context=None):
            from .reviews import approved_reviews

            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(
                reviews=approved_reviews(page) if page.pk else [],
                next_review_due=page.next_review_due,
                overdue=bool(page.pk and page.live and page.review_overdue),
            )
            return context
