"""Analyse the sample group's published contributions once, so the dashboard has something to show."""

from .models import AnalysisRun, RunStatus, RunTrigger
from .services import analysis_execute, analysis_request


def load(*, group, actor, stdout=None) -> None:
    from plenary.consultations.models import Contribution, ContributionStatus

    if not Contribution.objects.filter(group=group, status=ContributionStatus.PUBLISHED).exists():
        return
    if AnalysisRun.objects.filter(group=group, call=None, status=RunStatus.DONE).exists():
        return  # loading again changes nothing
    run = analysis_request(actor=actor, group=group, trigger=RunTrigger.SAMPLE)
    analysis_execute(run_id=run.pk)
