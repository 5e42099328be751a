import factory
import wagtail_factories

from blog.models import BlogIndexPage, BlogPage, Topic
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
        skip_postgeneration_save = True  # the topics hook saves when it has topics to add

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics = extracted
            self.save()


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    description = factory.LazyAttribute(lambda topic: f"Posts about {topic.name.lower()}.")

    class Meta:
        model = Topic
