from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plenary.consultations.models import Call
from plenary.drafting.selectors import draft_get
from plenary.groups.permissions import is_secretariat
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import render_group_page

from . import services
from .forms import SubmissionForm
from .models import FORMAT_FILES, BuildStatus, ReportFormat
from .selectors import (
    build_get,
    build_list,
    call_list_public,
    call_synopsis,
    contribution_trace,
    draft_synopsis,
    edition_current,
    edition_list,
    recommendation_trace,
    submission_list,
)


@require_GET
def report_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    builds = list(build_list(viewer=request.user, group=group)[:20])
    latest = next((b for b in builds if b.status == BuildStatus.DONE), None)
    can_build = is_secretariat(request.user, group)
    names = dict(settings.LANGUAGES)
    by_language = {}
    for b in builds:  # newest first: the first finished build of each language is its latest
        if b.status == BuildStatus.DONE and b.language not in by_language:
            by_language[b.language] = b
    context = {
        "by_language": [
            (code, names[code], by_language[code]) for code, _name in settings.LANGUAGES if code in by_language
        ],
        "build_languages": settings.LANGUAGES,
        "edition": edition_current(group=group),
        "editions": list(edition_list(viewer=request.user, group=group)) if can_build else [],
        "builds": builds,
        "latest": latest,
        "submissions": submission_list(viewer=request.user, group=group),
        "calls": call_list_public(group=group),
        "can_build": can_build,
        "form": SubmissionForm(builds=[b for b in builds if b.status == BuildStatus.DONE]) if can_build else None,
    }
    return render_group_page(request, group, "reports/index.html", context, section="reports")


@require_GET
def build_detail(request, group_slug: str, number: int):
    group = group_get(slug=group_slug)
    build = build_get(viewer=request.user, group=group, number=number)
    if build is None:
        raise Http404
    context = {"build": build, "submissions": build.submissions.all()}
    return render_group_page(request, group, "reports/build.html", context, section="reports")


@require_GET
def build_download(request, group_slug: str, number: int, fmt: str):
    """The stored file, as an attachment (never served from MEDIA_ROOT)."""
    group = group_get(slug=group_slug)
    build = build_get(viewer=request.user, group=group, number=number)
    if build is None or fmt not in ReportFormat.values:
        raise Http404
    record = next((f for f in build.files.all() if f.format == fmt), None)
    if record is None:
        raise Http404
    content_type = FORMAT_FILES[ReportFormat(fmt)][1]
    response = FileResponse(
        record.file.open("rb"), as_attachment=True, filename=record.filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Digest"] = f"sha-256={record.sha256}"
    return response


@require_GET
def latest_download(request, group_slug: str, fmt: str):
    group = group_get(slug=group_slug)
    builds = build_list(viewer=request.user, group=group).filter(status=BuildStatus.DONE)
    if request.GET.get("language"):
        builds = builds.filter(language=request.GET["language"])
    build = builds.first()
    if build is None:
        raise Http404
    return build_download(request, group_slug, build.number, fmt)


@require_POST
def build_request(request, group_slug: str):
    group = group_get(slug=group_slug)
    if not is_secretariat(request.user, group):
        raise PermissionDenied
    language = request.POST.get("language") or "en"
    if language not in dict(settings.LANGUAGES):
        raise Http404
    build = services.report_build_request(actor=request.user, group=group, language=language)
    messages.success(request, _("Build %(n)s was queued; it runs in the background.") % {"n": build.number})
    return redirect("reports:index", group_slug=group.slug)


@require_POST
def submission_new(request, group_slug: str):
    group = group_get(slug=group_slug)
    if not is_secretariat(request.user, group):
        raise PermissionDenied
    builds = list(build_list(viewer=request.user, group=group).filter(status=BuildStatus.DONE))
    form = SubmissionForm(request.POST, builds=builds)
    if form.is_valid():
        services.submission_record(
            actor=request.user,
            build=form.cleaned_data["build"],
            submitted_to=form.cleaned_data["submitted_to"],
            submitted_on=form.cleaned_data["submitted_on"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The submission was recorded."))
    else:
        messages.error(
            request, _("The submission could not be recorded: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect("reports:index", group_slug=group.slug)


@require_GET
def trace(request, group_slug: str, slug: str):
    """What is behind a recommendation: issues, findings, contributions and comments."""
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    context = {"trace": recommendation_trace(viewer=request.user, draft=draft)}
    return render_group_page(request, group, "reports/trace.html", context, section="reports")


@require_GET
def input_trace(request, group_slug: str, token: str):
    """What became of your input: reached only through the private link on the contributor's receipt."""
    group = group_get(slug=group_slug)
    result = contribution_trace(token=token)
    if result is None or result.contribution.group_id != group.pk:
        raise Http404
    response = render_group_page(request, group, "reports/input_trace.html", {"trace": result}, section="reports")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = (
        "same-origin"  # not no-referrer: that makes browsers send "Origin: null" and fail CSRF
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def synopsis_call(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    call = Call.objects.filter(group=group, slug=slug).first()
    if call is None:
        raise Http404
    context = {"synopsis": call_synopsis(group=group, call=call)}
    return render_group_page(request, group, "reports/synopsis_call.html", context, section="reports")


@require_GET
def synopsis_draft(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    context = {"synopsis": draft_synopsis(group=group, draft=draft)}
    return render_group_page(request, group, "reports/synopsis_draft.html", context, section="reports")
