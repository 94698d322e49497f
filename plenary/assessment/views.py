from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plenary.core.charts import chart_svg
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import confirmation_page, is_confirmed, render_group_page
from plenary.issues.selectors import issue_list, principle_list
from plenary.meetings.selectors import document_list, meeting_list

from . import services
from .charts import matrix_chart
from .forms import AssessmentForm, FindingForm
from .models import Actor, IssueAssessment
from .permissions import can_edit_assessment, can_release_assessment
from .selectors import contributions_for_assessment, issue_assessment_get, matrix_get


@require_GET
def matrix(request, group_slug: str):
    group = group_get(slug=group_slug)
    data = matrix_get(viewer=request.user, group=group)
    rows = data.chart_rows()
    chart = None
    if rows:
        chart = chart_svg(
            matrix_chart(
                rows,
                issue_title=_("Issue"),
                principle_title=_("Principle"),
                issue_order=[r.issue.title for r in data.rows],
                principle_order=[p.label for p in data.principles],
            ),
            label=_("Adequacy of existing arrangements, issue by principle"),
        )
    context = {
        "matrix": data,
        "chart": chart,
        "can_edit": can_edit_assessment(request.user, group),
        "unassessed": issue_list(group=group).exclude(assessment__isnull=False)
        if can_edit_assessment(request.user, group)
        else [],
    }
    return render_group_page(request, group, "assessment/matrix.html", context, section="assessment")


@require_GET
def issue_page(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    context = issue_assessment_get(viewer=request.user, group=group, slug=slug)
    context["can_edit"] = can_edit_assessment(request.user, group)
    context["can_release"] = can_release_assessment(request.user, group)
    context["actors"] = Actor
    return render_group_page(request, group, "assessment/issue.html", context, section="assessment")


@require_http_methods(["GET", "POST"])
def assessment_edit(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    if not can_edit_assessment(request.user, group):
        raise Http404
    issue = issue_list(group=group).filter(slug=slug).first()
    if issue is None:
        raise Http404
    principles = list(principle_list(group=group))
    assessment = IssueAssessment.objects.filter(issue=issue).first()
    initial = {}
    if assessment is not None:
        initial = {
            "arrangements": assessment.arrangements,
            "instruments": assessment.instruments,
            "summary": assessment.summary,
        }
        for r in assessment.ratings.all():
            initial.update(
                {
                    f"rating_{r.principle_id}": r.rating,
                    f"rationale_{r.principle_id}": r.rationale,
                    f"minority_{r.principle_id}": r.minority_views,
                }
            )
        for s in assessment.roles.all():
            initial[f"role_{s.actor}"] = s.statement
    form = AssessmentForm(request.POST or None, initial=initial, principles=principles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            assessment = services.assessment_save(
                actor=request.user,
                issue=issue,
                arrangements=data["arrangements"],
                instruments=data["instruments"],
                summary=data["summary"],
            )
            for p in principles:
                services.rating_save(
                    actor=request.user,
                    assessment=assessment,
                    principle=p,
                    rating=data[f"rating_{p.pk}"],
                    rationale=data[f"rationale_{p.pk}"],
                    minority_views=data[f"minority_{p.pk}"],
                )
            for value in Actor.values:
                services.role_statement_save(
                    actor=request.user, assessment=assessment, stakeholder=value, statement=data[f"role_{value}"]
                )
        messages.success(request, _("The assessment was saved."))
        return redirect(assessment.get_absolute_url())
    return render_group_page(
        request, group, "assessment/edit.html", {"form": form, "issue": issue}, section="assessment"
    )


@require_http_methods(["GET", "POST"])
def finding_edit(request, group_slug: str, slug: str, number: int | None = None):
    group = group_get(slug=group_slug)
    if not can_edit_assessment(request.user, group):
        raise Http404
    assessment = IssueAssessment.objects.filter(group=group, issue__slug=slug).select_related("issue").first()
    if assessment is None:
        raise Http404
    finding = assessment.findings.filter(number=number).first() if number is not None else None
    if number is not None and finding is None:
        raise Http404
    initial = {}
    if finding is not None:
        initial = {
            "title": finding.title,
            "text": finding.text,
            "contributions": finding.contributions.all(),
            "documents": finding.documents.all(),
            "meetings": finding.meetings.all(),
        }
    form = FindingForm(
        request.POST or None,
        initial=initial,
        contributions=contributions_for_assessment(viewer=None, group=group).order_by("reference"),
        documents=document_list(viewer=request.user, group=group),
        meetings=meeting_list(group=group),
    )
    if request.method == "POST" and form.is_valid():
        services.finding_save(actor=request.user, assessment=assessment, number=number, **form.cleaned_data)
        messages.success(request, _("The finding was saved."))
        return redirect(assessment.get_absolute_url())
    context = {"form": form, "issue": assessment.issue, "finding": finding}
    return render_group_page(request, group, "assessment/finding_edit.html", context, section="assessment")


@require_POST
def assessment_release(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    if not can_release_assessment(request.user, group):
        raise PermissionDenied
    assessment = IssueAssessment.objects.filter(group=group, issue__slug=slug).first()
    if assessment is None:
        raise Http404
    release = request.POST.get("release") != "0"
    if not is_confirmed(request):
        return confirmation_page(
            request,
            group,
            title=(_("Release the assessment of %(issue)s?") if release else _("Withdraw the assessment of %(issue)s?"))
            % {"issue": assessment.issue.title},
            message=_("The public, the feeds, the search and the report will read it from now on.")
            if release
            else _("The public will no longer read it; what was published before stays on the trail."),
            button=_("Release to the public") if release else _("Withdraw from the public"),
            cancel_url=assessment.get_absolute_url(),
            section="assessment",
        )
    services.assessment_release(actor=request.user, assessment=assessment, release=release)
    messages.success(request, _("Released to the public.") if release else _("Withdrawn from the public."))
    return redirect(assessment.get_absolute_url())
