"""The members' workspace: one page per member, tasks, rapporteurs and drafting teams, statements of interest."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plenary.core.visibility import visible
from plenary.drafting.selectors import draft_list
from plenary.groups.models import MEMBER_ROLES, Membership
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import render_group_page
from plenary.issues.selectors import issue_list

from . import services
from .forms import AssignmentForm, InterestForm, TaskForm
from .models import TASK_TRANSITIONS, TaskState
from .permissions import can_assign_work, can_declare_interest, can_move_task, can_open_workspace
from .selectors import (
    assignment_list,
    interest_list,
    interests_published,
    member_get,
    member_page,
    membership_of,
    task_get,
    task_list,
)

SECTION = "workspace"


def _workspace(request, group_slug: str):
    group = group_get(slug=group_slug)
    if not can_open_workspace(request.user, group):
        raise Http404
    return group


@require_GET
def home(request, group_slug: str):
    """The viewer's own page; to anyone else, what the members' area is and how to get in."""
    group = group_get(slug=group_slug)
    membership = membership_of(request.user, group)
    if membership is None or not can_open_workspace(request.user, group):
        context = {"signed_in": request.user.is_authenticated}
        return render_group_page(request, group, "workspace/outside.html", context, section=SECTION)
    context = member_page(viewer=request.user, membership=membership)
    context.update({"own": True, "can_assign": can_assign_work(request.user, group)})
    return render_group_page(request, group, "workspace/member.html", context, section=SECTION)


@require_GET
def member(request, group_slug: str, person: int):
    group = _workspace(request, group_slug)
    membership = member_get(viewer=request.user, group=group, person=person)
    context = member_page(viewer=request.user, membership=membership)
    own = membership.person.user_id == request.user.pk
    context.update({"own": own, "can_assign": can_assign_work(request.user, group)})
    return render_group_page(request, group, "workspace/member.html", context, section=SECTION)


def _members(group):
    return (
        visible(Membership, None)
        .filter(group=group, role__in=MEMBER_ROLES)
        .select_related("person")
        .order_by("order", "person__name")
    )


def _choices(request, group) -> dict:
    return {
        "members": _members(group),
        "issues": issue_list(group=group),
        "drafts": draft_list(viewer=request.user, group=group),
    }


@require_GET
def tasks(request, group_slug: str):
    group = _workspace(request, group_slug)
    state = request.GET.get("state", "")
    items = task_list(viewer=request.user, group=group)
    if state in TaskState.values:
        items = items.filter(state=state)
    else:
        items = items.filter(state__in=[TaskState.OPEN, TaskState.IN_PROGRESS])
    context = {"tasks": items, "state": state, "states": TaskState, "can_assign": can_assign_work(request.user, group)}
    return render_group_page(request, group, "workspace/tasks.html", context, section=SECTION)


@require_http_methods(["GET", "POST"])
def task_new(request, group_slug: str):
    group = _workspace(request, group_slug)
    if not can_assign_work(request.user, group):
        raise Http404
    form = TaskForm(request.POST or None, **_choices(request, group))
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The task was set."))
            return redirect(task.get_absolute_url())
    return render_group_page(
        request, group, "workspace/form.html", {"form": form, "title": _("New task")}, section=SECTION
    )


@require_http_methods(["GET", "POST"])
def task_detail(request, group_slug: str, pk: int):
    """A task: read by the members; its owner moves its state; the chair and the secretariat edit it."""
    group = _workspace(request, group_slug)
    task = task_get(viewer=request.user, group=group, pk=pk)
    can_edit = can_assign_work(request.user, group)
    form = None
    if can_edit:
        initial = {k: getattr(task, k) for k in ("title", "description", "owner", "due_on", "issue", "draft")}
        form = TaskForm(request.POST or None, initial=initial, **_choices(request, group))
        if request.method == "POST" and form.is_valid():
            try:
                services.task_update(actor=request.user, task=task, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(task.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied
    moves = [to for to in TASK_TRANSITIONS[task.state] if can_move_task(request.user, task, to)]
    context = {"task": task, "form": form, "moves": moves, "states": TaskState}
    return render_group_page(request, group, "workspace/task.html", context, section=SECTION)


@require_POST
def task_move(request, group_slug: str, pk: int):
    group = _workspace(request, group_slug)
    task = task_get(viewer=request.user, group=group, pk=pk)
    to = request.POST.get("to", "")
    if not can_move_task(request.user, task, to):
        raise PermissionDenied
    services.task_move(actor=request.user, task=task, to=to, note=request.POST.get("note", ""))
    messages.success(request, _("The task is now: %(state)s.") % {"state": TaskState(to).label})
    return redirect(task.get_absolute_url())


@require_http_methods(["GET", "POST"])
def assignments(request, group_slug: str):
    """Rapporteurs and drafting teams: the members read them; the chair and the secretariat name them."""
    group = _workspace(request, group_slug)
    can_assign = can_assign_work(request.user, group)
    form = AssignmentForm(request.POST or None, **_choices(request, group)) if can_assign else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.assignment_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("workspace:assignments", group_slug=group.slug)
    context = {"assignments": assignment_list(viewer=request.user, group=group), "form": form, "can_assign": can_assign}
    return render_group_page(request, group, "workspace/assignments.html", context, section=SECTION)


@require_POST
def assignment_end(request, group_slug: str, pk: int):
    group = _workspace(request, group_slug)
    if not can_assign_work(request.user, group):
        raise PermissionDenied
    assignment = assignment_list(viewer=request.user, group=group).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    services.assignment_end(actor=request.user, assignment=assignment)
    messages.success(request, _("The assignment was ended."))
    return redirect("workspace:assignments", group_slug=group.slug)


@require_http_methods(["GET", "POST"])
def interest_edit(request, group_slug: str):
    """A member's own statement of interest."""
    group = _workspace(request, group_slug)
    membership = membership_of(request.user, group)
    if membership is None or not can_declare_interest(request.user, membership):
        raise Http404
    current = interest_list(viewer=request.user, group=group).filter(membership=membership).first()
    form = InterestForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        services.interest_declare(actor=request.user, membership=membership, text=form.cleaned_data["text"])
        messages.success(request, _("Your statement of interest was saved."))
        return redirect("workspace:home", group_slug=group.slug)
    context = {"form": form, "title": _("Your statement of interest"), "published": interests_published(group)}
    return render_group_page(request, group, "workspace/form.html", context, section=SECTION)


@require_GET
def interests(request, group_slug: str):
    """The members' statements of interest, published or kept for the members as the group decided."""
    group = group_get(slug=group_slug)
    context = {"statements": interest_list(viewer=request.user, group=group), "published": interests_published(group)}
    return render_group_page(request, group, "workspace/interests.html", context, section="members")
