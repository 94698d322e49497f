from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plenary.consultations.models import Call, Contribution
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import render_group_page
from plenary.issues.models import Issue

from .charts import over_time_svg, raw_and_voices_svg
from .models import RunTrigger
from .permissions import can_accept_suggestions, can_request_analysis
from .selectors import dashboard_get, run_pending
from .services import analysis_request, suggestions_accept, tags_override


def _dashboard(request, group, call=None):
    board = dashboard_get(group=group, call=call)
    charts = {}
    if board.has_data:
        charts = {
            "issues": raw_and_voices_svg(
                [row for row in board.by_issue if row["raw"]],
                category="title",
                title=_("Issue"),
                label=_("Contributions by issue"),
            ),
            "groups": raw_and_voices_svg(
                board.by_group, category="name", title=_("Stakeholder group"), label=_("By stakeholder group")
            ),
            "regions": raw_and_voices_svg(board.by_region, category="name", title=_("Region"), label=_("By region")),
            "languages": raw_and_voices_svg(
                board.by_language, category="name", title=_("Language"), label=_("By language")
            ),
            "time": over_time_svg(board.by_month, label=_("Contributions over time")),
        }
    context = {
        "board": board,
        "charts": charts,
        "call": call,
        "pending": run_pending(group=group, call=call),
        "can_request": can_request_analysis(request.user, group),
    }
    return render_group_page(request, group, "analysis/dashboard.html", context, section="analysis")


@require_GET
def group_dashboard(request, group_slug: str):
    return _dashboard(request, group_get(slug=group_slug))


@require_GET
def call_dashboard(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    call = get_object_or_404(Call, group=group, slug=slug)
    return _dashboard(request, group, call)


@require_POST
def request_run(request, group_slug: str):
    group = group_get(slug=group_slug)
    if not can_request_analysis(request.user, group):
        raise PermissionDenied
    call = get_object_or_404(Call, group=group, slug=request.POST["call"]) if request.POST.get("call") else None
    analysis_request(actor=request.user, group=group, call=call, trigger=RunTrigger.ON_DEMAND)
    messages.success(request, _("The analysis is queued; this page shows it when the task worker has run it."))
    if call:
        return redirect("analysis:call", group_slug=group.slug, slug=call.slug)
    return redirect("analysis:group", group_slug=group.slug)


@require_POST
def suggestions_decide(request, group_slug: str, pk: int):
    """Accept the suggested tags, or override them with the issues ticked by hand."""
    group = group_get(slug=group_slug)
    if not can_accept_suggestions(request.user, group):
        raise PermissionDenied
    contribution = get_object_or_404(Contribution, group=group, pk=pk)
    if request.POST.get("decision") == "accept":
        chosen = suggestions_accept(actor=request.user, contribution=contribution)
        messages.success(
            request,
            _("Tagged %(reference)s: %(issues)s.")
            % {"reference": contribution.reference, "issues": ", ".join(chosen) or "-"},
        )
    else:
        chosen = [value for value in request.POST.getlist("issues") if value.isdigit()]
        issues = list(Issue.objects.filter(cluster__group=group, pk__in=chosen))
        tags_override(actor=request.user, contribution=contribution, issues=issues)
        messages.success(request, _("Tags of %(reference)s set by hand.") % {"reference": contribution.reference})
    next_url = request.POST.get("next", "")
    if next_url.startswith(f"/{group.slug}/"):
        return redirect(next_url)
    return redirect("analysis:group", group_slug=group.slug)
