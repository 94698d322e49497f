"""Moderation is the secretariat's, every decision is on the trail, and nothing private leaks to anyone else."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plenary.consultations import services
from plenary.consultations.models import ContributionStatus
from plenary.consultations.permissions import can_moderate_contributions
from plenary.consultations.selectors import contribution_get_by_private_token, contribution_list
from plenary.consultations.tests.factories import make_call, submit
from plenary.core.models import Event
from plenary.core.visibility import can_see
from plenary.testing import ROLES

MODERATORS = {"secretariat", "site_admin"}


@pytest.fixture
def corpus(group, users):
    """One contribution in each state, each titled so that a leak is easy to find."""
    call = make_call(group)
    made = {}
    for status in ContributionStatus.values:
        contribution, _token = submit(
            call,
            title=f"TITLE{status.upper()}",
            text=f"Body of the {status} one, word{status}.",
            profile={"submitter_email": f"{status}@private.example", "submitter_name": f"NAME{status.upper()}"},
        )
        contribution.status = status
        contribution.save()
        made[status] = contribution
    consented, _token = submit(
        call, title="TITLECONSENTED", profile={"submitter_name": "Named Person", "publish_name": True}
    )
    consented.status = ContributionStatus.PUBLISHED
    consented.save()
    made["consented"] = consented
    return made


def _pages(group):
    return [
        reverse("groups:home", args=[group.slug]),
        reverse("consultations:calls", args=[group.slug]),
        reverse("consultations:call", args=[group.slug, "open"]),
        reverse("consultations:contributions", args=[group.slug]),
        reverse("consultations:feed", args=[group.slug]),
        reverse("consultations:call_feed", args=[group.slug, "open"]),
        reverse("consultations:export_csv", args=[group.slug]),
        reverse("consultations:export_json", args=[group.slug]),
        reverse("consultations:statistics", args=[group.slug]),
        f"/api/v1/groups/{group.slug}/contributions",
        f"/api/v1/groups/{group.slug}/calls/open",
        reverse("search") + "?q=body",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_nothing_private_in_any_public_page_feed_export_or_api(role, clients, group, corpus):
    client = clients[role]
    for url in _pages(group):
        if role in MODERATORS and url.startswith("/search/"):
            continue  # the secretariat's search rightly finds what it moderates
        body = client.get(url).getvalue().decode()
        for status, contribution in corpus.items():
            assert contribution.submitter_email not in body, (role, url)
            if status == "consented":
                continue
            assert contribution.submitter_name not in body, (role, url)
            if status != ContributionStatus.PUBLISHED:
                assert contribution.title not in body, (role, url, status)


@pytest.mark.parametrize("role", ROLES)
def test_permanent_pages_answer_404_unless_published_or_moderator(role, clients, corpus):
    for status, contribution in corpus.items():
        response = clients[role].get(contribution.get_absolute_url())
        visible = status in {"published", "consented"} or role in MODERATORS
        assert response.status_code == (200 if visible else 404), (role, status)


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_is_the_secretariats(role, clients, group, corpus):
    response = clients[role].get(reverse("consultations:moderation", args=[group.slug]))
    assert response.status_code == (200 if role in MODERATORS else 404)
    detail = clients[role].get(reverse("consultations:moderate", args=[group.slug, corpus["received"].pk]))
    assert detail.status_code == (200 if role in MODERATORS else 404)
    if role in MODERATORS:
        assert corpus["received"].submitter_email in detail.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_permission_predicates(role, users, group, corpus):
    user = users[role]
    assert can_moderate_contributions(user, group) == (role in MODERATORS)
    assert can_see(user, corpus["published"])
    assert can_see(user, corpus["received"]) == (role in MODERATORS)


def test_consented_name_is_public(client, corpus):
    assert "Named Person" in client.get(corpus["consented"].get_absolute_url()).content.decode()


def test_selector_filters_by_viewer(users, group, corpus):
    public = contribution_list(viewer=users["participant"], group=group)
    assert {c.status for c in public} == {ContributionStatus.PUBLISHED}
    assert contribution_list(viewer=users["secretariat"], group=group).count() == len(corpus)
    assert contribution_list(viewer=users["other_group_secretariat"], group=group).count() == 2


def test_private_token_selector(group):
    call = make_call(group)
    contribution, token = submit(call)
    assert contribution_get_by_private_token(token) == contribution
    assert contribution_get_by_private_token(token + "x") is None
    assert contribution_get_by_private_token("") is None


def test_reject_tells_the_submitter_and_needs_a_reason(users, corpus, django_capture_on_commit_callbacks):
    contribution = corpus["received"]
    with pytest.raises(ValidationError):
        services.contribution_reject(actor=users["secretariat"], contribution=contribution, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_reject(actor=users["secretariat"], contribution=contribution, reason="Off topic")
    assert "Off topic" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [contribution.submitter_email]
    event = Event.objects.for_object(contribution).get(verb="rejected")
    assert event.note == "Off topic"
    assert event.changes == {"status": ["received", "rejected"]}


def test_services_refuse_non_moderators(users, corpus):
    for role in ("participant", "member", "chair", "other_group_secretariat"):
        with pytest.raises(PermissionDenied):
            services.contribution_publish(actor=users[role], contribution=corpus["received"])


def test_bulk_spam_and_tags_from_the_pages(clients, group, corpus):
    from plenary.issues.models import Cluster, Issue

    cluster = Cluster.objects.create(group=group, number=1, slug="infra", title="Infrastructure")
    issue = Issue.objects.create(cluster=cluster, slug="spam", title="Spam")
    secretariat = clients["secretariat"]
    received = corpus["received"]
    secretariat.post(
        reverse("consultations:moderate", args=[group.slug, received.pk]), {"tags": "1", "issues": [issue.pk]}
    )
    assert list(received.issues.all()) == [issue]
    assert Event.objects.for_object(received).filter(verb="tagged").exists()
    secretariat.post(reverse("consultations:moderation", args=[group.slug]), {"ids": [received.pk], "action": "spam"})
    received.refresh_from_db()
    assert received.status == ContributionStatus.SPAM
    response = secretariat.post(
        reverse("consultations:moderation", args=[group.slug]), {"ids": [received.pk], "action": "reject"}
    )
    received.refresh_from_db()
    assert received.status == ContributionStatus.SPAM  # a rejection without a reason is refused
    assert response.status_code == 302


def test_queue_shows_suggested_tags_and_campaign(clients, group, corpus):
    from plenary.issues.models import Cluster, Issue

    cluster = Cluster.objects.create(group=group, number=1, slug="infra", title="Infrastructure")
    Issue.objects.create(cluster=cluster, slug="spam", title="Unsolicited e-mail")
    received = corpus["received"]
    received.suggested_tags = [{"issue": "spam", "score": 0.87}, {"issue": "dns", "score": 0.0001}]
    received.campaign = "form-letter-7"
    received.save()
    body = clients["secretariat"].get(reverse("consultations:moderation", args=[group.slug])).content.decode()
    assert "Unsolicited e-mail (87%)" in body  # the issue's name, not its slug, with a score people read
    assert "dns (under 1%)" in body and "0.00" not in body
    assert "form-letter-7" in body


def test_statistics_count_published_only(client, group, corpus):
    body = client.get(reverse("consultations:statistics", args=[group.slug])).content.decode()
    assert "Counted on 2 published contributions" in body
    assert "<svg" in body


def test_list_filters_and_query_count(client, group, corpus, django_assert_max_num_queries):
    url = reverse("consultations:contributions", args=[group.slug])
    assert "TITLEPUBLISHED" in client.get(url, {"country": "KE", "sort": "title"}).content.decode()
    assert "TITLEPUBLISHED" not in client.get(url, {"kind": "paper"}).content.decode()
    with django_assert_max_num_queries(14):
        client.get(url)
