import itertools
import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from plenary.consultations.models import Call, Contribution
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import confirmation_page, is_confirmed, render_group_page
from plenary.issues.models import Issue

from .charts import over_time_svg, raw_and_voices_svg
from .models import DecisionKind, RunTrigger
from .permissions import can_accept_suggestions, can_decide_analysis, can_request_analysis
from .selectors import dashboard_get, decision_get, records_flat, review_get, run_pending
from .services import (
    analysis_decide,
    analysis_decision_withdraw,
    analysis_request,
    suggestions_accept,
    tags_override,
)


def _dashboard(request, group, call=None):
    board = dashboard_get(group=group, call=call, viewer=request.user)
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
    response = render_group_page(request, group, "analysis/dashboard.html", context, section="analysis")
    if board.can_decide:
        response["Cache-Control"] = "private, no-store"  # the secretariat's controls and members' pages
    return response


@require_GET
def group_dashboard(request, group_slug: str):
    return _dashboard(request, group_get(slug=group_slug))


@require_GET
def call_dashboard(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    call = get_object_or_404(Call, group=group, slug=slug)
    return _dashboard(request, group, call)


def _records_table(group_slug: str, slug: str | None):
    group = group_get(slug=group_slug)
    call = get_object_or_404(Call, group=group, slug=slug) if slug else None
    table = records_flat(group=group, call=call)
    if table is None:
        raise Http404(_("No analysis has been run yet."))
    name = f"{group.slug}-{call.slug}-records" if call else f"{group.slug}-records"
    return name, table


@require_GET
def records_csv(request, group_slug: str, slug: str | None = None):
    """The flat table of the latest run (every public contribution with its results), as CSV for a spreadsheet."""
    from plenary.consultations.exports import _csv_line, _csv_safe

    name, (head, rows) = _records_table(group_slug, slug)
    lines = itertools.chain([_csv_line(head)], (_csv_line([_csv_safe(v) for v in row]) for row in rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_GET
def records_xlsx(request, group_slug: str, slug: str | None = None):
    """The same table as an Excel workbook, written row by row (openpyxl's write-only mode) into a temporary file
    that is streamed back; beyond insight's XLSX_MAX_ROWS rows the CSV is the one to take."""
    import openpyxl

    from insight.io import XLSX_MAX_ROWS, _xlsx_safe

    name, (head, rows) = _records_table(group_slug, slug)
    if len(rows) > XLSX_MAX_ROWS:
        return HttpResponse(
            _("This table has %(rows)s rows, more than a spreadsheet file is made for here: take the CSV.")
            % {"rows": number_format(len(rows), force_grouping=True)},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("records")
    sheet.append(head)
    for row in rows:
        sheet.append([_xlsx_safe(v) for v in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


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


@require_GET
def review(request, group_slug: str):
    """The secretariat's page of the analysis: what to tag next, what the last tags moved, stock lines, decisions;
    404 for anyone else, as the moderation queue."""
    group = group_get(slug=group_slug)
    if not can_decide_analysis(request.user, group):
        raise Http404
    context = {"review": review_get(group=group, viewer=request.user), "kinds": DecisionKind}
    response = render_group_page(request, group, "analysis/review.html", context, section="analysis")
    response["Cache-Control"] = "private, no-store"
    return response


DECIDED = {
    DecisionKind.SPLIT: gettext_lazy("Split off the campaign: %(what)s."),
    DecisionKind.MERGE: gettext_lazy("Campaigns merged: %(what)s."),
    DecisionKind.DISSOLVE: gettext_lazy("Campaign dissolved: each of its contributions counts as its own voice."),
    DecisionKind.STOCK_ADD: gettext_lazy("Stock line added: “%(what)s”."),
    DecisionKind.STOCK_REMOVE: gettext_lazy("No longer a stock line: “%(what)s”."),
}


@require_POST
def decide(request, group_slug: str):
    """Split, merge or dissolve a campaign, add or take back a stock line, or withdraw such a decision: the
    secretariat's, each queueing a new run. Dissolving asks once more."""
    group = group_get(slug=group_slug)
    if not can_decide_analysis(request.user, group):
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not back.startswith(f"/{group.slug}/"):
        back = reverse("analysis:group", kwargs={"group_slug": group.slug})
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    try:
        if action == "withdraw":
            decision = decision_get(group=group, viewer=request.user, pk=request.POST.get("decision", ""))
            if decision is None:
                raise Http404
            analysis_decision_withdraw(actor=request.user, decision=decision, note=note)
            messages.success(request, _("Decision withdrawn; the new analysis no longer follows it."))
        elif action in DecisionKind.values:
            references = request.POST.getlist("records")
            references += [r for r in request.POST.get("references", "").replace(",", " ").split() if r]
            if action == DecisionKind.DISSOLVE and not is_confirmed(request):
                return confirmation_page(
                    request,
                    group,
                    title=_("Dissolve this campaign?"),
                    message=_(
                        "Each of its contributions will count as its own voice, in every figure of the analysis, "
                        "from the next run on. You can withdraw the decision later."
                    ),
                    button=_("Dissolve the campaign"),
                    cancel_url=back,
                    section="analysis",
                    undoable=True,
                )
            decision = analysis_decide(
                actor=request.user,
                group=group,
                kind=action,
                record_ids=references,
                line=request.POST.get("line", ""),
                note=note,
            )
            what = decision.line or ", ".join(decision.record_ids)
            queued = _("The analysis is queued; the figures follow when the task worker has run it.")
            messages.success(request, f"{DECIDED[action] % {'what': what}} {queued}")
        else:
            messages.error(request, _("Unknown decision."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)
