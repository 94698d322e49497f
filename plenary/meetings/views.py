import datetime as dt
import mimetypes
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from plenary.core.site import absolute_url, site_host
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import confirmation_page, is_confirmed, render_group_page

from . import services
from .forms import AgendaItemForm, MeetingForm, PaperForm, SessionForm
from .models import DocumentKind, Meeting
from .panels import session_panels
from .permissions import (
    can_edit_agenda,
    can_file_paper,
    can_manage_meetings,
    can_open_registration,
    can_release_document,
)
from .selectors import agenda_item_get, document_get, document_list, meeting_get, meeting_list, session_get

SECTION = "meetings"
# Files are served for download only, never rendered in the browser: a hostile upload cannot run as a page.
SAFE_INLINE_TYPES = {"application/pdf"}


@require_GET
def meeting_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    meetings = meeting_list(group=group)
    context = {"meetings": meetings, "can_manage": can_manage_meetings(request.user, group)}
    return render_group_page(request, group, "meetings/list.html", context, section=SECTION)


@require_GET
def meeting_detail(request, group_slug: str, number: int):
    group = group_get(slug=group_slug)
    meeting = meeting_get(viewer=request.user, group=group, number=number)
    context = {
        "meeting": meeting,
        "can_manage": can_manage_meetings(request.user, group),
        "can_file": can_file_paper(request.user, group),
    }
    return render_group_page(request, group, "meetings/detail.html", context, section=SECTION)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def meeting_new(request, group_slug: str):
    group = group_get(slug=group_slug)
    if not can_manage_meetings(request.user, group):
        raise Http404
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The meeting was created. Add its sessions."))
            return redirect(meeting.get_absolute_url())
    context = {"form": form, "title": _("New meeting")}
    return render_group_page(request, group, "meetings/form.html", context, section=SECTION)


def _meeting(group, number: int) -> Meeting:
    meeting = Meeting.objects.filter(group=group, number=number).select_related("group").first()
    if meeting is None:
        raise Http404
    return meeting


@require_http_methods(["GET", "POST"])
def meeting_edit(request, group_slug: str, number: int):
    group = group_get(slug=group_slug)
    if not can_manage_meetings(request.user, group):
        raise Http404
    meeting = _meeting(group, number)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(meeting.get_absolute_url())
    context = {"form": form, "title": meeting.title, "meeting": meeting}
    return render_group_page(request, group, "meetings/form.html", context, section=SECTION)


@require_http_methods(["GET", "POST"])
def session_new(request, group_slug: str, number: int):
    group = group_get(slug=group_slug)
    if not can_manage_meetings(request.user, group):
        raise Http404
    meeting = _meeting(group, number)
    form = SessionForm(request.POST or None, meeting=meeting, initial={"date": meeting.starts_on})
    if request.method == "POST" and form.is_valid():
        session = services.session_create(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("The session was added. Set its agenda."))
        return redirect("meetings:agenda", group_slug=group.slug, number=meeting.number, session=session.pk)
    context = {"form": form, "title": _("New session of %(meeting)s") % {"meeting": meeting}, "meeting": meeting}
    return render_group_page(request, group, "meetings/form.html", context, section=SECTION)


@require_GET
def session_detail(request, group_slug: str, number: int, session: int):
    """A session: that it took place for everyone; its agenda and papers for those who may read them."""
    group = group_get(slug=group_slug)
    session = session_get(viewer=request.user, group=group, number=number, pk=session)
    context = {
        "session": session,
        "meeting": session.meeting,
        "panels": session_panels(request, session),
        "can_manage": can_manage_meetings(request.user, group),
        "can_edit_agenda": can_edit_agenda(request.user, session),
        "can_file": can_file_paper(request.user, group),
        "can_open_registration": can_open_registration(request.user, session),
    }
    return render_group_page(request, group, "meetings/session.html", context, section=SECTION)


@require_http_methods(["GET", "POST"])
def session_edit(request, group_slug: str, number: int, session: int):
    group = group_get(slug=group_slug)
    if not can_manage_meetings(request.user, group):
        raise Http404
    session = session_get(viewer=request.user, group=group, number=number, pk=session)
    form = SessionForm(request.POST or None, instance=session, meeting=session.meeting)
    if request.method == "POST" and form.is_valid():
        services.session_update(actor=request.user, session=session, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(session.get_absolute_url())
    context = {"form": form, "title": session.title, "meeting": session.meeting, "session": session}
    return render_group_page(request, group, "meetings/form.html", context, section=SECTION)


def _agenda_session(request, group_slug: str, number: int, session: int):
    group = group_get(slug=group_slug)
    session = session_get(viewer=request.user, group=group, number=number, pk=session)
    if not can_edit_agenda(request.user, session):
        raise Http404
    return group, session


@require_http_methods(["GET", "POST"])
def agenda_manage(request, group_slug: str, number: int, session: int):
    """The agenda of a session: add items, drag them into order (or use the buttons), edit and remove them."""
    group, session = _agenda_session(request, group_slug, number, session)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_add(actor=request.user, session=session, **form.cleaned_data)
        messages.success(request, _("The item was added to the agenda."))
        return redirect("meetings:agenda", group_slug=group.slug, number=number, session=session.pk)
    items = list(session.agenda.order_by("order", "pk").prefetch_related("papers"))
    context = {"session": session, "meeting": session.meeting, "items": items, "form": form}
    return render_group_page(request, group, "meetings/agenda.html", context, section=SECTION)


@require_POST
def agenda_order(request, group_slug: str, number: int, session: int):
    """The order the drag-and-drop script sends: every item's id, in the new order."""
    group, session = _agenda_session(request, group_slug, number, session)
    try:
        ids = [int(value) for value in request.POST.get("order", "").split(",") if value.strip()]
        services.agenda_reorder(actor=request.user, session=session, item_ids=ids)
    except (ValueError, ValidationError):
        messages.error(request, _("The new order could not be read; the agenda is unchanged."))
    else:
        messages.success(request, _("The agenda was reordered."))
    return redirect("meetings:agenda", group_slug=group.slug, number=number, session=session.pk)


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, group_slug: str, number: int, session: int, item: int):
    group, session = _agenda_session(request, group_slug, number, session)
    item = agenda_item_get(session=session, pk=item)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_update(actor=request.user, item=item, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("meetings:agenda", group_slug=group.slug, number=number, session=session.pk)
    context = {"form": form, "title": item.title, "meeting": session.meeting, "session": session}
    return render_group_page(request, group, "meetings/form.html", context, section=SECTION)


@require_POST
def agenda_item_move(request, group_slug: str, number: int, session: int, item: int):
    group, session = _agenda_session(request, group_slug, number, session)
    item = agenda_item_get(session=session, pk=item)
    services.agenda_item_move(actor=request.user, item=item, step=-1 if request.POST.get("step") == "up" else 1)
    return redirect("meetings:agenda", group_slug=group.slug, number=number, session=session.pk)


@require_POST
def agenda_item_remove(request, group_slug: str, number: int, session: int, item: int):
    group, session = _agenda_session(request, group_slug, number, session)
    item = agenda_item_get(session=session, pk=item)
    back = reverse("meetings:agenda", kwargs={"group_slug": group.slug, "number": number, "session": session.pk})
    if not is_confirmed(request):
        return confirmation_page(
            request,
            group,
            title=_("Remove “%(item)s” from the agenda?") % {"item": item.title},
            message=_("Its papers stay with the session."),
            button=_("Remove the item"),
            cancel_url=back,
            section=SECTION,
        )
    services.agenda_item_remove(actor=request.user, item=item)
    messages.success(request, _("The item was removed from the agenda."))
    return redirect(back)


def _upload(form) -> UploadedFile | None:
    upload = form.cleaned_data.get("file")
    return upload if isinstance(upload, UploadedFile) else None


@require_http_methods(["GET", "POST"])
def paper_new(request, group_slug: str, number: int):
    """File a paper for a meeting (a session, an agenda item), or the transcript or summary of a consultation."""
    group = group_get(slug=group_slug)
    if not can_file_paper(request.user, group):
        raise Http404
    meeting = _meeting(group, number)
    initial = {"language": "en", "visibility": "members"}
    for name in ("session", "agenda_item"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    if request.GET.get("kind"):
        kind = DocumentKind.objects.filter(slug=request.GET["kind"]).first()
        if kind is not None:
            initial["kind"] = kind.pk
            if kind.slug in {"transcript", "summary"}:
                initial["visibility"] = "public"
    form = PaperForm(request.POST or None, request.FILES or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.paper_create(actor=request.user, group=group, file=_upload(form), **form.values())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The paper was filed."))
            return redirect(document.get_absolute_url())
    context = {"form": form, "title": _("New paper for %(meeting)s") % {"meeting": meeting}, "meeting": meeting}
    return render_group_page(request, group, "meetings/form.html", context, section=SECTION)


@require_http_methods(["GET", "POST"])
def paper_edit(request, group_slug: str, pk: int):
    group = group_get(slug=group_slug)
    if not can_file_paper(request.user, group):
        raise Http404
    document = document_get(viewer=request.user, group=group, pk=pk)
    if document.meeting is None:
        raise Http404  # papers outside any meeting are kept in the back office
    form = PaperForm(request.POST or None, request.FILES or None, instance=document, meeting=document.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_update(actor=request.user, document=document, file=_upload(form), **form.values())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(document.get_absolute_url())
    context = {"form": form, "title": document.title, "meeting": document.meeting, "document": document}
    return render_group_page(request, group, "meetings/form.html", context, section=SECTION)


@require_POST
def document_release(request, group_slug: str, pk: int):
    group = group_get(slug=group_slug)
    document = document_get(viewer=request.user, group=group, pk=pk)
    if not can_release_document(request.user, document):
        raise PermissionDenied
    if not is_confirmed(request):
        return confirmation_page(
            request,
            group,
            title=_("Release “%(title)s” to the public?") % {"title": document.title},
            message=_("Anyone will be able to read and download it, and search will find it."),
            button=_("Release the paper"),
            cancel_url=document.get_absolute_url(),
            section=SECTION,
        )
    services.document_release(actor=request.user, document=document, note=request.POST.get("note", ""))
    messages.success(request, _("The paper is now public."))
    return redirect(document.get_absolute_url())


@require_POST
def registration_set(request, group_slug: str, number: int, session: int):
    group = group_get(slug=group_slug)
    session = session_get(viewer=request.user, group=group, number=number, pk=session)
    if not can_open_registration(request.user, session):
        raise PermissionDenied
    is_open = request.POST.get("open") == "1"
    services.session_registration_set(actor=request.user, session=session, is_open=is_open)
    messages.success(request, _("Registration is open.") if is_open else _("Registration is closed."))
    return redirect(session.get_absolute_url())


@require_GET
def document_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    documents = document_list(viewer=request.user, group=group)
    return render_group_page(request, group, "meetings/document_list.html", {"documents": documents}, section=SECTION)


@require_GET
def document_detail(request, group_slug: str, pk: int):
    group = group_get(slug=group_slug)
    document = document_get(viewer=request.user, group=group, pk=pk)
    context = {
        "document": document,
        "can_edit": can_file_paper(request.user, group) and document.meeting_id is not None,
        "can_release": can_release_document(request.user, document) and not document.is_public,
    }
    return render_group_page(request, group, "meetings/document_detail.html", context, section=SECTION)


@require_GET
def document_download(request, group_slug: str, pk: int):
    group = group_get(slug=group_slug)
    document = document_get(viewer=request.user, group=group, pk=pk)
    if not document.file:
        raise Http404
    filename = Path(document.file.name).name
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if content_type not in SAFE_INLINE_TYPES:
        content_type = "application/octet-stream"
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if not document.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def calendar(request, group_slug: str):
    """All meetings and sessions as iCalendar, so members and the public can subscribe. A session with times is
    given in UTC (converted from the meeting's time zone); one without is a whole day."""
    group = group_get(slug=group_slug)
    cal = Calendar()
    cal.add("prodid", "-//Plenary//Working group calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{group.acronym}: meetings")
    stamp = timezone.now()
    host = site_host()
    for meeting in meeting_list(group=group):
        for session in meeting.sessions.all():
            event = CalendarEvent()
            event.add("uid", f"session-{session.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("summary", f"{meeting.title}: {session.title} ({session.get_kind_display()})")
            if session.starts_at:
                start = session.local_datetime(session.starts_at).astimezone(dt.UTC)
                end = session.local_datetime(session.ends_at) if session.ends_at else None
                event.add("dtstart", start)
                event.add("dtend", end.astimezone(dt.UTC) if end else start + timezone.timedelta(hours=3))
            else:
                event.add("dtstart", session.date)
                event.add("dtend", session.date + timezone.timedelta(days=1))
            event.add("location", session.venue or meeting.venue)
            event.add("url", absolute_url(session.get_absolute_url()))
            event.add("categories", [session.get_kind_display()])
            cal.add_component(event)
        if not meeting.sessions.all():
            event = CalendarEvent()
            event.add("uid", f"meeting-{meeting.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("summary", meeting.title)
            event.add("dtstart", meeting.starts_on)
            event.add("dtend", meeting.ends_on + timezone.timedelta(days=1))
            event.add("location", meeting.venue)
            cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{group.slug}-meetings.ics"'
    return response
