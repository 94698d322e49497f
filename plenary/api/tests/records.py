"""Builders for the API tests: a public record with something hidden at every step, made with the apps' services.

Each hidden thing carries a marker word, so a leak is easy to find in any answer: an internal draft, a version
from before its draft went public, a working (unreleased) assessment with its finding, an unpublished comment,
an unpublished contribution and non-public documents cited as evidence, a commenter who did not consent to
their name.
"""

import datetime as dt

from django.utils import timezone

from plenary.assessment.models import Actor, Rating
from plenary.assessment.services import assessment_save, finding_save, rating_save, role_statement_save
from plenary.consultations.models import ContributionStatus
from plenary.drafting.models import Disposition, DraftStatus
from plenary.drafting.services import (
    ParagraphInput,
    comment_dispose,
    comment_submit,
    draft_move,
    draft_save,
    draft_version_create,
)
from plenary.drafting.tests.factories import (
    V1,
    make_assessment,
    make_call,
    make_comment,
    make_contribution,
    make_draft,
    new_version,
    profile,
)
from plenary.issues.models import Cluster, Issue, Principle
from plenary.proceedings.services import decision_disclose, decision_link_paragraph, decision_record
from plenary.reports.services import report_build_request

# Words that must never come out of the public API, whoever asks.
HIDDEN = [
    "INTERNALDRAFT",
    "EARLYVERSIONTEXT",
    "WORKINGASSESSMENT",
    "WORKINGFINDING",
    "PRIVACY-F1",
    "UNPUBLISHEDCOMMENT",
    "UNPUBLISHEDEVIDENCE",
    "MEMBERSPAPER",
    "SECRETARIATPAPER",
    "Private Person",
    "Hidden Org",
    "@example.org",
]


def _issues(group) -> dict:
    cluster = Cluster.objects.create(group=group, number=2, slug="record", title="The record")
    issues = {
        slug: Issue.objects.create(cluster=cluster, slug=slug, title=title, order=i)
        for i, (slug, title) in enumerate([("names", "Domain names"), ("privacy", "Privacy")])
    }
    principles = [
        Principle.objects.create(group=group, slug=slug, label=label, founding_text="WSIS", paragraph="48", order=i)
        for i, (slug, label) in enumerate([("multilateral", "Multilateral"), ("transparent", "Transparent")])
    ]
    return {"issues": issues, "principles": principles}


def _public_draft(group, issues, findings, contributions):
    """A draft whose first version stayed with the members: it went public at version 2."""
    draft = draft_save(
        actor=None,
        group=group,
        slug="recs",
        title="PUBLICDRAFT recommendations",
        issues=[issues["names"]],
        findings=findings,
        contributions=contributions,
    )
    early = [ParagraphInput("paragraph", "EARLYVERSIONTEXT not for the public.")]
    draft_version_create(actor=None, draft=draft, paragraphs=early, check_permission=False)
    draft_version_create(
        actor=None, draft=draft, paragraphs=[ParagraphInput(k, t) for k, t in V1], check_permission=False
    )
    now = timezone.now()
    return draft_move(
        actor=None,
        draft=draft,
        to=DraftStatus.CONSULTATION,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        check_permission=False,
    )


def make_record(group, users, meeting, documents) -> dict:
    data = _issues(group)
    issues, principles = data["issues"], data["principles"]
    call = make_call(group)
    cited, _ = make_contribution(group, call, title="CITEDINPUT", issues=[issues["names"]])
    unpublished, _ = make_contribution(
        group, call, title="UNPUBLISHEDEVIDENCE", email="evidence@example.org", published=False
    )
    evidence_documents = list(documents.values())  # one at each visibility
    released, finding = make_assessment(
        group, issues["names"], principles, released=True, finding_title="RELEASEDFINDING", contributions=[cited]
    )
    finding_save(
        actor=None,
        assessment=released,
        number=finding.number,
        title="RELEASEDFINDING",
        text="Improvements are needed.",
        contributions=[cited, unpublished],
        documents=evidence_documents,
        meetings=[meeting],
    )
    rating_save(
        actor=None,
        assessment=released,
        principle=principles[0],
        rating=Rating.PARTLY,
        rationale="Some oversight is shared.",
        minority_views="Some members found it adequate.",
    )
    role_statement_save(actor=None, assessment=released, stakeholder=Actor.GOVERNMENTS, statement="Set policy.")
    working, working_finding = make_assessment(
        group, issues["privacy"], principles, released=False, finding_title="WORKINGFINDING"
    )
    assessment_save(actor=None, issue=issues["privacy"], summary="WORKINGASSESSMENT summary")

    draft = _public_draft(group, issues, [finding, working_finding], [cited, unpublished])
    keys = [p.key for p in draft.versions.get(number=2).paragraphs.all()]
    consenting, _ = make_comment(draft, keys[1], text="PUBLISHEDCOMMENT add numbers")
    anonymous, _ = comment_submit(
        draft=draft,
        paragraph_key=keys[2],
        text="ANONYMOUSCOMMENT on names",
        profile=profile(
            email="private.commenter@example.org",
            submitter_name="Private Person",
            organisation="Hidden Org Ltd",
            publish_name=False,
        ),
        status=ContributionStatus.PUBLISHED,
    )
    hidden_comment, _ = make_comment(
        draft, keys[1], text="UNPUBLISHEDCOMMENT awaiting moderation", email="waiting@example.org", published=False
    )
    draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
    v3 = new_version(draft, {1: "The first paragraph about oversight, revised."}, note="After the consultation.")
    comment_dispose(
        actor=users["secretariat"],
        comment=consenting,
        disposition=Disposition.ACCEPTED,
        reason="Added.",
        resulting_version=v3,
    )
    internal = make_draft(group, slug="internal", title="INTERNALDRAFT plans", issues=[issues["names"]])
    build = report_build_request(actor=users["secretariat"], group=group, enqueue=False)
    closed = meeting.sessions.get(kind="closed")
    decision = decision_record(actor=users["secretariat"], session=closed, title="Adopt it", proposed_by="The chair")
    decision_link_paragraph(actor=users["secretariat"], decision=decision, draft=draft, key=keys[1])
    decision_disclose(actor=users["chair"], decision=decision)
    return {
        "issues": issues,
        "cited": cited,
        "unpublished": unpublished,
        "released": released,
        "working": working,
        "finding": finding,
        "draft": draft,
        "keys": keys,
        "comments": {"consenting": consenting, "anonymous": anonymous, "hidden": hidden_comment},
        "internal": internal,
        "build": build,
        "decision": decision,
        "session": meeting.sessions.get(kind="open"),
    }


# Path values under which every operation of the document answers with the record above.
def path_values(group, record: dict, world: dict | None = None) -> dict:
    values = {"slug": group.slug, "draft": "recs", "version": 2, "issue": "names", "number": record["build"].number}
    values["session"] = record["session"].pk
    if world is not None:
        published = world["published"]
        values.update(call="open", year=published.year, sequence=published.sequence)
    return values
