"""Clinical review: who checked a medical page, when it is due again, and the rules that keep the stamp honest.

Contract: the mixin, the review rules and the workflow action (models.py, reviews.py, workflows.py)
import nothing from the page apps: site_pages and blog build on them. The admin side (report, content
checks, hooks) reads pages, and the checks read block text through site_pages' block library, lazily.
Medical pages are known by `ClinicalReviewMixin`; the reviewer's record is "site_pages.Person". The
`ClinicalReviewTask` model itself stays in site_pages, where its table and migrations live.
"""
