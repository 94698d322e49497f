"""Builders for the assessment, drafting and reports tests: real services, no mocks."""

import datetime as dt

from django.utils import timezone

from plenary.assessment.models import Rating
from plenary.assessment.services import assessment_release, assessment_save, finding_save, rating_save
from plenary.consultations.models import Call, ContributionStatus
from plenary.consultations.services import call_save, contribution_submit
from plenary.drafting.models import DraftStatus, ParagraphKind
from plenary.drafting.services import ParagraphInput, comment_submit, draft_move, draft_save, draft_version_create
from plenary.issues.models import Cluster, Issue, Principle

UTC = dt.UTC
H, P = ParagraphKind.HEADING, ParagraphKind.PARAGRAPH


def make_issues(group) -> dict:
    cluster = Cluster.objects.create(
        group=group, number=1, slug="infra", title="Infrastructure", nature_of_cooperation="existing-organisations"
    )
    issues = {
        slug: Issue.objects.create(cluster=cluster, slug=slug, title=title, order=i)
        for i, (slug, title) in enumerate([("dns", "Domain names"), ("spam", "Spam"), ("privacy", "Privacy")])
    }
    principles = [
        Principle.objects.create(group=group, slug=slug, label=label, founding_text="WSIS", paragraph="48", order=i)
        for i, (slug, label) in enumerate([("multilateral", "Multilateral"), ("transparent", "Transparent")])
    ]
    return {"cluster": cluster, "issues": issues, "principles": principles}


def make_call(group, *, open_now: bool = True) -> Call:
    now = timezone.now()
    opens, closes = (
        (now - dt.timedelta(days=1), now + dt.timedelta(days=10))
        if open_now
        else (
            dt.datetime(2005, 1, 1, tzinfo=UTC),
            dt.datetime(2005, 2, 1, tzinfo=UTC),
        )
    )
    return call_save(
        actor=None, group=group, slug="call", title="A call for contributions", opens_at=opens, closes_at=closes
    )


def make_contribution(
    group,
    call,
    *,
    title="CONTRIBTITLE on names",
    email="author@example.org",
    issues=None,
    published=True,
    sector=None,
    country="BR",
):
    contribution, token = contribution_submit(
        actor=None,
        call=call,
        profile={
            "submitter_name": "Ada Author",
            "submitter_email": email,
            "on_behalf_of": "self",
            "stakeholder_group": sector,
            "country": country,
            "publish_name": True,
        },
        kind="comment",
        title=title,
        text="Text of the contribution.",
        issues=issues,
        now=call.opens_at + dt.timedelta(hours=1),
        notify=False,
    )
    if published:
        contribution.status = ContributionStatus.PUBLISHED
        contribution.published_at = timezone.now()
        contribution.save()
    return contribution, token


def make_assessment(group, issue, principles, *, released: bool, finding_title="FINDINGTITLE", contributions=()):
    assessment = assessment_save(actor=None, issue=issue, arrangements="ARRANGEMENTS text", summary="Summary")
    for principle, rating in zip(principles, [Rating.PARTLY, Rating.INADEQUATE], strict=False):
        rating_save(actor=None, assessment=assessment, principle=principle, rating=rating, rationale="Because.")
    finding = finding_save(
        actor=None,
        assessment=assessment,
        title=finding_title,
        text="Improvements are needed.",
        contributions=list(contributions),
    )
    if released:
        assessment_release(actor=None, assessment=assessment)
    return assessment, finding


V1 = [
    (H, "Names"),
    (P, "The first paragraph about oversight."),
    (P, "The second paragraph about names and numbers."),
    (H, "Spam"),
    (P, "Countries should adopt laws against spam."),
]


def make_draft(
    group,
    *,
    slug="recs",
    title="DRAFTTITLE recommendations",
    status=DraftStatus.INTERNAL,
    window=None,
    issues=(),
    findings=(),
    contributions=(),
):
    """A draft with one version; moved to consultation (window: (opens, closes), default open now) if asked."""
    draft = draft_save(
        actor=None,
        group=group,
        slug=slug,
        title=title,
        issues=list(issues),
        findings=list(findings),
        contributions=list(contributions),
    )
    draft_version_create(
        actor=None, draft=draft, paragraphs=[ParagraphInput(k, t) for k, t in V1], check_permission=False
    )
    if status in (DraftStatus.CONSULTATION, DraftStatus.REVISED, DraftStatus.FINAL):
        now = timezone.now()
        opens, closes = window or (now - dt.timedelta(days=1), now + dt.timedelta(days=30))
        draft = draft_move(
            actor=None,
            draft=draft,
            to=DraftStatus.CONSULTATION,
            opens_at=opens,
            closes_at=closes,
            check_permission=False,
        )
    if status in (DraftStatus.REVISED, DraftStatus.FINAL):
        draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
    if status == DraftStatus.FINAL:
        draft = draft_move(actor=None, draft=draft, to=DraftStatus.FINAL, check_permission=False)
    return draft


def profile(email="commenter@example.org", **extra) -> dict:
    return {
        "submitter_name": "Carla Commenter",
        "submitter_email": email,
        "on_behalf_of": "self",
        "stakeholder_group": None,
        "country": "KE",
        "publish_name": True,
        **extra,
    }


def make_comment(draft, key, *, text="COMMENTTEXT please change", email="commenter@example.org", published=True):
    comment, token = comment_submit(
        draft=draft,
        paragraph_key=key,
        text=text,
        profile=profile(email=email),
        status=ContributionStatus.PUBLISHED if published else ContributionStatus.RECEIVED,
    )
    return comment, token


def new_version(draft, changes: dict[int, str], *, add: str = "", drop: int | None = None, note=""):
    """A new version of the draft, from its latest: `changes` maps paragraph positions to new text."""
    latest = draft.versions.order_by("-number").first()
    blocks = []
    for i, p in enumerate(latest.paragraphs.all()):
        if i == drop:
            continue
        blocks.append(ParagraphInput(p.kind, changes.get(i, p.text), p.key))
    if add:
        blocks.insert(0, ParagraphInput(P, add))
    return draft_version_create(actor=None, draft=draft, paragraphs=blocks, note=note, check_permission=False)
