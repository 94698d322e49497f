"""Runs of the analysis engine and the suggestions it gives the moderators. Every decision goes on the trail."""

from __future__ import annotations

import logging
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.consultations.models import Call, Contribution
from plenary.consultations.services import contribution_tags_set
from plenary.core.lazy import lazy_module
from plenary.core.models import EventVerb
from plenary.core.services import event_record
from plenary.groups.models import WorkingGroup
from plenary.issues.models import Issue

from .adapter import (
    labelled_examples,
    options_for,
    published_contributions,
    questions_for,
    record_from,
    stock_line_key,
    stored_analysis,
    taxonomy_for,
    with_evidence,
)
from .models import CAMPAIGN_KINDS, STOCK_KINDS, AnalysisDecision, AnalysisRun, DecisionKind, RunStatus, RunTrigger
from .permissions import can_decide_analysis

insight = lazy_module("insight")  # the engine and numpy: imported by the first run, not by every worker

log = logging.getLogger(__name__)

SUGGESTIONS_KEPT = 5
TO_TAG = 10  # contributions the moderation page asks the secretariat to tag first (the engine's least sure)
# A campaign is stored on its members under the reference of its representative: stable from run to run as long
# as the representative stays in it, and readable by people.
MEMBER_IDS_KEPT = 5000


def analysis_request(*, actor, group: WorkingGroup, call: Call | None = None, trigger: str) -> AnalysisRun:
    """Queue a run over the group's (or a call's) published contributions, unless one is already queued.

    Anyone's publication may trigger it; on demand, the secretariat. The run itself happens in the task worker.
    """
    from .tasks import analysis_run_task

    with transaction.atomic():
        queued = AnalysisRun.objects.filter(group=group, call=call, status=RunStatus.QUEUED).first()
        if queued is not None:
            return queued
        run = AnalysisRun.objects.create(
            group=group,
            call=call,
            trigger=trigger,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        event_record(actor=actor, verb="analysis_requested", target=run, group_slug=group.slug, note=trigger)
    transaction.on_commit(lambda: analysis_run_task.enqueue(run_id=run.pk))
    return run


def analysis_execute(*, run_id: int) -> AnalysisRun:
    """Run the engine for one queued run and keep its results. Idempotent: a run already started is left alone."""
    with transaction.atomic():
        run = AnalysisRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return run
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
    try:
        contributions = list(published_contributions(group=run.group, call_id=run.call_id))
        records = [record_from(c) for c in contributions]
        if records:
            decisions = decisions_in_force(group=run.group)
            analysis = insight.analyze(
                records,
                taxonomy_for(run.group),
                executor=insight.SerialExecutor(),
                questions=questions_for(run.call),
                options=options_for(decisions),
            )
            run.questions = [q.as_json() for q in analysis.questions or []]
            run.campaigns = [_campaign_json(c) for c in analysis.campaigns]
            run.issues = with_evidence([s.as_json() for s in analysis.issues], analysis)
            run.results = [r.as_json() for r in analysis.records]
            run.stats = {
                **analysis.stats,
                "participation": participation_of(contributions, analysis),
                "families_listed": [f.as_json() for f in analysis.families],
                "decisions_followed": [d.pk for d in decisions],
                "to_tag": [{"id": rid, "uncertainty": u} for rid, u in insight.records_to_tag(analysis, k=TO_TAG)],
            }
            moved = _tags_moved(run, analysis)
            if moved is not None:
                run.stats["tags_moved"] = moved
            if run.call_id is None:
                _write_back(contributions, analysis)
        run.records = len(records)
        run.status = RunStatus.DONE
    except Exception as error:  # the run must end with a status a person can read, whatever the engine raised
        log.exception("analysis run %s failed", run.pk)
        run.status = RunStatus.FAILED
        run.error = f"{type(error).__name__}: {error}"[:2000]
    run.finished_at = timezone.now()
    run.save()
    return run


def _tags_moved(run: AnalysisRun, analysis: insight.Analysis) -> dict | None:
    """When this run follows tags the previous run of its scope did not have: how much they moved the figures
    (`insight.compare_results`), with the previous run's id and how many contributions were newly tagged."""
    previous = (
        AnalysisRun.objects.filter(group_id=run.group_id, call_id=run.call_id, status=RunStatus.DONE)
        .exclude(pk=run.pk)
        .order_by("-finished_at", "-id")
        .only("pk", "issues", "results", "stats")
        .first()
    )
    if previous is None or not previous.results:
        return None
    tags_before = {r["id"]: sorted(r.get("tags") or []) for r in previous.results}
    new_tags = sum(1 for r in analysis.records if r.tags and sorted(r.tags) != tags_before.get(r.id, []))
    if not new_tags:
        return None
    before = stored_analysis(issues=previous.issues, results=previous.results, stats=previous.stats or {})
    return {**insight.compare_results(before, analysis), "previous_run": previous.pk, "new_tags": new_tags}


def participation_of(contributions: list[Contribution], analysis: insight.Analysis) -> dict:
    """Who took part, by stakeholder group, region and month, raw and with each campaign as one voice: computed
    once by the run, so the dashboard reads it instead of walking every contribution on each view."""
    campaign_of = {r.id: r.campaign for r in analysis.records}
    raw = {"group": Counter(), "region": Counter(), "month": Counter(), "language": Counter()}
    voices = {"group": Counter(), "region": Counter(), "month": Counter(), "language": Counter()}
    language_of = {r.id: r.language for r in analysis.records}
    seen: set[str] = set()
    for contribution in contributions:
        keys = {
            "group": contribution.stakeholder_group.name if contribution.stakeholder_group else "unknown",
            "region": contribution.region or "unknown",
            "month": contribution.submitted_at.strftime("%Y-%m"),
            "language": language_of.get(contribution.reference) or contribution.language or "unknown",
        }
        voice = campaign_of.get(contribution.reference) or contribution.reference
        first = voice not in seen
        seen.add(voice)
        for dimension, key in keys.items():
            raw[dimension][key] += 1
            if first:
                voices[dimension][key] += 1
    return {
        dimension: [{"name": k, "raw": n, "voices": voices[dimension][k]} for k, n in counts.most_common()]
        for dimension, counts in raw.items()
    }


def _campaign_json(campaign: insight.Campaign) -> dict:
    data = campaign.as_json()
    data["key"] = campaign.representative_id
    data["member_ids"] = data["member_ids"][:MEMBER_IDS_KEPT]
    return data


def _write_back(contributions: list[Contribution], analysis: insight.Analysis) -> None:
    """Put each contribution's campaign and suggested tags on it, so lists and the queue read them directly."""
    by_reference = {c.reference: c for c in contributions}
    campaign_key = {c.id: c.representative_id for c in analysis.campaigns}
    changed = []
    for result in analysis.records:
        contribution = by_reference.get(result.id)
        if contribution is None:
            continue
        campaign = campaign_key.get(result.campaign, "") if result.campaign else ""
        tags = [{"issue": slug, "score": round(score, 4)} for slug, _cluster, score in result.issues[:SUGGESTIONS_KEPT]]
        if contribution.campaign != campaign or contribution.suggested_tags != tags:
            contribution.campaign = campaign
            contribution.suggested_tags = tags
            changed.append(contribution)
    Contribution.objects.bulk_update(changed, ["campaign", "suggested_tags"], batch_size=500)
    if changed:
        from plenary.consultations.tallies import followers_recount

        followers_recount(group_id=changed[0].group_id)


SUGGESTION_CHUNK = 200  # contributions per engine call: the engine's fixed cost is paid once per chunk


def suggestions_request(*, contribution: Contribution) -> None:
    """Mark a contribution as waiting for suggested tags and make sure one batch task is queued for its group.

    Anyone's submission (or an extracted attachment) triggers it. It never blocks the request: the worker does the
    engine's work, in chunks, for every contribution waiting at that time.
    """
    from .models import SuggestionBatch
    from .tasks import suggestions_batch_task

    Contribution.objects.filter(pk=contribution.pk).update(suggestions_pending=True)
    _batch, created = SuggestionBatch.objects.get_or_create(group_id=contribution.group_id)
    if created:
        transaction.on_commit(lambda: suggestions_batch_task.enqueue(group_id=contribution.group_id))


def suggestions_batch(*, group_id: int) -> int:
    """Suggest tags for every contribution of the group waiting for them. Idempotent; the batch task calls it.

    Returns how many contributions got suggestions. The queued marker goes first, so input that arrives while this
    runs queues the next batch instead of being missed.
    """
    from .adapter import contribution_text
    from .models import SuggestionBatch

    SuggestionBatch.objects.filter(group_id=group_id).delete()
    group = WorkingGroup.objects.get(pk=group_id)
    taxonomy = taxonomy_for(group)
    labelled = labelled_examples(group=group) or None
    done = 0
    while True:
        chunk = list(
            Contribution.objects.filter(group=group, suggestions_pending=True)
            .prefetch_related("attachments")
            .order_by("id")[:SUGGESTION_CHUNK]
        )
        if not chunk:
            return done
        texts = [contribution_text(c) for c in chunk]
        wanted = [i for i, text in enumerate(texts) if text.strip()]
        ranked = insight.suggest_issues([texts[i] for i in wanted], taxonomy, labelled=labelled, k=SUGGESTIONS_KEPT)
        for contribution in chunk:
            contribution.suggestions_pending = False
        for i, tags in zip(wanted, ranked, strict=True):
            chunk[i].suggested_tags = [{"issue": slug, "score": round(score, 4)} for slug, score in tags]
        Contribution.objects.bulk_update(chunk, ["suggested_tags", "suggestions_pending"], batch_size=500)
        done += len(chunk)


def suggestions_compute(*, contribution_id: int) -> list[dict]:
    """Suggest issue tags for one contribution now (tests, the back office): the batch path, for one."""
    contribution = Contribution.objects.get(pk=contribution_id)
    Contribution.objects.filter(pk=contribution.pk).update(suggestions_pending=True)
    suggestions_batch(group_id=contribution.group_id)
    contribution.refresh_from_db(fields=["suggested_tags"])
    return contribution.suggested_tags


def suggestions_accept(*, actor, contribution: Contribution, min_score: float | None = None) -> list[str]:
    """Tag the contribution with the suggested issues scoring at least `min_score`. The secretariat may call it.

    Records `suggestions_accepted` with the scores, beside the `tagged` event that the tagging itself records.
    """
    threshold = settings.PLENARY_SUGGESTION_THRESHOLD if min_score is None else min_score
    chosen = [t["issue"] for t in contribution.suggested_tags or [] if t.get("score", 0) >= threshold]
    if not chosen and contribution.suggested_tags:
        chosen = [contribution.suggested_tags[0]["issue"]]
    issues = list(Issue.objects.filter(cluster__group=contribution.group, slug__in=chosen))
    with transaction.atomic():
        contribution_tags_set(actor=actor, contribution=contribution, issues=issues)
        event_record(
            actor=actor,
            verb="suggestions_accepted",
            target=contribution,
            changes={"suggested": [None, contribution.suggested_tags]},
            note=", ".join(chosen),
        )
    return chosen


def tags_override(*, actor, contribution: Contribution, issues: list[Issue]) -> None:
    """Tag by hand where the suggestions were wrong; the trail keeps what was suggested beside what was chosen."""
    with transaction.atomic():
        contribution_tags_set(actor=actor, contribution=contribution, issues=issues)
        chosen = sorted(i.slug for i in issues)
        suggested = [t["issue"] for t in contribution.suggested_tags or []]
        event_record(
            actor=actor,
            verb="suggestions_overridden",
            target=contribution,
            changes={"suggested": [suggested, chosen]},
        )


# The secretariat's decisions on campaigns and stock lines ------------------------------------------------------

DECISION_VERBS = {
    DecisionKind.SPLIT: EventVerb.CAMPAIGN_SPLIT,
    DecisionKind.MERGE: EventVerb.CAMPAIGNS_MERGED,
    DecisionKind.DISSOLVE: EventVerb.CAMPAIGN_DISSOLVED,
    DecisionKind.STOCK_ADD: EventVerb.STOCK_LINE_ADDED,
    DecisionKind.STOCK_REMOVE: EventVerb.STOCK_LINE_REMOVED,
}
MAX_LINE = 400  # a stock line is short: a form's label or a site's sentence, not a letter


def decisions_in_force(*, group: WorkingGroup) -> list[AnalysisDecision]:
    """The decisions the next run follows, oldest first (a later one applies to what an earlier one made)."""
    return list(AnalysisDecision.objects.filter(group=group, withdrawn_at__isnull=True).order_by("decided_at", "id"))


def analysis_decide(
    *,
    actor,
    group: WorkingGroup,
    kind: str,
    record_ids: list[str] | None = None,
    line: str = "",
    note: str = "",
) -> AnalysisDecision:
    """Record one decision of the secretariat on the group's analysis and queue the runs that will follow it.

    Split (the contributions named leave their campaign), merge (the campaigns holding the contributions named
    become one), dissolve (the campaign holding the contribution named counts each member as its own voice), or a
    stock line added or taken back. The group's secretariat may call it (PermissionDenied otherwise);
    ValidationError for a contribution that is not in the group's public record, too few of them, or an empty,
    over-long or repeated line. Records `campaign_split`, `campaigns_merged`, `campaign_dissolved`,
    `stock_line_added` or `stock_line_removed` on the decision.
    """
    if not can_decide_analysis(actor, group):
        raise PermissionDenied(_("Only the group's secretariat decides on its analysis."))
    if kind not in DecisionKind.values:
        raise ValidationError(_("Unknown decision."))
    references: list[str] = []
    clean_line = ""
    if kind in CAMPAIGN_KINDS:
        references = list(dict.fromkeys(r.strip() for r in record_ids or [] if r and r.strip()))
        least = 2 if kind == DecisionKind.MERGE else 1
        if len(references) < least:
            raise ValidationError(
                _("Choose two campaigns to merge.") if kind == DecisionKind.MERGE else _("Choose a contribution.")
            )
        public = published_contributions(group=group).filter(reference__in=references)
        known = set(public.values_list("reference", flat=True))
        unknown = [r for r in references if r not in known]
        if unknown:
            raise ValidationError(
                _("Not a published contribution of this group: %(references)s.") % {"references": ", ".join(unknown)}
            )
    else:
        clean_line = " ".join((line or "").split())
        key = stock_line_key(clean_line) if clean_line else None
        if key is None:
            raise ValidationError(_("Write the line as it appears in the contributions."))
        if len(clean_line) > MAX_LINE:
            raise ValidationError(_("A stock line is at most %(n)d characters.") % {"n": MAX_LINE})
        for other in decisions_in_force(group=group):
            if other.kind in STOCK_KINDS and stock_line_key(other.line) == key:
                raise ValidationError(_("A decision on this line is in force already: withdraw it first."))
    with transaction.atomic():
        decision = AnalysisDecision.objects.create(
            group=group,
            kind=kind,
            record_ids=references,
            line=clean_line,
            note=(note or "").strip()[:2000],
            decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        changes = {"contributions": [None, references]} if references else {"line": [None, clean_line]}
        event_record(actor=actor, verb=DECISION_VERBS[kind], target=decision, changes=changes, note=decision.note)
        _runs_follow(actor=actor, group=group)
    return decision


def analysis_decision_withdraw(*, actor, decision: AnalysisDecision, note: str = "") -> AnalysisDecision:
    """Withdraw a decision: the next run no longer follows it. The group's secretariat may (PermissionDenied
    otherwise); ValidationError when it was withdrawn already. Records `decision_withdrawn`."""
    if not can_decide_analysis(actor, decision.group):
        raise PermissionDenied(_("Only the group's secretariat decides on its analysis."))
    with transaction.atomic():
        locked = AnalysisDecision.objects.select_for_update().get(pk=decision.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This decision was withdrawn already."))
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
        event_record(
            actor=actor,
            verb=EventVerb.DECISION_WITHDRAWN,
            target=locked,
            changes={"withdrawn_at": [None, locked.withdrawn_at.isoformat()]},
            note=(note or "").strip()[:2000],
        )
        _runs_follow(actor=actor, group=locked.group)
    return locked


def _runs_follow(*, actor, group: WorkingGroup) -> None:
    """Queue the group's run and those of its calls analysed before, so that every dashboard's figures follow."""
    analysis_request(actor=actor, group=group, trigger=RunTrigger.DECISION)
    calls = AnalysisRun.objects.filter(group=group, call__isnull=False).values_list("call_id", flat=True).distinct()
    for call in Call.objects.filter(pk__in=list(calls)).order_by("pk"):
        analysis_request(actor=actor, group=group, call=call, trigger=RunTrigger.DECISION)
