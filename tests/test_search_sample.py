"""Search over the whole record, on the sample (`manage.py load_sample`): the chair's surname finds the person,
"third meeting" the meeting, "spam" the Spam issue; on SQLite and on PostgreSQL alike."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plenary.core.search import search
from plenary.groups.models import Membership, Role, WorkingGroup
from plenary.issues.models import Issue
from plenary.meetings.models import Meeting


@pytest.fixture(scope="module")
def _sample_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("sample-media")):
        call_command("load_sample", verbosity=0, stdout=io.StringIO())
        yield
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def sample(_sample_loaded, db):
    return WorkingGroup.objects.get(slug="wgig")


def _urls(results, kind: str) -> list[str]:
    return [hit.url for group in results.groups if group.source == kind for hit in group.hits]


def test_the_chair_the_third_meeting_and_the_spam_issue_are_found(sample):
    chair = Membership.objects.get(group=sample, role=Role.CHAIR)
    meeting = Meeting.objects.get(group=sample, number=3)
    spam = Issue.objects.get(cluster__group=sample, slug="spam")

    desai = search(viewer=None, query="Desai", grouped=True)
    assert any(url.endswith(f"#member-{chair.pk}") for url in _urls(desai, "members"))
    assert desai.groups[0].source == "members"  # the person first, before the input that names him

    third = search(viewer=None, query="third meeting", grouped=True)
    assert meeting.get_absolute_url() in _urls(third, "meetings")

    found = search(viewer=None, query="spam", grouped=True)
    assert spam.get_absolute_url() in _urls(found, "issues")
    assert {"issues", "contributions"} <= {group.source for group in found.groups}
    assert all(len(group.hits) <= 5 and group.count >= len(group.hits) for group in found.groups)


def test_the_search_page_groups_by_kind_with_facets_as_names(client, sample):
    spam = Issue.objects.get(cluster__group=sample, slug="spam")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": "spam"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{spam.get_absolute_url()}"' in page
    assert 'id="kind-issues"' in page and 'id="kind-contributions"' in page
    # Facets are choices of names, not boxes that want slugs.
    assert '<select name="issue"' in page and f'<option value="spam">{spam.title}</option>' in page
    assert '<select name="group"' in page and f">{sample.name}</option>" in page
    # one read per kind shown, never one per hit (savepoints, transaction control, are not reads)
    reads = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(reads) < 40, [sql[:120] for sql in reads]

    chosen = client.get(reverse("search"), {"q": "spam", "source": "issues"}).content.decode()
    assert f'href="{spam.get_absolute_url()}"' in chosen and 'id="kind-contributions"' not in chosen
    assert client.get(reverse("search"), {"q": "spam", "issue": "no-such-issue"}).status_code == 200


def test_closed_sessions_keep_their_agenda_out_of_the_index(sample):
    from plenary.meetings.models import SessionKind

    closed = (
        sample.meetings.get(number=3).sessions.filter(kind=SessionKind.CLOSED).exclude(agenda=None).first()
        or sample.meetings.filter(sessions__kind=SessionKind.CLOSED).first().sessions.filter(kind="closed").first()
    )
    item = closed.agenda.first()
    if item is None:
        pytest.skip("the sample's closed sessions have no agenda")
    words = [w for w in item.title.split() if len(w) > 6][:2]
    hits = search(viewer=None, query=" ".join(words), sources=["sessions"])
    assert closed.get_absolute_url() not in [hit.url for hit in hits.hits]
