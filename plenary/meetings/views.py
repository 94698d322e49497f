import mimetypes
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import render_group_page

from .selectors import document_get, document_list, meeting_get, meeting_list

# Files are served for download only, never rendered in the browser: a hostile upload cannot run as a page.
SAFE_INLINE_TYPES = {"application/pdf"}


@require_GET
def meeting_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    meetings = meeting_list(group=group)
    return render_group_page(request, group, "meetings/list.html", {"meetings": meetings}, section="meetings")


@require_GET
def meeting_detail(request, group_slug: str, number: int):
    group = group_get(slug=group_slug)
    meeting = meeting_get(viewer=request.user, group=group, number=number)
    return render_group_page(request, group, "meetings/detail.html", {"meeting": meeting}, section="meetings")


@require_GET
def document_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    documents = document_list(viewer=request.user, group=group)
    return render_group_page(
        request, group, "meetings/document_list.html", {"documents": documents}, section="meetings"
    )


@require_GET
def document_detail(request, group_slug: str, pk: int):
    group = group_get(slug=group_slug)
    document = document_get(viewer=request.user, group=group, pk=pk)
    return render_group_page(
        request, group, "meetings/document_detail.html", {"document": document}, section="meetings"
    )


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
    """All meetings and sessions as iCalendar, so members and the public can subscribe."""
    group = group_get(slug=group_slug)
    cal = Calendar()
    cal.add("prodid", "-//Plenary//Working group calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{group.acronym}: meetings")
    stamp = timezone.now()
    host = request.get_host()
    for meeting in meeting_list(group=group):
        for session in meeting.sessions.all():
            event = CalendarEvent()
            event.add("uid", f"session-{session.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("summary", f"{meeting.title}: {session.title} ({session.get_kind_display()})")
            event.add("dtstart", session.date)
            event.add("dtend", session.date + timezone.timedelta(days=1))
            event.add("location", session.venue or meeting.venue)
            event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
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
