"""Traceability: from a piece of public input to the findings, recommendations and report that used it, and back.

Everything here is what the public may read: released assessments, public drafts, published input.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from plenary.assessment.models import Finding
from plenary.assessment.selectors import evidence_get, finding_list
from plenary.consultations.models import Call, Contribution
from plenary.consultations.selectors import contribution_get_by_private_token, contribution_queryset
from plenary.core.visibility import visible
from plenary.drafting.models import Disposition, Draft, ParagraphComment
from plenary.drafting.selectors import comment_list, draft_list, paragraph_change, version_get, version_list
from plenary.groups.models import WorkingGroup

from .models import BuildStatus, ReportBuild, ReportEdition, Submission


def participation(items) -> dict:
    """Who took part, by stakeholder group and by region (counts)."""
    by_sector = Counter(str(i.stakeholder_group) if i.stakeholder_group else "—" for i in items)
    by_region = Counter(i.region or "—" for i in items)
    return {
        "total": sum(by_sector.values()),
        "by_sector": sorted(by_sector.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_region": sorted(by_region.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def cited_references(group: WorkingGroup, texts: list[str]) -> set[str]:
    """Contribution references written into a text (e.g. WGIG/C/2005/0042)."""
    pattern = re.compile(re.escape(group.reference_prefix) + r"/C/\d{4}/\d{4,}")
    return {m for text in texts for m in pattern.findall(text)}


@dataclass
class RecommendationTrace:
    draft: Draft
    version: object
    issues: list
    findings: list[Finding]
    contributions: list[Contribution]
    comments: list[ParagraphComment]
    dispositions: list[tuple[str, int]] = field(default_factory=list)


def recommendation_trace(*, viewer, draft: Draft) -> RecommendationTrace:
    """The issues, findings, contributions and comments behind one recommendation document."""
    group = draft.group
    version = version_get(viewer=viewer, draft=draft)
    evidence = evidence_get(viewer=viewer, obj=draft)
    findings = evidence.findings
    published = contribution_queryset(viewer=None, group=group)
    texts = [p.text for p in version.paragraphs.all()]
    references = cited_references(group, texts)
    # Besides the draft's own evidence: the input behind the findings it answers and the input its text cites.
    contribution_q = Q(pk__in=[c.pk for c in evidence.contributions]) | Q(findings__in=[f.pk for f in findings])
    if references:
        contribution_q |= Q(reference__in=references)
    contributions = list(published.filter(contribution_q).distinct().order_by("reference").select_related("call"))
    comments = list(comment_list(viewer=None, draft=draft))
    tally = Counter(c.disposition or "" for c in comments)
    dispositions = [(str(Disposition(d).label), tally[d]) for d in Disposition.values if tally[d]]
    if tally[""]:
        dispositions.append(("—", tally[""]))
    return RecommendationTrace(
        draft=draft,
        version=version,
        issues=list(draft.issues.select_related("cluster")),
        findings=findings,
        contributions=contributions,
        comments=comments,
        dispositions=dispositions,
    )


@dataclass
class InputTrace:
    contribution: Contribution
    issues: list
    findings: list[Finding]
    drafts: list[dict]
    reports: list[ReportBuild]


def contribution_trace(*, token: str) -> InputTrace | None:
    """What became of the input behind a private link: issues, findings and drafts citing it, comment dispositions.

    Only what the public may read is shown (released findings, public drafts), so the page says nothing the
    group has not made public, and only this contribution: the link proves nothing about its holder's other input
    (each comment has a private link of its own).
    """
    contribution = contribution_get_by_private_token(token)
    if contribution is None:
        return None
    group = contribution.group
    public = AnonymousUser()
    findings = list(finding_list(viewer=public, group=group).filter(contributions=contribution))
    drafts = []
    for draft in draft_list(viewer=public, group=group).prefetch_related("findings", "contributions"):
        version = version_list(viewer=public, draft=draft).order_by("-number").first()
        if version is None:
            continue
        via = []
        if contribution in draft.contributions.all():
            via.append("cited")
        if any(f in findings for f in draft.findings.all()):
            via.append("finding")
        if contribution.reference in cited_references(group, [p.text for p in version.paragraphs.all()]):
            via.append("text")
        if via:
            drafts.append({"draft": draft, "version": version, "via": via})
    reports = []
    if drafts or findings:
        reports = list(ReportBuild.objects.filter(group=group, status=BuildStatus.DONE).order_by("-number")[:1])
    return InputTrace(
        contribution=contribution,
        issues=list(contribution.issues.all()),
        findings=findings,
        drafts=drafts,
        reports=reports,
    )


def call_synopsis(*, group: WorkingGroup, call: Call) -> dict:
    """Who took part in a call, the main points per issue and how they were taken into account."""
    contributions = list(
        contribution_queryset(viewer=None, group=group)
        .filter(call=call)
        .select_related("stakeholder_group")
        .prefetch_related("issues", "findings__assessment__issue")
        .order_by("reference")
    )
    public = AnonymousUser()
    visible_findings = set(finding_list(viewer=public, group=group).values_list("pk", flat=True))
    drafts = list(draft_list(viewer=public, group=group).prefetch_related("findings", "contributions"))
    per_issue: dict = {}
    for c in contributions:
        for issue in c.issues.all() or [None]:
            entry = per_issue.setdefault(
                issue, {"issue": issue, "contributions": [], "findings": set(), "drafts": set()}
            )
            entry["contributions"].append(c)
            for f in c.findings.all():
                if f.pk in visible_findings:
                    entry["findings"].add(f)
                    for d in drafts:
                        if f in d.findings.all():
                            entry["drafts"].add(d)
            for d in drafts:
                if c in d.contributions.all():
                    entry["drafts"].add(d)
    issues = sorted(
        per_issue.values(),
        key=lambda e: (
            e["issue"] is None,
            e["issue"].cluster.number if e["issue"] else 0,
            e["issue"].order if e["issue"] else 0,
        ),
    )
    for entry in issues:
        entry["findings"] = sorted(entry["findings"], key=lambda f: f.label)
        entry["drafts"] = sorted(entry["drafts"], key=lambda d: d.title)
        entry["taken_into_account"] = bool(entry["findings"] or entry["drafts"])
    return {"call": call, "participation": participation(contributions), "issues": issues, "count": len(contributions)}


def draft_synopsis(*, group: WorkingGroup, draft: Draft) -> dict:
    """Who commented on a draft, on which paragraphs, and the comment-response table from the dispositions."""
    public = AnonymousUser()
    comments = list(comment_list(viewer=public, draft=draft).order_by("version__number", "paragraph_number", "id"))
    by_paragraph = Counter(f"v{c.version.number} ¶{c.paragraph_number}" for c in comments)
    tally = Counter(c.disposition or "" for c in comments)
    return {
        "draft": draft,
        "participation": participation(comments),
        "by_paragraph": by_paragraph.most_common(),
        "dispositions": [(str(Disposition(d).label), tally[d]) for d in Disposition.values if tally[d]],
        "undecided": tally[""],
        "rows": [{"comment": c, "change": paragraph_change(comment=c)} for c in comments],
    }


def build_list(*, viewer, group: WorkingGroup) -> QuerySet[ReportBuild]:
    return visible(ReportBuild, viewer).filter(group=group).prefetch_related("files").order_by("-number")


def build_get(*, viewer, group: WorkingGroup, number: int) -> ReportBuild | None:
    return build_list(viewer=viewer, group=group).filter(number=number).first()


def submission_list(*, viewer, group: WorkingGroup) -> QuerySet[Submission]:
    return visible(Submission, viewer).filter(group=group).select_related("build")


def call_list_public(*, group: WorkingGroup) -> QuerySet[Call]:
    return visible(Call, None).filter(group=group).order_by("opens_at")


def edition_list(*, viewer, group: WorkingGroup) -> QuerySet[ReportEdition]:
    """The report's editions this viewer may read: adopted ones for the public, all for the members."""
    return visible(ReportEdition, viewer).filter(group=group).order_by("-adopted_on", "-created_at")


def edition_current(*, group: WorkingGroup) -> ReportEdition | None:
    """The edition the report carries, whoever asks: the latest adopted one (the report reads as the public)."""
    return edition_list(viewer=None, group=group).first()


# "My contributions and comments" --------------------------------------------------------------------------------------


def input_of(user) -> dict:
    """Everything this person sent (core.visibility.sent_by: by their account, or by its confirmed e-mail), with its
    status, the secretariat's reasons and dispositions, and where the group used it.

    Where it was used is what the public may read (released findings, public drafts), as on the private trace
    page; the person's own input is theirs to read whatever its status.
    """
    from plenary.core.visibility import can_see, sent_by

    public = AnonymousUser()
    contributions = []
    for c in sent_by(Contribution, user).select_related("group", "call").order_by("-submitted_at", "-id"):
        contributions.append(
            {
                "item": c,
                "is_public": can_see(None, c),
                "findings": list(finding_list(viewer=public, group=c.group).filter(contributions=c)),
                "drafts": list(
                    draft_list(viewer=public, group=c.group)
                    .filter(Q(contributions=c) | Q(findings__in=visible(Finding, None).filter(contributions=c)))
                    .distinct()
                ),
                "issues": list(c.issues.all()),
            }
        )
    comments = []
    queryset = sent_by(ParagraphComment, user).select_related(
        "draft__group", "version", "resulting_version", "version__draft__group"
    )
    for c in queryset.order_by("-submitted_at", "-id"):
        comments.append({"item": c, "is_public": can_see(None, c), "draft_public": can_see(None, c.draft)})
    return {"contributions": contributions, "comments": comments}
