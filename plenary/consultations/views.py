import zoneinfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plenary.core.charts import bar, chart_svg, heatmap
from plenary.core.selectors import event_list_for
from plenary.core.visibility import can_see
from plenary.groups.permissions import is_secretariat
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import render_group_page

from . import services
from .exports import public_record, render_csv, render_json
from .extraction import MARKDOWN, TXT
from .forms import (
    ContributionFilterForm,
    ContributionForm,
    ExtendForm,
    ModerationForm,
    SubmitterProfileFormMixin,
    TagsForm,
    TimezoneForm,
)
from .models import Contribution, ContributionStatus
from .permissions import can_manage_calls, can_withdraw_contribution
from .private_links import private_links
from .selectors import (
    attachment_get,
    call_get,
    calls_by_state,
    campaign_representatives_only,
    campaign_sizes,
    contribution_filter,
    contribution_get,
    contribution_get_by_private_token,
    contribution_list,
    filter_choices,
    moderation_counts,
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
        "extend_form": ExtendForm() if can_manage_calls(request.user, group) and call.state != "upcoming" else None,
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
        if rate_limited(request, scope="consultations.submit"):
            form.is_valid()
            form.add_error(None, RATE_LIMIT_MESSAGE)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                contribution, token = services.contribution_submit(
                    actor=request.user,
                    call=call,
                    profile=form.profile(),
                    kind=data["kind"],
                    title=data["title"],
                    text=data["text"],
                    files=data["files"],
                )
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
        else:
            status = 400
    else:
        form = ContributionForm(call=call, initial=SubmitterProfileFormMixin.initial_from_user(request.user))
    context = {"call": call, "form": form, **_zone_context(request)}
    response = render_group_page(request, group, "consultations/submit.html", context, section=SECTION)
    response.status_code = status
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
    total = contributions.count()
    if not filters.get("campaign"):
        # A campaign is one voice: listed once, with its number of signatories and a link to all of them.
        contributions = campaign_representatives_only(contributions)
    page = Paginator(contributions, PER_PAGE).get_page(request.GET.get("page"))
    sizes = campaign_sizes(group=group)
    for contribution in page.object_list:
        contribution.campaign_size = sizes.get(contribution.campaign, 0)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "query_string": query.urlencode(),
        "total": total,
        "campaign_filter": filters.get("campaign", ""),
    }
    return render_group_page(request, group, "consultations/contribution_list.html", context, section=SECTION)


@require_GET
def contribution_detail(request, group_slug: str, year: int, sequence: int):
    group = group_get(slug=group_slug)
    contribution = contribution_get(viewer=request.user, group=group, year=year, sequence=sequence)
    context = {"contribution": contribution, "viewer_moderates": is_secretariat(request.user, group)}
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


def _export_records(request, group) -> list[dict]:
    _form, filters, sort = _filtered(request, group)
    contributions = contribution_list(viewer=None, group=group, sort=sort, **filters)
    base = request.build_absolute_uri("/").rstrip("/")
    return [public_record(c, base_url=base) for c in contributions]


@require_GET
def export_csv(request, group_slug: str):
    group = group_get(slug=group_slug)
    response = HttpResponse(render_csv(_export_records(request, group)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{group.slug}-contributions.csv"'
    return response


@require_GET
def export_json(request, group_slug: str):
    group = group_get(slug=group_slug)
    meta = {"group": group.slug, "generated_at": timezone.now().isoformat(), "licence": "", "filters": request.GET}
    response = HttpResponse(
        render_json(_export_records(request, group), meta=meta), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{group.slug}-contributions.json"'
    return response


@require_GET
def statistics(request, group_slug: str):
    group = group_get(slug=group_slug)
    stats = participation_stats(group=group)
    charts = {}
    if stats.total:
        charts["matrix"] = chart_svg(
            heatmap(
                [{"region": r, "sector": s, "n": n} for (r, s), n in stats.cells.items()],
                x="sector",
                y="region",
                value="n",
                x_title=_("Stakeholder group"),
                y_title=_("Region"),
                x_order=stats.sectors,
                y_order=stats.regions,
            ),
            label=_("Published contributions by stakeholder group and region"),
        )
        charts["country"] = chart_svg(
            bar(
                [{"country": c, "n": n} for c, n in stats.by_country[:25]],
                category="country",
                value="n",
                category_title=_("Country"),
                value_title=_("Contributions"),
                order="-x",
            ),
            label=_("Published contributions by country"),
        )
        charts["month"] = chart_svg(
            bar(
                [{"month": m, "n": n} for m, n in stats.by_month],
                category="month",
                value="n",
                category_title=_("Month received"),
                value_title=_("Contributions"),
            ),
            label=_("Published contributions by month received"),
        )
    context = {"stats": stats, "charts": charts}
    return render_group_page(request, group, "consultations/statistics.html", context, section=SECTION)


MODERATION_FILTERS = ("status", "call", "kind", "stakeholder_group", "country", "language", "campaign")


@require_http_methods(["GET", "POST"])
def moderation_index(request, group_slug: str):
    """The secretariat's queue, with filters and bulk decisions; 404 for anyone else."""
    group = group_get(slug=group_slug)
    filters = {name: request.GET.get(name, "").strip()[:64] for name in MODERATION_FILTERS}
    status = filters.pop("status") or ContributionStatus.RECEIVED
    queue = moderation_queue(viewer=request.user, group=group, status=status, **filters)
    if request.method == "POST":
        form = ModerationForm(request.POST)
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        chosen = list(Contribution.objects.filter(group=group, pk__in=ids))
        if not chosen:
            messages.error(request, _("Choose at least one contribution."))
        elif form.is_valid():
            try:
                count = services.contribution_bulk_moderate(
                    actor=request.user,
                    contributions=chosen,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("%(count)d contributions updated.") % {"count": count})
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(request.get_full_path())
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "filters": filters,
        "counts": moderation_counts(group=group),
        "statuses": ContributionStatus.choices,
        "choices": filter_choices(group=group, queryset=contribution_filter(Contribution.objects.filter(group=group))),
        "form": ModerationForm(),
    }
    response = render_group_page(request, group, "consultations/moderation_list.html", context, section=SECTION)
    return _private_response(response)


@require_http_methods(["GET", "POST"])
def moderation_detail(request, group_slug: str, pk: int):
    group = group_get(slug=group_slug)
    if not is_secretariat(request.user, group):
        raise Http404
    contribution = moderation_queue(viewer=request.user, group=group, status="all").filter(pk=pk).first()
    if contribution is None:
        raise Http404
    form, tags_form = ModerationForm(), TagsForm(group=group, initial={"issues": list(contribution.issues.all())})
    if request.method == "POST" and "tags" in request.POST:
        tags_form = TagsForm(request.POST, group=group)
        if tags_form.is_valid():
            services.contribution_tags_set(
                actor=request.user, contribution=contribution, issues=list(tags_form.cleaned_data["issues"])
            )
            messages.success(request, _("Issue tags saved."))
            return redirect("consultations:moderate", group_slug=group.slug, pk=pk)
    elif request.method == "POST":
        form = ModerationForm(request.POST)
        if form.is_valid():
            services.contribution_bulk_moderate(
                actor=request.user,
                contributions=[contribution],
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Decision recorded."))
            return redirect("consultations:moderate", group_slug=group.slug, pk=pk)
    context = {
        "contribution": contribution,
        "form": form,
        "tags_form": tags_form,
        "events": event_list_for(contribution)[:50],
    }
    response = render_group_page(request, group, "consultations/moderation_detail.html", context, section=SECTION)
    return _private_response(response)
