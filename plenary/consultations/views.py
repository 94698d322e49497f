import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plenary.core.charts import bar, chart_svg, heatmap, memoised
from plenary.core.pagination import keyset_page
from plenary.core.selectors import event_list_for
from plenary.core.site import site_url
from plenary.core.trail import trail_lines
from plenary.core.visibility import can_see, visible
from plenary.groups.permissions import is_secretariat
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import render_group_page

from . import services
from .exports import csv_lines, json_chunks, jsonl_lines, public_records
from .extraction import MARKDOWN, TXT
from .forms import (
    ContributionFilterForm,
    ContributionForm,
    DecisionForm,
    ExtendForm,
    ModerationForm,
    SubmitterProfileFormMixin,
    TagsForm,
    TimezoneForm,
)
from .models import Contribution, ContributionStatus, ExportFormat, RecordExport
from .moderation import QUEUE_FILTERS, queue_counts, queue_kinds, queue_moderate, queue_origins, queue_page
from .permissions import can_manage_calls, can_withdraw_contribution
from .private_links import private_links
from .selectors import (
    SORTS,
    answers_shown,
    attachment_get,
    call_get,
    calls_by_state,
    campaign_representatives_only,
    campaign_sizes,
    contribution_counts,
    contribution_get,
    contribution_get_by_private_token,
    contribution_list,
    filter_choices,
    moderation_filter_choices,
    moderation_queue,
    participation_stats,
)
from .spam import RATE_LIMIT_MESSAGE, rate_limited

SECTION = "consultations"
PER_PAGE = 25
FILE_ERRORS = {"file_too_large", "file_type", "file_empty", "too_many_files"}


def _zone(request) -> zoneinfo.ZoneInfo | None:
    """The visitor's chosen time zone (from the select, kept in the session), or None for UTC only."""
    form = TimezoneForm(request.GET or None)
    name = form.cleaned_data.get("tz") if form.is_valid() and "tz" in request.GET else None
    if name:
        request.session["plenary_tz"] = name
    name = name or request.session.get("plenary_tz")
    if not name or name == "UTC":
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _zone_context(request) -> dict:
    zone = _zone(request)
    return {"zone": zone, "tz_form": TimezoneForm(initial={"tz": str(zone) if zone else "UTC"})}


@require_GET
def call_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    context = {"calls": calls_by_state(group=group), **_zone_context(request)}
    return render_group_page(request, group, "consultations/call_list.html", context, section=SECTION)


@require_GET
def call_detail(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    call = call_get(group=group, slug=slug)
    contributions = contribution_list(viewer=None, group=group, call=call.slug)
    context = {
        "call": call,
        "contributions": contributions[:20],
        "contribution_count": contributions.count(),
        "extensions": event_list_for(call).filter(verb="extended"),
        "extend_form": ExtendForm() if can_manage_calls(request.user, group) and call.state == "open" else None,
        **_zone_context(request),
    }
    return render_group_page(request, group, "consultations/call_detail.html", context, section=SECTION)


@require_POST
def call_extend(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    if not can_manage_calls(request.user, group):
        raise Http404
    call = call_get(group=group, slug=slug)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.call_extend(
                actor=request.user,
                call=call,
                closes_at=form.cleaned_data["closes_at"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The call is extended."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give a new deadline and a reason."))
    return redirect(call)


@require_http_methods(["GET", "POST"])
def contribution_submit(request, group_slug: str, slug: str):
    """The public form. Every refusal re-shows what was typed, with its message, and stores nothing."""
    group = group_get(slug=group_slug)
    call = call_get(group=group, slug=slug)
    status = 200
    if request.method == "POST":
        form = ContributionForm(request.POST, request.FILES, call=call)
        valid = form.is_valid()
        key = form.cleaned_data.get("idempotency_key", "") if valid else ""
        submission = {}
        if valid:
            data = form.cleaned_data
            submission = {
                "profile": form.profile(),
                "kind": data["kind"],
                "title": data["title"],
                "text": data["text"],
                "files": data["files"],
                "answers": form.answers(),
            }
        try:
            # A retry of a form already stored gets its receipt back, before any limit is counted.
            replay = (
                services.contribution_replayed(call=call, idempotency_key=key, **submission)
                if services.idempotency_key_valid(key)
                else None
            )
        except ValidationError as error:
            replay = None
            form.add_error(None, error)
            form.renew_idempotency_key()
            valid = False
            status = 409
        if replay is not None:
            request.session["plenary_receipt"] = replay[0].reference
            return redirect(services.private_path(*replay))
        if rate_limited(request, scope="consultations.submit"):
            form.add_error(None, RATE_LIMIT_MESSAGE)
            status = 429
        elif valid:
            try:
                if services.idempotency_key_valid(key):
                    contribution, token, _replayed = services.contribution_submit_once(
                        idempotency_key=key, actor=request.user, call=call, **submission
                    )
                else:
                    contribution, token = services.contribution_submit(actor=request.user, call=call, **submission)
            except ValidationError as error:
                field = "files" if getattr(error, "code", None) in FILE_ERRORS else None
                if hasattr(error, "error_dict"):
                    for name, errors in error.message_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(field, error)
                status = 400
            else:
                request.session["plenary_receipt"] = contribution.reference
                return redirect(services.private_path(contribution, token))
        elif status == 200:
            status = 400
    else:
        form = ContributionForm(call=call, initial=SubmitterProfileFormMixin.initial_from_user(request.user))
    context = {"call": call, "form": form, **_zone_context(request)}
    response = render_group_page(request, group, "consultations/submit.html", context, section=SECTION)
    response.status_code = status
    response["Cache-Control"] = "private, no-store"  # the form's key is this visitor's alone
    return response


def _private_response(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    # same-origin, not no-referrer: browsers send "Origin: null" with no-referrer, and CSRF checks then refuse
    # the page's own forms (withdraw, moderate). same-origin still keeps private URLs from other sites.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def private_view(request, group_slug: str, token: str):
    """The submitter's private page (the receipt right after submitting): view, and withdraw while the call is open."""
    group = group_get(slug=group_slug)
    contribution = contribution_get_by_private_token(token)
    if contribution is None or contribution.group_id != group.pk:
        raise Http404
    receipt = request.session.pop("plenary_receipt", None) == contribution.reference
    context = {
        "contribution": contribution,
        "token": token,
        "receipt": receipt,
        "can_withdraw": can_withdraw_contribution(contribution),
        "contribution_is_public": can_see(None, contribution),
        "answers": answers_shown(contribution),
        "private_links": private_links(group_slug=group.slug, token=token),
    }
    return _private_response(render_group_page(request, group, "consultations/private.html", context, section=SECTION))


@require_POST
def private_withdraw(request, group_slug: str, token: str):
    group = group_get(slug=group_slug)
    contribution = contribution_get_by_private_token(token)
    if contribution is None or contribution.group_id != group.pk:
        raise Http404
    if request.POST.get("confirmed") != "yes":  # withdrawing cannot be undone: the form asks first
        messages.error(request, _("Tick the box to confirm that you withdraw your contribution."))
        return redirect("consultations:private", group_slug=group.slug, token=token)
    try:
        services.contribution_withdraw(actor=request.user, contribution=contribution)
        messages.success(request, _("Your contribution is withdrawn. It is no longer shown anywhere on this site."))
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect("consultations:private", group_slug=group.slug, token=token)


def _filtered(request, group):
    choices = filter_choices(group=group)
    form = ContributionFilterForm(request.GET or None, choices=choices)
    return form, form.filters(), form.sort_order()


@require_GET
def contribution_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    form, filters, sort = _filtered(request, group)
    contributions = contribution_list(viewer=None, group=group, sort=sort, **filters)
    counts = contribution_counts(group=group, filters=filters)
    if not filters.get("campaign"):
        # A campaign is one voice: listed once, with its number of signatories and a link to all of them.
        contributions = campaign_representatives_only(contributions)
    page = keyset_page(contributions, ordering=SORTS[sort], cursor=request.GET.get("after"), per_page=PER_PAGE)
    sizes = campaign_sizes(group=group, keys=[c.campaign for c in page.object_list])
    for contribution in page.object_list:
        contribution.campaign_size = sizes.get(contribution.campaign, 0)
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "query_string": query.urlencode(),
        "counts": counts,
        "campaign_filter": filters.get("campaign", ""),
        "exports": list(visible(RecordExport, request.user).filter(group=group).order_by("format")),
        "can_rebuild_exports": can_manage_calls(request.user, group),
    }
    return render_group_page(request, group, "consultations/contribution_list.html", context, section=SECTION)


@require_GET
def contribution_detail(request, group_slug: str, year: int, sequence: int):
    group = group_get(slug=group_slug)
    contribution = contribution_get(viewer=request.user, group=group, year=year, sequence=sequence)
    context = {
        "contribution": contribution,
        "answers": answers_shown(contribution),
        "viewer_moderates": is_secretariat(request.user, group),
    }
    response = render_group_page(request, group, "consultations/contribution_detail.html", context, section=SECTION)
    if not contribution.is_public:
        _private_response(response)
    return response


@require_GET
def attachment_download(request, group_slug: str, year: int, sequence: int, pk: int):
    group = group_get(slug=group_slug)
    attachment = attachment_get(viewer=request.user, group=group, year=year, sequence=sequence, pk=pk)
    content_type = attachment.content_type
    if content_type in {TXT, MARKDOWN}:
        content_type = "text/plain; charset=utf-8"
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    if not attachment.contribution.is_public:
        _private_response(response)
    return response


EXPORT_CHUNK = 250  # rows read (with their tags and files) per round trip while an export streams


def _export_records(request, group):
    """The filtered public record, read a chunk at a time from a server-side cursor: flat memory at any size."""
    _form, filters, sort = _filtered(request, group)
    contributions = contribution_list(viewer=None, group=group, sort=sort, **filters)
    return public_records(contributions, base_url=site_url(), chunk_size=EXPORT_CHUNK)


def _streamed(chunks, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_csv(request, group_slug: str):
    group = group_get(slug=group_slug)
    return _streamed(
        csv_lines(_export_records(request, group)),
        content_type="text/csv; charset=utf-8",
        filename=f"{group.slug}-contributions.csv",
    )


@require_GET
def export_json(request, group_slug: str):
    group = group_get(slug=group_slug)
    meta = {"group": group.slug, "generated_at": timezone.now().isoformat(), "licence": "", "filters": request.GET}
    return _streamed(
        json_chunks(_export_records(request, group), meta=meta),
        content_type="application/json; charset=utf-8",
        filename=f"{group.slug}-contributions.json",
    )


@require_GET
def bulk_download(request, group_slug: str, fmt: str):
    """The whole public record as one file, made by the task worker (never built by this request)."""
    group = group_get(slug=group_slug)
    export = visible(RecordExport, request.user).filter(group=group, format=fmt).first()
    if export is None or not export.file:
        raise Http404
    content_type = "text/csv" if fmt == ExportFormat.CSV else "application/x-ndjson"
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"{group.slug}-contributions.{fmt}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Digest"] = f"sha-256={export.sha256}"
    return response


@require_POST
def bulk_request(request, group_slug: str):
    group = group_get(slug=group_slug)
    if not can_manage_calls(request.user, group):
        raise PermissionDenied
    services.record_export_request(group=group)
    messages.success(request, _("The bulk files are being rebuilt; they appear here when the task is done."))
    return redirect("consultations:contributions", group_slug=group.slug)


@require_GET
def export_jsonl(request, group_slug: str):
    group = group_get(slug=group_slug)
    return _streamed(
        jsonl_lines(_export_records(request, group)),
        content_type="application/x-ndjson; charset=utf-8",
        filename=f"{group.slug}-contributions.jsonl",
    )


@memoised
def _matrix_svg(rows: list[dict], sectors: list, regions: list):
    chart = heatmap(
        rows,
        x="sector",
        y="region",
        value="n",
        x_title=_("Stakeholder group"),
        y_title=_("Region"),
        x_order=sectors,
        y_order=regions,
    )
    return chart_svg(chart, label=_("Published contributions by stakeholder group and region"))


@memoised
def _bar_svg(rows: list[dict], *, category: str, category_title: str, order, label: str):
    chart = bar(
        rows, category=category, value="n", category_title=category_title, value_title=_("Contributions"), order=order
    )
    return chart_svg(chart, label=label)


@require_GET
def statistics(request, group_slug: str):
    group = group_get(slug=group_slug)
    stats = participation_stats(group=group)
    charts = {}
    if stats.total:
        from plenary.core.templatetags.plenary import region
        from plenary.groups.countries import country_name

        # Regions and countries named in the viewer's language, not by their English names or codes.
        charts["matrix"] = _matrix_svg(
            [{"region": region(r), "sector": s, "n": n} for (r, s), n in stats.cells.items()],
            stats.sectors,
            [region(r) for r in stats.regions],
        )
        charts["country"] = _bar_svg(
            [{"country": country_name(c), "n": n} for c, n in stats.by_country[:25]],
            category="country",
            category_title=_("Country"),
            order="-x",
            label=_("Published contributions by country"),
        )
        charts["month"] = _bar_svg(
            [{"month": m, "n": n} for m, n in stats.by_month],
            category="month",
            category_title=_("Month received"),
            order=None,
            label=_("Published contributions by month received"),
        )
    context = {"stats": stats, "charts": charts}
    return render_group_page(request, group, "consultations/statistics.html", context, section=SECTION)


@require_http_methods(["GET", "POST"])
def moderation_index(request, group_slug: str):
    """The secretariat's one queue: contributions and comments on drafts together, with filters and bulk
    decisions; 404 for anyone else."""
    group = group_get(slug=group_slug)
    if not is_secretariat(request.user, group):
        raise Http404
    filters = {name: request.GET.get(name, "").strip()[:80] for name in QUEUE_FILTERS}
    filters["status"] = filters["status"] or ContributionStatus.RECEIVED
    if request.method == "POST":
        form = ModerationForm(request.POST)
        keys = request.POST.getlist("ids")
        if not keys:
            messages.error(request, _("Choose at least one item."))
        elif form.is_valid():
            try:
                count = queue_moderate(
                    actor=request.user,
                    group=group,
                    keys=keys,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("%(count)d items updated.") % {"count": count})
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(request.get_full_path())
    page = queue_page(viewer=request.user, group=group, filters=filters, cursor=request.GET.get("after"))
    query = request.GET.copy()
    query.pop("after", None)
    others = {k: v for k, v in filters.items() if k != "status"}
    status_query = query.copy()
    status_query.pop("status", None)
    context = {
        "page": page,
        "status": filters["status"],
        "filters": filters,
        "counts": queue_counts(viewer=request.user, group=group, filters=others),
        "statuses": ContributionStatus.choices,
        "kinds": [(k.key, k.label) for k in queue_kinds()],
        "origins": queue_origins(group=group),
        "choices": moderation_filter_choices(group=group),
        "language_choices": [(code.split("-")[0], name) for code, name in settings.LANGUAGES],
        "form": ModerationForm(),
        "query_string": query.urlencode(),
        "status_query": status_query.urlencode(),
    }
    response = render_group_page(request, group, "consultations/moderation_list.html", context, section=SECTION)
    return _private_response(response)


def _trail(contribution: Contribution) -> list:
    """The contribution's trail in words: statuses, issues and suggestions by their names."""
    from plenary.consultations.moderation import issue_names

    issues = issue_names(contribution.group)
    statuses = {value: str(label) for value, label in ContributionStatus.choices}
    return trail_lines(
        event_list_for(contribution)[:50],
        names={"status": statuses, "issues": issues, "suggested": issues},
        labels={"issues": _("Issue tags"), "suggested": _("Suggested"), "status": _("Status")},
    )


@require_http_methods(["GET", "POST"])
def moderation_detail(request, group_slug: str, pk: int):
    """One contribution for the secretariat: the decision and the issue tags in one form."""
    group = group_get(slug=group_slug)
    if not is_secretariat(request.user, group):
        raise Http404
    contribution = moderation_queue(viewer=request.user, group=group, status="all").filter(pk=pk).first()
    if contribution is None:
        raise Http404
    threshold = settings.PLENARY_SUGGESTION_THRESHOLD
    form = DecisionForm(request.POST or None, contribution=contribution, threshold=threshold)
    if request.method == "POST" and "tags" in request.POST and "action" not in request.POST:
        # the tags alone, as the older form sent them (issue ids)
        tags_form = TagsForm(request.POST, group=group)
        if tags_form.is_valid():
            services.contribution_tags_set(
                actor=request.user, contribution=contribution, issues=list(tags_form.cleaned_data["issues"])
            )
            messages.success(request, _("Issue tags saved."))
            return redirect("consultations:moderate", group_slug=group.slug, pk=pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.contribution_decide(
                actor=request.user,
                contribution=contribution,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                issues=form.chosen_issues(),
            )
            messages.success(request, _("Decision recorded."))
            return redirect("consultations:moderate", group_slug=group.slug, pk=pk)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    context = {"contribution": contribution, "form": form, "trail": _trail(contribution)}
    response = render_group_page(request, group, "consultations/moderation_detail.html", context, section=SECTION)
    return _private_response(response)
