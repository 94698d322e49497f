"""An internal draft and an unreleased assessment do not exist for the public: not in any page, feed, search or
API answer. Members and the secretariat see them."""

import pytest
from django.urls import reverse

from plenary.drafting.models import DraftStatus
from plenary.drafting.tests.factories import (
    make_assessment,
    make_call,
    make_comment,
    make_contribution,
    make_draft,
    make_issues,
)
from plenary.testing import ROLES

MEMBERS = {"member", "chair", "secretariat", "site_admin"}
SECRETS = ["INTERNALDRAFT", "SECRETPARAGRAPH", "HIDDENFINDING", "HIDDENARRANGEMENTS"]


@pytest.fixture
def world(group, users):
    data = make_issues(group)
    issues, principles = data["issues"], data["principles"]
    call = make_call(group)
    contribution, _token = make_contribution(group, call, issues=[issues["dns"]])
    _released, finding = make_assessment(group, issues["dns"], principles, released=True, contributions=[contribution])
    hidden, _hidden_finding = make_assessment(
        group, issues["privacy"], principles, released=False, finding_title="HIDDENFINDING"
    )
    hidden.arrangements = "HIDDENARRANGEMENTS are here"
    hidden.save()
    public = make_draft(
        group, slug="public", title="PUBLICDRAFT recommendations", status=DraftStatus.CONSULTATION, findings=[finding]
    )
    make_comment(public, public.versions.get().paragraphs.all()[1].key)
    internal = make_draft(group, slug="internal", title="INTERNALDRAFT recommendations")
    from plenary.drafting.tests.factories import new_version

    new_version(internal, {1: "SECRETPARAGRAPH about oversight."})
    return {"public": public, "internal": internal, "hidden": hidden, "issues": issues, "call": call}


def _pages(group, world):
    slug = group.slug
    return [
        reverse("groups:home", args=[slug]),
        reverse("assessment:matrix", args=[slug]),
        reverse("assessment:issue", args=[slug, "dns"]),
        reverse("assessment:issue", args=[slug, "privacy"]),
        reverse("issues:detail", args=[slug, "privacy"]),
        reverse("drafting:list", args=[slug]),
        reverse("drafting:feed", args=[slug]),
        reverse("drafting:detail", args=[slug, "public"]),
        reverse("drafting:comments", args=[slug, "public"]),
        reverse("reports:index", args=[slug]),
        reverse("reports:trace", args=[slug, "public"]),
        reverse("reports:synopsis_call", args=[slug, world["call"].slug]),
        reverse("reports:synopsis_draft", args=[slug, "public"]),
        "/search/?q=internaldraft",
        "/search/?q=secretparagraph",
        "/search/?q=hiddenfinding",
        "/search/?q=hiddenarrangements",
        f"/api/v1/groups/{slug}",
        f"/api/v1/groups/{slug}/issues",
        f"/api/v1/groups/{slug}/contributions",
        f"/api/v1/groups/{slug}/calls",
        f"/api/v1/groups/{slug}/documents",
        "/api/v1/groups/",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_no_trace_of_internal_work_for_the_public(role, clients, group, world):
    client = clients[role]
    for url in _pages(group, world):
        response = client.get(url)
        assert response.status_code == 200, (role, url)
        body = response.content.decode()
        if role not in MEMBERS:
            for secret in SECRETS:
                assert secret not in body, (role, url, secret)
            assert "/drafts/internal/" not in body, (role, url)
    assert "PUBLICDRAFT" in client.get(reverse("drafting:list", args=[group.slug])).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_internal_draft_urls_answer_404_to_the_public(role, clients, group, world):
    client = clients[role]
    urls = [
        reverse("drafting:detail", args=[group.slug, "internal"]),
        reverse("drafting:version", args=[group.slug, "internal", 1]),
        reverse("drafting:compare", args=[group.slug, "internal"]) + "?from=1&to=2",
        reverse("drafting:comments", args=[group.slug, "internal"]),
        reverse("reports:trace", args=[group.slug, "internal"]),
        reverse("reports:synopsis_draft", args=[group.slug, "internal"]),
    ]
    for url in urls:
        expected = 200 if role in MEMBERS else 404
        assert client.get(url).status_code == expected, (role, url)


@pytest.mark.parametrize("role", sorted(MEMBERS))
def test_members_see_internal_work_where_it_belongs(role, clients, group, world):
    client = clients[role]
    assert "INTERNALDRAFT" in client.get(reverse("drafting:list", args=[group.slug])).content.decode()
    assert (
        "HIDDENARRANGEMENTS" in client.get(reverse("assessment:issue", args=[group.slug, "privacy"])).content.decode()
    )
    assert "Not released" in client.get(reverse("assessment:matrix", args=[group.slug])).content.decode()
    assert "INTERNALDRAFT" in client.get("/search/?q=internaldraft").content.decode()
    assert "HIDDENARRANGEMENTS" in client.get("/search/?q=hiddenarrangements").content.decode()


def test_a_report_never_includes_unreleased_work(group, world):
    from plenary.reports.pipeline import compile_report, render_html

    html = render_html(compile_report(group=group, chart=False))
    for secret in SECRETS:
        assert secret not in html
    assert "PUBLICDRAFT" in html
