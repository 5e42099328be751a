import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Page, Site

from tests.factories import BlogIndexPageFactory, HomePageFactory


@pytest.fixture(autouse=True)
def clear_cache():
    """Wagtail caches site root paths; a rolled-back test must not leave them for the next one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """A HomePage as the default site's root, replacing Wagtail's placeholder welcome page."""
    root = Page.get_first_root_node()
    root.get_children().delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test Clinic")
    return home


@pytest.fixture
def blog_index(home):
    return BlogIndexPageFactory(parent=home)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "password")
    client.force_login(user)
    return client


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)
