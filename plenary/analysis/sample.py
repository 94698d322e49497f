"""Analyse the sample group's published contributions once, so the dashboard has something to show."""

from .models import AnalysisRun, RunStatus, RunTrigger
from .services import analysis_execute, analysis_request


def load(*, group, actor, stdout=None) -> None:
    from plenary.consultations.selectors import contribution_queryset

    if not contribution_queryset(viewer=None, group=group).exists():
        return
    if AnalysisRun.objects.filter(group=group, call=None, status=RunStatus.DONE).exists():
        return  # loading again changes nothing
    run = analysis_request(actor=actor, group=group, trigger=RunTrigger.SAMPLE)
    analysis_execute(run_id=run.pk)
