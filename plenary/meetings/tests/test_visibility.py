"""What a role may not see does not exist for it: 404 on its URL, and no trace in any list, count or feed."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from plenary.core.models import Visibility
from plenary.meetings.selectors import document_list
from plenary.meetings.services import document_release
from plenary.testing import ROLES, SEES

LEVELS = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT]


def _pages(group, meeting):
    return [
        reverse("groups:home", args=[group.slug]),
        reverse("meetings:list", args=[group.slug]),
        reverse("meetings:detail", args=[group.slug, meeting.number]),
        reverse("meetings:documents", args=[group.slug]),
        reverse("meetings:calendar", args=[group.slug]),
        reverse("groups:news_feed", args=[group.slug]),
        reverse("issues:list", args=[group.slug]),
        reverse("groups:members", args=[group.slug]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_document_pages_answer_404_to_those_who_may_not_see(role, clients, documents, group):
    client = clients[role]
    for level, document in documents.items():
        document.file.save(f"{level}.txt", ContentFile(b"file body"))
        detail = client.get(reverse("meetings:document", args=[group.slug, document.pk]))
        download = client.get(reverse("meetings:document_download", args=[group.slug, document.pk]))
        expected = 200 if level in SEES[role] else 404
        assert detail.status_code == expected, (role, level)
        assert download.status_code == expected, (role, level)
        if expected == 200:
            assert download["Content-Disposition"].startswith("attachment")
            assert download["Content-Type"] == "application/octet-stream"
            assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role", ROLES)
def test_no_trace_in_lists_counts_or_feeds(role, clients, documents, group, meeting):
    client = clients[role]
    hidden = [d for level, d in documents.items() if level not in SEES[role]]
    shown = [d for level, d in documents.items() if level in SEES[role]]
    for url in _pages(group, meeting):
        body = client.get(url).content.decode()
        for document in hidden:
            assert document.title not in body, (role, url)
            assert f"/documents/{document.pk}/" not in body, (role, url)
    listing = client.get(reverse("meetings:documents", args=[group.slug])).content.decode()
    for document in shown:
        assert document.title in listing
    assert document_list(viewer=client_user(client), group=group).count() == len(shown)


def client_user(client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else AnonymousUser()


@pytest.mark.parametrize("role", ROLES)
def test_closed_session_shows_that_it_happened_not_its_papers(role, clients, documents, group, meeting):
    body = clients[role].get(reverse("meetings:detail", args=[group.slug, meeting.number])).content.decode()
    assert "Closed meeting" in body
    assert "Closed (members only)" in body
    assert ("MEMBERSPAPER" in body) == (Visibility.MEMBERS in SEES[role])
    if Visibility.MEMBERS not in SEES[role]:
        assert "This session was closed" in body


def test_release_date_makes_a_paper_public(clients, documents, group):
    paper = documents[Visibility.MEMBERS]
    url = reverse("meetings:document", args=[group.slug, paper.pk])
    assert clients["anonymous"].get(url).status_code == 404
    paper.released_on = dt.date.today() + dt.timedelta(days=1)
    paper.save()
    assert clients["anonymous"].get(url).status_code == 404
    paper.released_on = dt.date.today()
    paper.save()
    assert clients["anonymous"].get(url).status_code == 200
    assert paper in document_list(viewer=None)


def test_release_service_records_the_change(users, documents):
    paper = documents[Visibility.SECRETARIAT]
    document_release(actor=users["secretariat"], document=paper, note="decided at the closed session")
    from plenary.core.models import Event

    event = Event.objects.for_object(paper).first()
    assert event.verb == "released"
    assert event.changes == {"visibility": ["secretariat", "public"]}
    assert event.actor_label == "secretariat"


def test_other_groups_secretariat_sees_nothing_of_this_group(clients, documents, group):
    client = clients["other_group_secretariat"]
    for level in (Visibility.MEMBERS, Visibility.SECRETARIAT):
        assert client.get(reverse("meetings:document", args=[group.slug, documents[level].pk])).status_code == 404


def test_meeting_page_query_count_does_not_grow_with_documents(
    client, django_assert_max_num_queries, documents, group, meeting
):
    url = reverse("meetings:detail", args=[group.slug, meeting.number])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
