"""One moderation queue: contributions and comments on drafts together, the same filters and decisions, pages by
keyset whatever their depth, and a trail that reads as sentences."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from plenary.consultations.models import Contribution, ContributionStatus
from plenary.consultations.moderation import queue_page
from plenary.consultations.tests.factories import make_call, submit
from plenary.core.models import Event
from plenary.drafting.models import DraftStatus, ParagraphComment
from plenary.drafting.tests.factories import make_comment, make_draft


@pytest.fixture
def waiting(group):
    """Three contributions and three comments, received at interleaved times an hour apart."""
    call = make_call(group)
    draft = make_draft(group, status=DraftStatus.CONSULTATION)
    key = draft.versions.get().paragraphs.exclude(kind="heading").first().key
    start = timezone.now() - dt.timedelta(days=1)
    made = []
    for n in range(3):
        contribution, _token = submit(call, title=f"CONTRIB{n}", text="Spam everywhere, from every side.")
        Contribution.objects.filter(pk=contribution.pk).update(submitted_at=start + dt.timedelta(hours=2 * n))
        comment, _token = make_comment(draft, key, text=f"COMMENT{n} on it", email=f"c{n}@example.org", published=False)
        ParagraphComment.objects.filter(pk=comment.pk).update(submitted_at=start + dt.timedelta(hours=2 * n + 1))
        made += [f"CONTRIB{n}", f"COMMENT{n}"]
    return {"call": call, "draft": draft, "order": made}


def _titles(page) -> list[str]:
    return [row.title.split(" ")[0] for row in page.object_list]


def test_both_kinds_in_one_queue_oldest_first_and_paged_by_keyset(users, group, waiting):
    secretariat = users["secretariat"]
    first = queue_page(viewer=secretariat, group=group, filters={}, per_page=4)
    assert _titles(first) == waiting["order"][:4] and first.has_next and not first.has_previous
    second = queue_page(viewer=secretariat, group=group, filters={}, cursor=first.next_cursor, per_page=4)
    assert _titles(second) == waiting["order"][4:] and not second.has_next and second.has_previous
    back = queue_page(viewer=secretariat, group=group, filters={}, cursor=second.previous_cursor, per_page=4)
    assert _titles(back) == waiting["order"][:4]


def test_filters_by_kind_origin_and_suggestions(users, group, waiting):
    secretariat = users["secretariat"]

    def titles(**filters):
        return _titles(queue_page(viewer=secretariat, group=group, filters=filters))

    assert titles(kind="comment") == ["COMMENT0", "COMMENT1", "COMMENT2"]
    assert titles(kind="contribution") == ["CONTRIB0", "CONTRIB1", "CONTRIB2"]
    assert titles(origin=f"draft:{waiting['draft'].slug}") == ["COMMENT0", "COMMENT1", "COMMENT2"]
    assert titles(origin=f"call:{waiting['call'].slug}") == ["CONTRIB0", "CONTRIB1", "CONTRIB2"]
    Contribution.objects.filter(title="CONTRIB1").update(suggested_tags=[{"issue": "spam", "score": 0.9}])
    assert titles(suggestions="yes") == ["CONTRIB1"]
    assert "CONTRIB1" not in titles(suggestions="no") and "COMMENT0" in titles(suggestions="no")
    assert titles(status="published") == []


def test_the_page_decides_both_kinds_at_once_and_reads_in_bounded_queries(
    clients, users, group, waiting, django_assert_max_num_queries
):
    url = reverse("consultations:moderation", args=[group.slug])
    secretariat = clients["secretariat"]
    with django_assert_max_num_queries(24):
        page = secretariat.get(url).content.decode()
    assert "CONTRIB0" in page and "COMMENT0 on it" in page
    comment = ParagraphComment.objects.get(text__startswith="COMMENT0")
    contribution = Contribution.objects.get(title="CONTRIB0")
    assert f'value="comment:{comment.pk}"' in page and f'value="contribution:{contribution.pk}"' in page
    response = secretariat.post(
        url, {"ids": [f"comment:{comment.pk}", f"contribution:{contribution.pk}"], "action": "publish"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    contribution.refresh_from_db()
    assert comment.status == contribution.status == ContributionStatus.PUBLISHED
    assert Event.objects.for_object(comment).filter(verb="published").exists()
    # Twice the items, the same number of queries: nothing is read row by row.
    for n in range(3, 9):
        submit(waiting["call"], title=f"CONTRIB{n}")
    with django_assert_max_num_queries(24):
        assert "CONTRIB8" in secretariat.get(url).content.decode()
    # A rejection without a reason is refused for every kind, and none of the chosen changes.
    other = ParagraphComment.objects.get(text__startswith="COMMENT1")
    secretariat.post(url, {"ids": [f"comment:{other.pk}"], "action": "reject"})
    other.refresh_from_db()
    assert other.status == ContributionStatus.RECEIVED


@pytest.mark.parametrize("role", ["anonymous", "participant", "member", "chair", "other_group_secretariat"])
def test_the_queue_is_the_secretariats_alone(clients, group, waiting, role):
    url = reverse("consultations:moderation", args=[group.slug])
    assert clients[role].get(url).status_code == 404
    comment = ParagraphComment.objects.get(text__startswith="COMMENT0")
    clients[role].post(url, {"ids": [f"comment:{comment.pk}"], "action": "publish"})
    comment.refresh_from_db()
    assert comment.status == ContributionStatus.RECEIVED


def test_a_damaged_page_link_is_a_400(clients, group, waiting):
    url = reverse("consultations:moderation", args=[group.slug])
    assert clients["secretariat"].get(url, {"after": "bm9wZQ"}).status_code == 400


def test_the_trail_reads_as_sentences(clients, users, group, waiting):
    from plenary.issues.models import Cluster, Issue

    cluster = Cluster.objects.create(group=group, number=1, slug="infra", title="Infrastructure")
    spam = Issue.objects.create(cluster=cluster, slug="spam", title="Spam")
    Issue.objects.create(cluster=cluster, slug="dns", title="Domain names")
    secretariat = users["secretariat"]
    secretariat.first_name, secretariat.last_name = "Ana", "Lima"
    secretariat.save()
    contribution = Contribution.objects.get(title="CONTRIB0")
    Contribution.objects.filter(pk=contribution.pk).update(
        suggested_tags=[{"issue": "spam", "score": 0.91}, {"issue": "dns", "score": 0.0}]
    )
    url = reverse("consultations:moderate", args=[group.slug, contribution.pk])
    page = clients["secretariat"].get(url).content.decode()
    # The suggestions are ticked as the form says, each by its name and score; nothing is dropped from view.
    assert "Spam (suggested, 91%)" in page and "Domain names (suggested, under 1%)" in page
    assert "scoring 30% or more" in page
    clients["secretariat"].post(url, {"issues": ["spam", "dns"], "action": "publish"})
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PUBLISHED
    assert sorted(contribution.issues.values_list("slug", flat=True)) == ["dns", "spam"]
    assert spam in contribution.issues.all()
    trail = clients["secretariat"].get(url).content.decode().split("Event trail", 1)[1]
    assert "received" in trail and "published by Ana Lima" in trail
    assert "Issue tags: Domain names, Spam" in trail
    assert "None" not in trail and "[" not in trail and "status:" not in trail


def test_a_comment_is_decided_from_its_own_page_with_its_trail_in_words(clients, users, group, waiting):
    users["secretariat"].first_name, users["secretariat"].last_name = "Ana", "Lima"
    users["secretariat"].save()
    comment = ParagraphComment.objects.get(text__startswith="COMMENT2")
    row = next(
        r
        for r in queue_page(viewer=users["secretariat"], group=group, filters={}).object_list
        if r.key == f"comment:{comment.pk}"
    )
    secretariat = clients["secretariat"]
    assert secretariat.get(row.url).status_code == 200
    moderate = reverse("drafting:moderate", args=[group.slug, waiting["draft"].slug, comment.pk])
    response = secretariat.post(moderate, {"status": "published", "next": "dispose"})
    assert response.status_code == 302 and response["Location"] == row.url
    page = secretariat.get(row.url).content.decode().split("Event trail", 1)[1]
    assert "received" in page and "published by Ana Lima" in page and "None" not in page
