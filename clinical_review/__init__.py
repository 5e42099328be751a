"""Clinical review: who checked a medical page, when it is due again, and the rules that keep the stamp honest.

Contract: this app imports nothing from the page apps (site_pages, blog); they build on it. It knows
medical pages by `ClinicalReviewMixin` and the reviewer's record by the model name "site_pages.Person".
The `ClinicalReviewTask` model itself stays in site_pages, where its table and migrations live.
"""
