"""Search: ranked, highlighted, filtered, and only what the viewer may see, on SQLite FTS5 and PostgreSQL."""

import pytest
from django.urls import reverse

from plenary.consultations.models import ContributionStatus
from plenary.consultations.tests.factories import make_call, submit
from plenary.core.search import normalise, query_terms, reindex, search, snippet
from plenary.testing import ROLES, SEES


def test_chinese_is_split_into_bigrams():
    assert normalise("互联网治理").split() == ["互联", "联网", "网治", "治理"]
    assert query_terms("Internet 治理!") == ["internet", "治理"]


def test_snippet_escapes_and_highlights():
    html = snippet("<script>x</script> the consultations on access", ["consultation"])
    assert "<script>" not in html
    assert "<mark>consultations</mark>" in html


@pytest.mark.parametrize("role", ROLES)
def test_documents_only_at_levels_the_viewer_may_read(role, users, documents):
    user = users[role]
    for level, word in [("members", "SECRETWORDMEMBERS"), ("secretariat", "SECRETWORDSECRETARIAT")]:
        results = search(viewer=user, query=word)
        assert (results.total == 1) == (level in SEES[role]), (role, level)


def test_ranked_with_title_first_and_filters(group, users):
    call = make_call(group)
    body_hit, _ = submit(call, title="Other", text="governance " * 3, profile={"country": "FR"})
    title_hit, _ = submit(call, title="Governance of names", text="names", profile={"country": "BR"})
    for c in (body_hit, title_hit):
        c.status = ContributionStatus.PUBLISHED
        c.save()
    results = search(viewer=None, query="governance")
    assert [h.title.split(" ", 1)[1] for h in results.hits] == ["Governance of names", "Other"]
    assert search(viewer=None, query="governance", filters={"country": "FR"}).total == 1
    assert search(viewer=None, query="governance", filters={"group": "nope"}).total == 0


def test_chinese_and_french_contributions_are_found(group):
    call = make_call(group)
    zh, _ = submit(call, title="意见", text="我们关心互联网治理和多语言域名。")
    fr, _ = submit(call, title="Avis", text="La gouvernance de l'Internet concerne les États.")
    for c in (zh, fr):
        c.status = ContributionStatus.PUBLISHED
        c.save()
    assert search(viewer=None, query="互联网治理").total == 1
    assert search(viewer=None, query="États").total == 1
    assert search(viewer=None, query="etats").total == 1


def test_news_and_reindex(group):
    from django.utils import timezone

    from plenary.groups.models import NewsItem

    NewsItem.objects.create(group=group, slug="n", title="Press note", body="Ocelot text", published_at=timezone.now())
    NewsItem.objects.create(group=group, slug="f", title="Future", body="Ocelot later", published_at=None)
    assert search(viewer=None, query="ocelot").total == 1
    assert reindex(["news"]) == 2
    assert search(viewer=None, query="ocelot", sources=["news"]).total == 1


def test_the_search_page(client, documents):
    response = client.get(reverse("search"), {"q": "access"})
    assert response.status_code == 200
    assert "PUBLICPAPER" in response.content.decode()
    assert client.get(reverse("search")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_comments_and_findings_only_for_those_who_may_read_them(role, users, group):
    from plenary.drafting.models import DraftStatus
    from plenary.drafting.tests.factories import make_assessment, make_comment, make_draft, make_issues

    draft = make_draft(group, status=DraftStatus.CONSULTATION)
    key = draft.versions.get().paragraphs.exclude(kind="heading").first().key
    make_comment(draft, key, text="OCELOTPUBLISHED comment")
    make_comment(draft, key, text="OCELOTWAITING comment", email="w@example.org", published=False)
    issues = make_issues(group)
    make_assessment(group, issues["issues"]["dns"], [], released=False, finding_title="OCELOTFINDING unreleased")
    user = users[role]
    assert search(viewer=user, query="OCELOTPUBLISHED").total == 1
    assert (search(viewer=user, query="OCELOTWAITING").total == 1) == ("secretariat" in SEES[role])
    assert (search(viewer=user, query="OCELOTFINDING", sources=["findings"]).total == 1) == ("members" in SEES[role])


def test_a_person_is_found_by_name_and_a_rename_follows(group):
    from plenary.groups.models import Membership, Person, Role

    person = Person.objects.create(name="Ada Okonkwo-Lindqvist")
    Membership.objects.create(group=group, person=person, role=Role.MEMBER, country="SE")
    Membership.objects.create(group=group, person=person, role=Role.OBSERVER)
    assert search(viewer=None, query="Okonkwo", sources=["members"]).total == 2
    person.name = "Ada Lindqvist"
    person.save()  # the name is in each of the person's memberships: each entry follows
    assert search(viewer=None, query="Okonkwo").total == 0
    assert search(viewer=None, query="Lindqvist", sources=["members"]).total == 2
    assert search(viewer=None, query="Lindqvist", filters={"country": "SE"}).total == 1
    Person.objects.create(name="Demo Okonkwo", is_demo=True).memberships.create(group=group, role=Role.MEMBER)
    assert search(viewer=None, query="Demo Okonkwo").total == 0  # demo accounts are never listed


def test_a_filter_a_source_lacks_excludes_it(group, documents):
    from plenary.drafting.tests.factories import make_issues

    make_issues(group)
    assert search(viewer=None, query="spam", sources=["issues"]).total == 1
    assert search(viewer=None, query="spam", filters={"call": "any"}, sources=["issues"]).total == 0
    assert search(viewer=None, query="spam", filters={"issue": "spam"}, sources=["issues"]).total == 1
    assert search(viewer=None, query="spam", filters={"issue": "dns"}, sources=["issues"]).total == 0


def test_a_few_issues_still_show_beside_many_newer_contributions(group, monkeypatch):
    """The ranked window holds the most recent matches; when they are all contributions, each other kind is asked
    on its own, from the index, so the issue is not crowded out."""
    from plenary.core import search as search_module
    from plenary.drafting.tests.factories import make_issues

    make_issues(group)  # "Spam" among them, indexed first: the oldest entries
    call = make_call(group)
    for n in range(6):
        contribution, _ = submit(call, title=f"Spam {n}", text="Spam again.")
        contribution.status = ContributionStatus.PUBLISHED
        contribution.save()
    monkeypatch.setattr(search_module, "CANDIDATES", 4)
    results = search(viewer=None, query="spam", grouped=True)
    groups = {g.source: g for g in results.groups}
    assert not results.exact
    assert [h.title for h in groups["issues"].hits] == ["Spam"] and groups["issues"].exact
    assert groups["contributions"].count == 4 and not groups["contributions"].exact
    # Paged (a kind chosen, or not grouped), only the window is ranked, as before.
    assert "issues" not in search(viewer=None, query="spam").counts


def _ocelot_record(group, documents):
    """Documents at each visibility and contributions (three published, one still received, the newest), all
    naming "ocelot"; the contributions are indexed after the documents, so they are the most recent matches."""
    for document in documents.values():
        document.text = f"{document.text} Ocelot habitat."
        document.save()
    call = make_call(group)
    for n in range(3):
        contribution, _ = submit(call, title=f"Ocelot view {n}", text="Ocelot again and ocelot.")
        contribution.status = ContributionStatus.PUBLISHED
        contribution.save()
    submit(call, title="OCELOTRECEIVED view", text="Ocelot, not yet published.")


@pytest.mark.parametrize("role", ROLES)
def test_grouped_search_beyond_its_window_shows_each_role_only_what_it_may_see(
    role, users, group, documents, monkeypatch
):
    """With the window of recent matches overflowing, the other kinds are asked from the index together: the
    documents found are exactly those of the levels this role may read, and a contribution not yet published is
    found by no one outside the group's secretariat."""
    from plenary.core import search as search_module

    _ocelot_record(group, documents)
    monkeypatch.setattr(search_module, "CANDIDATES", 1)
    results = search(viewer=users[role], query="ocelot", grouped=True)
    groups = {g.source: g for g in results.groups}
    assert not results.exact
    expected = {d.title for level, d in documents.items() if level in SEES[role]}
    assert {h.title for h in groups["documents"].hits} == expected, role
    assert groups["documents"].count == len(expected) and groups["documents"].exact
    every_title = [h.title for g in results.groups for h in g.hits]
    if role not in ("secretariat", "site_admin"):
        assert not any("OCELOTRECEIVED" in t for t in every_title), role
    # Snippets of the hits shown are cut for them and highlighted.
    assert all("<mark>" in h.snippet.lower() for g in results.groups for h in g.hits if g.source == "documents")


def test_the_other_kinds_rank_as_each_alone_would(group, documents, monkeypatch):
    """Asked together, each kind's matches come with the rank and order a query of that kind alone gives."""
    from django.db import connection

    from plenary.core import search as search_module

    _ocelot_record(group, documents)
    backend = search_module._backend()
    sets = search_module._visible_sets(None, {}, None)
    entries_of = search_module._visible_entries(sets)
    terms = ["ocelot"]
    kinds = ["documents", "contributions", "news"]
    together = backend.candidates_by_kind(entries_of, terms, kinds, 10)
    alone = {k: backend.candidates(entries_of([k]), terms, 10, kind=k) for k in kinds}
    assert together == {k: rows for k, rows in alone.items() if rows}
    assert len(together["contributions"]) == 3 and len(together["documents"]) == 1
    if connection.vendor == "sqlite":
        # A bound of 2 a kind, 6 in all: no kind fills it, and all is read in one statement.
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert backend.candidates_by_kind(entries_of, terms, kinds, 2) == {
                k: rows[:2] for k, rows in together.items()
            }
        assert sum("MATCH" in q["sql"] for q in ctx.captured_queries) == 1


def test_a_busy_kind_that_fills_the_bound_does_not_crowd_out_another(group, documents):
    """Six newer contributions against a bound of 2 a kind (4 in all): the one older document is still found,
    asked on its own once the common bound is full."""
    from plenary.core import search as search_module

    _ocelot_record(group, documents)
    call = make_call(group, slug="second")
    for n in range(3):
        contribution, _ = submit(call, title=f"More ocelot {n}", text="Ocelot.")
        contribution.status = ContributionStatus.PUBLISHED
        contribution.save()
    sets = search_module._visible_sets(None, {}, None)
    found = search_module._backend().candidates_by_kind(
        search_module._visible_entries(sets),
        ["ocelot"],
        ["contributions", "documents"],
        2,
    )
    assert len(found["contributions"]) == 2
    assert [row[2] for row in found["documents"]] == ["documents"]
