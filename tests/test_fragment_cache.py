"""Pages the full-page cache cannot serve reuse kept fragments and routes, and never show a stale one.

The page cache is off in these tests (as for a visitor it cannot serve); the template fragments
(base.html, the page templates) and each level's child page (serving/shared_lookups.py) are kept in the
page cache's store, which every change to what pages show purges (serving/purge.py).
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from site_pages.models import ClinicSettings, NavigationSettings, Person
from tests.factories import BlogPageFactory, StandardPageFactory


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def post(blog_index):
    author = Person.objects.create(name="Jordan Reyes", credentials="RN")
    post = BlogPageFactory(parent=blog_index, slug="sleep", title="Sleep and mood")
    post.authors = [post.authors.model(person=author)]
    post.save_revision().publish()
    return post


@pytest.mark.django_db
def test_a_second_visitor_gets_the_post_from_kept_fragments_without_queries(client, post):
    first = client.get(post.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(post.url)
    assert len(queries) == 0, [query["sql"][:120] for query in queries.captured_queries]
    assert second.content == first.content


@pytest.mark.django_db
def test_editor_republishes_a_post_and_the_next_visitor_reads_the_new_text(
    client, post, django_capture_on_commit_callbacks
):
    assert soup_of(client, post.url).h1.get_text() == "Sleep and mood"
    post.title = "Sleep, mood and ketamine"
    post.save_revision()  # a draft: visitors still read the live post
    assert soup_of(client, post.url).h1.get_text() == "Sleep and mood"
    with django_capture_on_commit_callbacks(execute=True):
        post.get_latest_revision().publish()
    page = soup_of(client, post.url)
    assert page.h1.get_text() == "Sleep, mood and ketamine"
    assert page.find("meta", property="og:title")["content"].startswith("Sleep, mood and ketamine")


@pytest.mark.django_db
def test_staff_rename_an_author_and_the_byline_shows_it_at_once(client, post, django_capture_on_commit_callbacks):
    assert "Jordan Reyes" in soup_of(client, post.url).select_one(".byline").get_text()
    with django_capture_on_commit_callbacks(execute=True):
        person = Person.objects.get(name="Jordan Reyes")
        person.name = "Jordan Reyes-Okafor"
        person.save()
    assert "Jordan Reyes-Okafor" in soup_of(client, post.url).select_one(".byline").get_text()


@pytest.mark.django_db
def test_staff_change_the_clinic_phone_and_the_header_and_footer_show_it(
    client, post, home, django_capture_on_commit_callbacks
):
    assert "(204) 555-0123" in soup_of(client, post.url).select_one(".site-header").get_text()
    clinic = ClinicSettings.for_site(home.get_site())
    with django_capture_on_commit_callbacks(execute=True):
        clinic.phone = "(204) 555-0199"
        clinic.save()
    page = soup_of(client, post.url)
    assert "(204) 555-0199" in page.select_one(".site-header").get_text()
    assert "(204) 555-0199" in page.select_one(".site-footer").get_text()


@pytest.mark.django_db
def test_editor_changes_a_slug_and_visitors_reach_the_new_address_at_once(
    client, home, django_capture_on_commit_callbacks
):
    about = StandardPageFactory(parent=home, slug="about", title="About us")
    assert client.get("/about/").status_code == 200  # its route is now kept
    about.slug = "about-the-clinic"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert client.get("/about-the-clinic/").status_code == 200
    assert client.get("/about/").status_code in (301, 404)
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert client.get("/about-the-clinic/").status_code == 404


@pytest.mark.django_db
def test_each_page_marks_its_own_section_in_the_menu(client, post, blog_index, home):
    about = StandardPageFactory(parent=home, slug="about", title="About us")
    menu = NavigationSettings.for_site(home.get_site())
    menu.header_links = [("link", {"page": blog_index, "label": "Blog"}), ("link", {"page": about, "label": "About"})]
    menu.save()

    def current(url):
        return [link.get_text() for link in soup_of(client, url).select(".site-nav [aria-current=page]")]

    assert current(post.url) == ["Blog"]
    assert current("/about/") == ["About"]
    assert current(post.url) == ["Blog"]  # from the kept header of the post, not the last page's


@pytest.mark.django_db
def test_editor_previews_a_draft_and_sees_it_not_the_kept_post(admin_client, client, post):
    client.get(post.url)  # the live post's fragments are kept
    post.title = "A draft title"
    post.save_revision()
    preview = admin_client.get(f"/admin/pages/{post.pk}/view_draft/")
    assert preview.status_code == 200
    assert "A draft title" in preview.content.decode()
    assert soup_of(client, post.url).h1.get_text() == "Sleep and mood"


@pytest.mark.django_db
def test_visitor_reads_the_new_year_in_the_footer_on_new_years_day(client, post, monkeypatch):
    from datetime import datetime

    from django.template import defaulttags

    def copyright_line():
        return soup_of(client, post.url).select_one(".site-footer__legal").get_text()

    this_year = copyright_line()
    assert str(datetime.now().year) in this_year

    class NextYear(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(datetime.now(tz).year + 1, 1, 1, 9, tzinfo=tz)

    monkeypatch.setattr(defaulttags, "datetime", NextYear)  # what {% now %} reads the clock with
    assert str(datetime.now().year + 1) in copyright_line()  # no purge happened: the kept footer is not used
