"""Pages of the record of sessions. Thin: each checks its predicate (404 for a page the viewer may not open, as if
it did not exist; 403 for a step not theirs), calls one service or selector, and renders."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plenary.assessment.models import IssueAssessment
from plenary.consultations.spam import RATE_LIMIT_MESSAGE, rate_limited
from plenary.core.feeds import SiteFeed
from plenary.core.site import absolute_url
from plenary.core.visibility import visible
from plenary.drafting.models import Draft
from plenary.drafting.selectors import draft_list, version_get
from plenary.groups.models import Membership
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import confirmation_page, is_confirmed, render_group_page
from plenary.issues.models import Principle
from plenary.meetings.selectors import session_get

from . import services
from .forms import AttendanceForm, DecisionForm, LinkForm, MinutesForm, RedactionForm, RegistrationForm, SpeakerForm
from .models import DecisionLink, LinkKind
from .permissions import (
    can_approve_minutes,
    can_approve_readout,
    can_derive_readout,
    can_disclose_decision,
    can_draft_minutes,
    can_keep_speakers_list,
    can_manage_registrations,
    can_record_attendance,
    can_record_decision,
    can_register,
)
from .selectors import (
    attendance_list,
    attendance_sheet,
    decision_get,
    decision_list,
    minutes_get,
    participant_list,
    participants_csv_rows,
    readout_get,
    readout_list,
    speaker_list,
    speakers_balance,
)

SECTION = "meetings"


def _session(request, group_slug: str, number: int, session: int):
    group = group_get(slug=group_slug)
    return group, session_get(viewer=request.user, group=group, number=number, pk=session)


def _errors(form, error: ValidationError) -> None:
    form.add_error(None, error)


# Minutes and readouts ----------------------------------------------------------------------------------------------


@require_GET
def minutes_detail(request, group_slug: str, number: int, session: int):
    group, session = _session(request, group_slug, number, session)
    minutes = minutes_get(viewer=request.user, session=session)
    if minutes is None:
        raise Http404
    context = {
        "session": session,
        "minutes": minutes,
        "can_draft": can_draft_minutes(request.user, session),
        "can_approve": can_approve_minutes(request.user, minutes),
        "can_derive": can_derive_readout(request.user, session),
    }
    return render_group_page(request, group, "proceedings/minutes.html", context, section=SECTION)


@require_http_methods(["GET", "POST"])
def minutes_edit(request, group_slug: str, number: int, session: int):
    group, session = _session(request, group_slug, number, session)
    if not can_draft_minutes(request.user, session):
        raise Http404
    minutes = minutes_get(viewer=request.user, session=session)
    form = MinutesForm(request.POST or None, initial={"text": minutes.text if minutes else ""})
    if request.method == "POST" and form.is_valid():
        try:
            minutes = services.minutes_save(actor=request.user, session=session, text=form.cleaned_data["text"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The minutes were saved. The chair approves them."))
            return redirect(minutes.get_absolute_url())
    context = {"session": session, "form": form, "title": _("Minutes of %(session)s") % {"session": session.title}}
    return render_group_page(request, group, "proceedings/form.html", context, section=SECTION)


@require_POST
def minutes_approve(request, group_slug: str, number: int, session: int):
    group, session = _session(request, group_slug, number, session)
    minutes = minutes_get(viewer=request.user, session=session)
    if minutes is None:
        raise Http404
    if not can_approve_minutes(request.user, minutes):
        raise PermissionDenied
    if not is_confirmed(request):
        return confirmation_page(
            request,
            group,
            title=_("Approve the minutes of %(session)s?") % {"session": session.title},
            message=_("Approved minutes are the record of the session: they cannot be changed afterwards."),
            button=_("Approve the minutes"),
            cancel_url=minutes.get_absolute_url(),
            section=SECTION,
        )
    services.minutes_approve(actor=request.user, minutes=minutes)
    messages.success(request, _("The minutes are approved."))
    return redirect(minutes.get_absolute_url())


@require_GET
def readout_detail(request, group_slug: str, number: int, session: int):
    group, session = _session(request, group_slug, number, session)
    readout = readout_get(viewer=request.user, session=session)
    if readout is None:
        raise Http404
    context = {
        "session": session,
        "readout": readout,
        "can_derive": can_derive_readout(request.user, session),
        "can_approve": can_approve_readout(request.user, readout),
        # the minutes beside the readout, for those who may read them (the chair checks what goes out)
        "minutes": minutes_get(viewer=request.user, session=session),
    }
    return render_group_page(request, group, "proceedings/readout.html", context, section=SECTION)


@require_http_methods(["GET", "POST"])
def readout_redact(request, group_slug: str, number: int, session: int):
    """The redaction step: tick the paragraphs of the approved minutes that the public may read, reword them."""
    group, session = _session(request, group_slug, number, session)
    if not can_derive_readout(request.user, session):
        raise Http404
    minutes = minutes_get(viewer=request.user, session=session)
    readout = readout_get(viewer=request.user, session=session)
    current = {}
    if readout is not None:
        texts = readout.paragraphs
        current = {row["paragraph"]: texts[i] for i, row in enumerate(readout.released_paragraphs) if i < len(texts)}
    data = request.POST if request.method == "POST" else None  # ticking nothing is an answer too
    form = RedactionForm(data, paragraphs=minutes.paragraphs, current=current)
    if request.method == "POST" and form.is_valid():
        released = [services.ReleasedParagraph(i, text) for i, text in form.released()]
        try:
            readout = services.readout_derive(actor=request.user, session=session, released=released)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The readout was prepared. The chair approves what is released."))
            return redirect(readout.get_absolute_url())
    context = {"session": session, "form": form, "minutes": minutes}
    return render_group_page(request, group, "proceedings/redact.html", context, section=SECTION)


@require_POST
def readout_approve(request, group_slug: str, number: int, session: int):
    group, session = _session(request, group_slug, number, session)
    readout = readout_get(viewer=request.user, session=session)
    if readout is None:
        raise Http404
    if not can_approve_readout(request.user, readout):
        raise PermissionDenied
    if not is_confirmed(request):
        return confirmation_page(
            request,
            group,
            title=_("Release the readout of %(session)s?") % {"session": session.title},
            message=_("The readout becomes public: anyone can read it, feeds and search carry it. The minutes stay "
                      "with the members."),
            button=_("Approve and release"),
            cancel_url=readout.get_absolute_url(),
            section=SECTION,
        )  # fmt: skip
    services.readout_approve(actor=request.user, readout=readout)
    messages.success(request, _("The readout is approved and public."))
    return redirect(readout.get_absolute_url())


# The decisions register --------------------------------------------------------------------------------------------


@require_GET
def decision_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    context = {
        "decisions": decision_list(viewer=request.user, group=group),
        "readouts": readout_list(viewer=request.user, group=group),
    }
    return render_group_page(request, group, "proceedings/decisions.html", context, section="decisions")


@require_GET
def decision_detail(request, group_slug: str, number: int):
    group = group_get(slug=group_slug)
    decision = decision_get(viewer=request.user, group=group, number=number)
    context = {
        "decision": decision,
        "can_edit": can_record_decision(request.user, group),
        "can_disclose": can_disclose_decision(request.user, decision),
    }
    return render_group_page(request, group, "proceedings/decision.html", context, section="decisions")


def _members(group):
    return visible(Membership, None).filter(group=group).select_related("person").order_by("order", "person__name")


@require_http_methods(["GET", "POST"])
def decision_new(request, group_slug: str, number: int, session: int):
    group, session = _session(request, group_slug, number, session)
    if not can_record_decision(request.user, group):
        raise Http404
    form = DecisionForm(request.POST or None, members=_members(group))
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The decision was entered in the register. Link what it changed."))
            return redirect("proceedings:decision_links", group_slug=group.slug, number=decision.number)
    title = _("New decision of %(session)s") % {"session": session.title}
    return render_group_page(
        request, group, "proceedings/form.html", {"session": session, "form": form, "title": title}, section=SECTION
    )


@require_http_methods(["GET", "POST"])
def decision_edit(request, group_slug: str, number: int):
    group = group_get(slug=group_slug)
    if not can_record_decision(request.user, group):
        raise Http404
    decision = decision_get(viewer=request.user, group=group, number=number)
    initial = {k: getattr(decision, k) for k in ("title", "text", "proposed_by", "proposer", "outcome")}
    form = DecisionForm(request.POST or None, members=_members(group), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.decision_update(actor=request.user, decision=decision, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(decision.get_absolute_url())
    context = {"session": decision.session, "form": form, "title": str(decision)}
    return render_group_page(request, group, "proceedings/form.html", context, section="decisions")


@require_POST
def decision_disclose(request, group_slug: str, number: int):
    group = group_get(slug=group_slug)
    decision = decision_get(viewer=request.user, group=group, number=number)
    if not can_disclose_decision(request.user, decision):
        raise PermissionDenied
    if not is_confirmed(request):
        return confirmation_page(
            request,
            group,
            title=_("Disclose %(label)s?") % {"label": decision.label},
            message=_("The decision joins the public register and the public history of what it changed."),
            button=_("Disclose the decision"),
            cancel_url=decision.get_absolute_url(),
            section="decisions",
        )
    services.decision_disclose(actor=request.user, decision=decision)
    messages.success(request, _("The decision is disclosed."))
    return redirect(decision.get_absolute_url())


def _paragraph_choices(request, group) -> list[tuple[str, str]]:
    """Every paragraph of the latest version of each draft, as "draft-slug:key"."""
    choices = []
    for draft in draft_list(viewer=request.user, group=group):
        try:
            version = version_get(viewer=request.user, draft=draft)
        except Http404:
            continue
        for p in version.paragraphs.all():
            if not p.is_heading:
                choices.append((f"{draft.slug}:{p.key}", f"{draft.title}, ¶{p.number}: {p.text[:80]}"))
    return choices


def _cell_choices(request, group) -> list[tuple[str, str]]:
    assessments = visible(IssueAssessment, request.user).filter(group=group).select_related("issue")
    principles = list(Principle.objects.filter(group=group))
    return [(f"{a.pk}:{p.pk}", f"{a.issue.title} × {p.label}") for a in assessments for p in principles]


@require_http_methods(["GET", "POST"])
def decision_links(request, group_slug: str, number: int):
    """Link a decision to the paragraph or assessment cell it changed (the secretariat)."""
    group = group_get(slug=group_slug)
    if not can_record_decision(request.user, group):
        raise Http404
    decision = decision_get(viewer=request.user, group=group, number=number)
    form = LinkForm(
        request.POST or None, paragraphs=_paragraph_choices(request, group), cells=_cell_choices(request, group)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == LinkKind.PARAGRAPH:
                slug, key = data["paragraph"].split(":", 1)
                draft = Draft.objects.get(group=group, slug=slug)
                services.decision_link_paragraph(
                    actor=request.user, decision=decision, draft=draft, key=key, note=data["note"]
                )
            else:
                assessment_pk, principle_pk = (int(x) for x in data["cell"].split(":", 1))
                services.decision_link_cell(
                    actor=request.user,
                    decision=decision,
                    assessment=IssueAssessment.objects.get(group=group, pk=assessment_pk),
                    principle=Principle.objects.get(group=group, pk=principle_pk),
                    note=data["note"],
                )
        except (ValidationError, Draft.DoesNotExist, IssueAssessment.DoesNotExist, Principle.DoesNotExist) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else _("Choose from the list."))
        else:
            messages.success(request, _("The link was recorded."))
            return redirect("proceedings:decision_links", group_slug=group.slug, number=decision.number)
    context = {"decision": decision, "form": form}
    return render_group_page(request, group, "proceedings/decision_links.html", context, section="decisions")


@require_POST
def decision_unlink(request, group_slug: str, number: int, link: int):
    group = group_get(slug=group_slug)
    if not can_record_decision(request.user, group):
        raise PermissionDenied
    decision = decision_get(viewer=request.user, group=group, number=number)
    target = DecisionLink.objects.filter(decision=decision, pk=link).first()
    if target is None:
        raise Http404
    services.decision_unlink(actor=request.user, link=target)
    messages.success(request, _("The link was removed."))
    return redirect("proceedings:decision_links", group_slug=group.slug, number=decision.number)


def _csv_cell(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value


@require_GET
def decisions_csv(request, group_slug: str):
    """The public decisions register (open data): what the public may read, whoever asks."""
    group = group_get(slug=group_slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{group.slug}-decisions.csv"'
    writer = csv.writer(response)
    writer.writerow(["number", "decision", "outcome", "proposed_by", "meeting", "session", "date", "changed", "url"])
    for d in decision_list(viewer=None, group=group):
        changed = "; ".join(
            f"{link.draft.slug}#{link.paragraph_key}" if link.kind == LinkKind.PARAGRAPH
            else f"{link.assessment.issue.slug}/{link.principle.slug}"
            for link in d.visible_links
        )  # fmt: skip
        writer.writerow(
            [
                d.label,
                _csv_cell(d.title),
                d.outcome,
                _csv_cell(d.proposed_by),
                d.session.meeting.title,
                d.session.title,
                d.session.date.isoformat(),
                changed,
                absolute_url(d.get_absolute_url()),
            ]
        )
    return response


class DecisionFeed(SiteFeed):
    """Disclosed decisions and approved readouts (Atom): only what the public may read."""

    feed_type = Atom1Feed

    def get_object(self, request, group_slug: str):
        return group_get(slug=group_slug)

    def title(self, group):
        return _("%(acronym)s: decisions and readouts") % {"acronym": group.acronym}

    def link(self, group):
        return reverse("proceedings:decisions", kwargs={"group_slug": group.slug})

    def items(self, group):
        decisions = list(decision_list(viewer=None, group=group).order_by("-disclosed_at")[:50])
        readouts = list(readout_list(viewer=None, group=group)[:50])
        return sorted(decisions + readouts, key=self.item_pubdate, reverse=True)[:50]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return item.text[:1000]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return getattr(item, "disclosed_at", None) or getattr(item, "approved_at", None) or item.updated_at


# Registration and the speakers' list --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request, group_slug: str, number: int, session: int):
    """Register to attend an open consultation, in person or remotely, with a contribution's profile."""
    group, session = _session(request, group_slug, number, session)
    context = {"session": session}
    if not can_register(request.user, session):
        context["closed"] = True
        response = render_group_page(request, group, "proceedings/register.html", context, section=SECTION)
        if request.method == "POST":
            response.status_code = 403
        return response
    form = RegistrationForm(request.POST or None, initial=RegistrationForm.initial_from_user(request.user))
    if request.method == "POST":
        if rate_limited(request, scope="proceedings.register"):
            form.add_error(None, RATE_LIMIT_MESSAGE)
            response = render_group_page(
                request, group, "proceedings/register.html", {**context, "form": form}, section=SECTION
            )
            response.status_code = 429
            return response
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.registration_submit(
                    session=session,
                    profile=form.profile(),
                    mode=data["mode"],
                    wishes_to_speak=data["wishes_to_speak"],
                    needs=data["needs"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error("submitter_email" if error.code == "duplicate" else None, error)
            else:
                messages.success(
                    request, _("You are registered. The secretariat will write to you before the session.")
                )
                return redirect(session.get_absolute_url())
    context["form"] = form
    return render_group_page(request, group, "proceedings/register.html", context, section=SECTION)


@require_GET
def participants(request, group_slug: str, number: int, session: int):
    group, session = _session(request, group_slug, number, session)
    if not can_manage_registrations(request.user, session):
        raise Http404
    registrations = list(participant_list(viewer=request.user, session=session))
    by_group: dict[str, int] = {}
    for r in registrations:
        label = r.stakeholder_group.name if r.stakeholder_group else _("Not given")
        by_group[label] = by_group.get(label, 0) + 1
    context = {"session": session, "registrations": registrations, "by_group": sorted(by_group.items())}
    return render_group_page(request, group, "proceedings/participants.html", context, section=SECTION)


@require_GET
def participants_csv(request, group_slug: str, number: int, session: int):
    """The participants' list for the venue's badges (the secretariat only)."""
    group, session = _session(request, group_slug, number, session)
    if not can_manage_registrations(request.user, session):
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{group.slug}-session-{session.pk}-badges.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(["name", "organisation", "stakeholder group", "country", "attends", "asked for the floor"])
    for row in participants_csv_rows(viewer=request.user, session=session):
        writer.writerow([_csv_cell(value) for value in row])
    return response


@require_POST
def registration_cancel(request, group_slug: str, number: int, session: int, registration: int):
    group, session = _session(request, group_slug, number, session)
    if not can_manage_registrations(request.user, session):
        raise PermissionDenied
    target = participant_list(viewer=request.user, session=session).filter(pk=registration).first()
    if target is None:
        raise Http404
    services.registration_cancel(actor=request.user, registration=target)
    messages.success(request, _("The registration was cancelled."))
    return redirect("proceedings:participants", group_slug=group.slug, number=number, session=session.pk)


@require_GET
def speakers(request, group_slug: str, number: int, session: int):
    """The speakers' list and its balance by stakeholder group and region, as it goes; the chair keeps it here."""
    group, session = _session(request, group_slug, number, session)
    entries = speaker_list(viewer=request.user, session=session)
    context = {
        "session": session,
        "entries": entries,
        "balance": speakers_balance(entries),
        "can_keep": can_keep_speakers_list(request.user, session),
        "form": SpeakerForm(),
    }
    return render_group_page(request, group, "proceedings/speakers.html", context, section=SECTION)


def _back_to_speakers(group, number, session):
    return redirect("proceedings:speakers", group_slug=group.slug, number=number, session=session.pk)


@require_POST
def speaker_add(request, group_slug: str, number: int, session: int):
    group, session = _session(request, group_slug, number, session)
    if not can_keep_speakers_list(request.user, session):
        raise PermissionDenied
    form = SpeakerForm(request.POST)
    if form.is_valid():
        services.speaker_add(actor=request.user, session=session, **form.cleaned_data)
        messages.success(request, _("Added to the speakers' list."))
    else:
        messages.error(request, _("Give the name the speaker is called by."))
    return _back_to_speakers(group, number, session)


@require_POST
def speaker_update(request, group_slug: str, number: int, session: int, entry: int):
    group, session = _session(request, group_slug, number, session)
    if not can_keep_speakers_list(request.user, session):
        raise PermissionDenied
    target = next((e for e in speaker_list(viewer=request.user, session=session) if e.pk == entry), None)
    if target is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action in {"up", "down"}:
            services.speaker_move(actor=request.user, entry=target, step=-1 if action == "up" else 1)
        else:
            services.speaker_step(actor=request.user, entry=target, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to_speakers(group, number, session)


# Attendance --------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def attendance(request, group_slug: str, number: int, session: int):
    """Who attended: members read it; the secretariat records it here."""
    group, session = _session(request, group_slug, number, session)
    records = list(attendance_list(viewer=request.user, session=session))
    can_record = can_record_attendance(request.user, session)
    if not records and not can_record:
        raise Http404
    form = None
    if can_record:
        form = AttendanceForm(request.POST or None, sheet=attendance_sheet(viewer=request.user, session=session))
        if request.method == "POST" and form.is_valid():
            services.attendance_record(actor=request.user, session=session, statuses=form.statuses())
            messages.success(request, _("Attendance was recorded."))
            return redirect("proceedings:attendance", group_slug=group.slug, number=number, session=session.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {"session": session, "records": records, "form": form}
    return render_group_page(request, group, "proceedings/attendance.html", context, section=SECTION)
