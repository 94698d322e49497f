"""Traceability: a contribution -> its issue -> a finding -> a recommendation -> the report, and back, for the
contributor through the private link on their receipt."""

import pytest
from django.urls import reverse

from plenary.drafting.models import Disposition, DraftStatus
from plenary.drafting.services import comment_dispose, draft_move
from plenary.drafting.tests.factories import (
    make_assessment,
    make_call,
    make_comment,
    make_contribution,
    make_draft,
    make_issues,
    new_version,
)
from plenary.groups.models import StakeholderGroup


@pytest.fixture
def chain(group, users):
    data = make_issues(group)
    issues, principles = data["issues"], data["principles"]
    call = make_call(group)
    civil = StakeholderGroup.objects.create(slug="civil-society", name="Civil society")
    contribution, token = make_contribution(
        group, call, title="CITEDINPUT on names", issues=[issues["dns"]], sector=civil, country="KE"
    )
    _other, other_token = make_contribution(
        group, call, title="UNCITEDINPUT on spam", email="b@example.org", issues=[issues["spam"]], country="FR"
    )
    _assessment, finding = make_assessment(
        group, issues["dns"], principles, released=True, finding_title="NAMESFINDING", contributions=[contribution]
    )
    draft = make_draft(
        group,
        slug="recs",
        title="NAMESRECS",
        status=DraftStatus.CONSULTATION,
        issues=[issues["dns"]],
        findings=[finding],
    )
    key = draft.versions.get().paragraphs.all()[2].key
    comment, comment_token = make_comment(draft, key, email="author@example.org", text="MYCOMMENT on numbers")
    draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
    v2 = new_version(draft, {2: "The second paragraph about names and numbers, revised."})
    comment_dispose(
        actor=users["secretariat"],
        comment=comment,
        disposition=Disposition.PARTLY,
        reason="PARTLYREASON",
        resulting_version=v2,
    )
    return {
        "contribution": contribution,
        "token": token,
        "other_token": other_token,
        "finding": finding,
        "draft": draft,
        "call": call,
        "v2": v2,
        "comment_token": comment_token,
    }


def test_what_became_of_your_input_shows_the_whole_chain(client, group, chain):
    url = reverse("reports:input_trace", args=[group.slug, chain["token"]])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert chain["contribution"].reference in body
    assert "Domain names" in body  # the issue it was tagged with
    assert "NAMESFINDING" in body  # the finding that cites it
    assert "NAMESRECS" in body  # the recommendation that answers the finding
    assert "through a finding" in body
    assert chain["v2"].get_absolute_url() in body
    assert "PARTLYREASON" not in body  # the comment's disposition is on its own private page
    receipt = client.get(reverse("drafting:comment_receipt", args=[group.slug, chain["comment_token"]]))
    assert "Partly accepted" in receipt.content.decode() and "PARTLYREASON" in receipt.content.decode()


def test_a_contribution_with_someone_elses_email_reads_none_of_their_comments(client, group, chain):
    """The private link proves who holds it, not who owns an e-mail address: nobody reads another's comments."""
    _contribution, token = make_contribution(group, chain["call"], title="Impostor", email="author@example.org")
    body = client.get(reverse("reports:input_trace", args=[group.slug, token])).content.decode()
    assert "MYCOMMENT" not in body and "PARTLYREASON" not in body and "Partly accepted" not in body


def test_an_uncited_input_shows_that_nothing_cites_it_yet(client, group, chain):
    body = client.get(reverse("reports:input_trace", args=[group.slug, chain["other_token"]])).content.decode()
    assert "Spam" in body
    assert "NAMESFINDING" not in body
    assert "No public recommendation draws on it yet." in body


def test_a_wrong_token_or_group_is_404(client, group, other_group, chain):
    assert client.get(reverse("reports:input_trace", args=[group.slug, "not-a-token"])).status_code == 404
    assert client.get(reverse("reports:input_trace", args=[other_group.slug, chain["token"]])).status_code == 404


def test_a_text_citation_counts_too(client, group, chain, users):
    draft = chain["draft"]
    new_version(draft, {3: f"As {chain['contribution'].reference} argued, spam laws should be enforced."})
    draft.findings.clear()
    body = client.get(reverse("reports:input_trace", args=[group.slug, chain["token"]])).content.decode()
    assert "cited in the text" in body


def test_recommendation_trace_lists_what_is_behind_it(client, group, chain):
    body = client.get(reverse("reports:trace", args=[group.slug, "recs"])).content.decode()
    assert "Domain names" in body
    assert "NAMESFINDING" in body
    assert chain["contribution"].reference in body
    assert "UNCITEDINPUT" not in body
    assert "Partly accepted: 1" in body


def test_synopses_count_who_took_part_and_how_input_was_used(client, group, chain):
    body = client.get(reverse("reports:synopsis_call", args=[group.slug, chain["call"].slug])).content.decode()
    assert "Civil society" in body and "Africa" in body and "Europe" in body
    assert "NAMESFINDING" in body
    assert "Considered; not cited in a finding or recommendation." in body  # the spam input
    body = client.get(reverse("reports:synopsis_draft", args=[group.slug, "recs"])).content.decode()
    assert "Partly accepted" in body
    table = client.get(reverse("drafting:comments", args=[group.slug, "recs"])).content.decode()
    assert "PARTLYREASON" in table and "MYCOMMENT" in table


def test_the_receipt_links_to_what_became_of_the_input(client, group, chain):
    receipt = client.get(reverse("consultations:private", args=[group.slug, chain["token"]])).content.decode()
    assert reverse("reports:input_trace", args=[group.slug, chain["token"]]) in receipt
    assert "What became of your input" in receipt
