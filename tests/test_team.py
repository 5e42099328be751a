"""Visitors meet the clinicians: a team page, a profile for each, bylines that lead there."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from site_pages.models import Person
from team.models import ClinicianPage, TeamIndexPage
from tests.factories import BlogPageFactory


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def team(home, blog_index):
    index = TeamIndexPage(title="Our team", slug="team")
    home.add_child(instance=index)
    people = [
        Person.objects.create(name="Maya Ellison", credentials="MD, FRCPC", role="Psychiatrist", bio="Leads the team."),
        Person.objects.create(name="Sam Okafor", credentials="MSW, RSW", role="Psychotherapist"),
    ]
    for person in people:
        profile = ClinicianPage(title=person.name, slug=person.name.lower().replace(" ", "-"), person=person)
        index.add_child(instance=profile)
        person.profile_page = profile
        person.save()
    return index, people


@pytest.mark.django_db
def test_visitor_reads_a_clinicians_profile_with_the_posts_they_wrote_or_reviewed(client, team, blog_index):
    _, (maya, sam) = team
    BlogPageFactory(parent=blog_index, slug="reviewed", title="Reviewed guide", reviewed_by=maya)
    written = BlogPageFactory(parent=blog_index, slug="written", title="Written guide")
    written.authors = [written.authors.model(person=maya)]
    written.save_revision().publish()
    BlogPageFactory(parent=blog_index, slug="other", title="Someone else's", reviewed_by=sam)
    soup = soup_of(client, maya.get_url())
    assert soup.find("h1").get_text() == "Maya Ellison"
    assert soup.select_one(".profile__credentials").get_text() == "MD, FRCPC"
    assert "Leads the team." in soup.get_text()
    titles = {a.get_text() for a in soup.select(".related .card__link")}
    assert titles == {"Reviewed guide", "Written guide"}


@pytest.mark.django_db
def test_visitor_follows_a_byline_to_the_reviewers_profile(client, team, blog_index):
    _, (maya, _) = team
    post = BlogPageFactory(parent=blog_index, slug="signed", reviewed_by=maya)
    link = soup_of(client, post.url).select_one(".byline a.byline__name")
    assert link["href"] == "/team/maya-ellison/" == maya.get_url()


@pytest.mark.django_db
def test_person_without_a_live_profile_has_no_url(team):
    _, (maya, _) = team
    assert Person.objects.create(name="No Profile").get_url() is None
    maya.profile_page.unpublish()
    maya.refresh_from_db()
    assert maya.get_url() is None


@pytest.mark.django_db
def test_visitor_sees_every_clinician_on_the_team_page_in_a_fixed_number_of_queries(client, team, blog_index):
    index, _ = team
    client.get(index.url)
    with CaptureQueriesContext(connection) as few:
        soup = soup_of(client, index.url)
    assert [a.get_text() for a in soup.select(".card__link")] == ["Maya Ellison, MD, FRCPC", "Sam Okafor, MSW, RSW"]
    for i in range(4):
        person = Person.objects.create(name=f"Clinician {i}")
        index.add_child(instance=ClinicianPage(title=person.name, slug=f"clinician-{i}", person=person))
    client.get(index.url)
    with CaptureQueriesContext(connection) as many:
        soup_of(client, index.url)
    assert len(many) == len(few)
