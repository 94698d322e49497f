"""Runs of the analysis engine and the suggestions it gives the moderators. Every decision goes on the trail."""

import logging
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import insight
from plenary.consultations.models import Call, Contribution
from plenary.consultations.services import contribution_tags_set
from plenary.core.services import event_record
from plenary.groups.models import WorkingGroup
from plenary.issues.models import Issue

from .adapter import labelled_examples, published_contributions, questions_for, record_from, taxonomy_for
from .models import AnalysisRun, RunStatus

log = logging.getLogger(__name__)

SUGGESTIONS_KEPT = 5
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
            analysis = insight.analyze(
                records, taxonomy_for(run.group), executor=insight.SerialExecutor(), questions=questions_for(run.call)
            )
            run.questions = [q.as_json() for q in analysis.questions or []]
            run.campaigns = [_campaign_json(c) for c in analysis.campaigns]
            run.issues = [s.as_json() for s in analysis.issues]
            run.results = [r.as_json() for r in analysis.records]
            run.stats = {**analysis.stats, "participation": participation_of(contributions, analysis)}
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
