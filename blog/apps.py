from django.apps import AppConfig


class BlogConfig(AppConfig):
    # A new blog holds medical posts: clinical_review puts it under the review workflow like a service page.
    name = "blog"
