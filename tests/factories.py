import wagtail_factories

from blog.models import BlogIndexPage, BlogPage
from home.models import HomePage
from site_pages.models import ServicePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Thoughtful care for depression, anxiety and trauma"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "About us"
    introduction = "Who we are."

    class Meta:
        model = StandardPage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = "Ketamine Therapy"
    summary = "Medically supervised ketamine treatment."

    class Meta:
        model = ServicePage


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class BlogPageFactory(wagtail_factories.PageFactory):
    title = "A patient guide"
    summary = "What to know before you start."

    class Meta:
        model = BlogPage
