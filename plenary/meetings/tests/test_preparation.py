"""The secretariat prepares meetings from the group's own pages: forms that fit the work (a country picker in the
viewer's language, times with their zone named), an agenda put in order by dragging or by buttons, papers on
agenda items with their visibility and release date. Every write is on the trail; nobody else may write."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from plenary.core.models import Event
from plenary.groups.countries import country_names
from plenary.meetings.models import AgendaItem, Document, DocumentKind, Meeting, SessionKind
from plenary.testing import ROLES

WRITERS = {"secretariat", "site_admin"}


def _closed(meeting):
    return meeting.sessions.get(kind=SessionKind.CLOSED)


def test_the_country_picker_names_countries_in_the_viewers_language():
    names = {lang: dict(country_names(lang)) for lang in ["en", "fr", "es", "ru", "zh-hans", "ar"]}
    assert names["en"]["CH"] == "Switzerland"
    assert names["fr"]["CH"] == "Suisse"
    assert names["es"]["CI"] == "Côte d’Ivoire"
    assert names["ru"]["DE"] == "Германия"
    assert names["zh-hans"]["CH"] == "瑞士"
    assert names["ar"]["CH"] == "سويسرا"
    assert len(names["fr"]) == len(names["en"]) >= 249
    french = [name for _code, name in country_names("fr")]
    assert french.index("Égypte") < french.index("Espagne")  # accents folded when sorting


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_opens_the_preparation_pages(role, clients, group, meeting):
    client = clients[role]
    session = _closed(meeting)
    pages = [
        reverse("meetings:new", args=[group.slug]),
        reverse("meetings:edit", args=[group.slug, 3]),
        reverse("meetings:session_new", args=[group.slug, 3]),
        reverse("meetings:session_edit", args=[group.slug, 3, session.pk]),
        reverse("meetings:agenda", args=[group.slug, 3, session.pk]),
        reverse("meetings:paper_new", args=[group.slug, 3]),
    ]
    for url in pages:
        assert client.get(url).status_code == (200 if role in WRITERS else 404), (role, url)
    before = Meeting.objects.count()
    client.post(
        reverse("meetings:new", args=[group.slug]),
        {
            "title": "Planted",
            "venue": "Nowhere",
            "time_zone": "UTC",
            "starts_on": "2005-05-01",
            "ends_on": "2005-05-02",
        },
    )
    assert Meeting.objects.count() == before + (1 if role in WRITERS else 0)


def test_a_meeting_with_its_time_zone_and_sessions_whose_times_name_it(clients, group):
    client = clients["secretariat"]
    with translation.override("fr"):
        form = client.get(reverse("meetings:new", args=[group.slug]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="CH">Suisse</option>' in form
    response = client.post(
        reverse("meetings:new", args=[group.slug]),
        {
            "title": "Fifth meeting",
            "venue": "Palais des Nations",
            "city": "Geneva",
            "country": "CH",
            "time_zone": "Europe/Zurich",
            "starts_on": "2005-07-04",
            "ends_on": "2005-07-05",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(group=group, title="Fifth meeting")
    assert meeting.number == 1 and meeting.country == "CH"
    assert Event.objects.for_object(meeting).get().verb == "created"
    bad = client.post(
        reverse("meetings:session_new", args=[group.slug, meeting.number]),
        {"title": "Too late", "kind": "closed", "date": "2005-07-09", "starts_at": "10:00", "ends_at": "09:00"},
    )
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "date" in errors and "ends_at" in errors
    form = client.get(reverse("meetings:session_new", args=[group.slug, meeting.number])).content.decode()
    assert "Starts at (Europe/Zurich)" in form
    client.post(
        reverse("meetings:session_new", args=[group.slug, meeting.number]),
        {"title": "Closed meeting", "kind": "closed", "date": "2005-07-04", "starts_at": "10:00", "ends_at": "13:00"},
    )
    session = meeting.sessions.get()
    page = client.get(session.get_absolute_url()).content.decode()
    assert "10:00–13:00" in page and "Zurich (UTC+02:00)" in page
    ics = Calendar.from_ical(client.get(reverse("meetings:calendar", args=[group.slug])).content)
    event = next(c for c in ics.walk("VEVENT") if "Closed meeting" in str(c["summary"]))
    assert event.decoded("dtstart") == dt.datetime(2005, 7, 4, 8, 0, tzinfo=dt.UTC)  # 10:00 in Geneva, summer


def test_the_agenda_is_put_in_order_by_the_script_or_by_the_buttons(clients, group, meeting):
    client = clients["secretariat"]
    session = _closed(meeting)
    url = reverse("meetings:agenda", args=[group.slug, 3, session.pk])
    for title in ["Adoption of the agenda", "Roles and responsibilities", "Any other business"]:
        assert client.post(url, {"title": title}).status_code == 302
    items = list(session.agenda.order_by("order"))
    page = client.get(url).content.decode()
    assert 'src="/static/meetings/agenda.js"' in page and 'draggable="true"' in page
    assert "<script>" not in page  # nothing inline: the Content Security Policy allows none
    reversed_ids = ",".join(str(i.pk) for i in reversed(items))
    assert client.post(url + "order/", {"order": reversed_ids}).status_code == 302
    assert list(session.agenda.order_by("order").values_list("title", flat=True)) == [
        "Any other business",
        "Roles and responsibilities",
        "Adoption of the agenda",
    ]
    event = Event.objects.for_object(session).filter(verb="reordered").get()
    assert event.changes["agenda"][1][0] == "Any other business"
    # A forged order (an item missing, or of another session) changes nothing.
    client.post(url + "order/", {"order": str(items[0].pk)})
    assert session.agenda.order_by("order").first().title == "Any other business"
    # The buttons, without JavaScript.
    first = session.agenda.get(title="Adoption of the agenda")
    client.post(reverse("meetings:agenda_item_move", args=[group.slug, 3, session.pk, first.pk]), {"step": "up"})
    assert list(session.agenda.order_by("order").values_list("title", flat=True))[1] == "Adoption of the agenda"
    # Removing an item asks first, and its papers stay with the session.
    remove = reverse("meetings:agenda_item_remove", args=[group.slug, 3, session.pk, first.pk])
    asked = client.post(remove)
    assert asked.status_code == 200 and "This cannot be undone." in asked.content.decode()
    assert AgendaItem.objects.filter(pk=first.pk).exists()
    client.post(remove, {"confirmed": "yes"})
    assert not AgendaItem.objects.filter(pk=first.pk).exists()
    assert [i.order for i in session.agenda.order_by("order")] == [1, 2]


def test_papers_on_agenda_items_keep_their_visibility_until_released(clients, group, meeting):
    secretariat = clients["secretariat"]
    session = _closed(meeting)
    item = AgendaItem.objects.create(session=session, order=1, title="Roles and responsibilities")
    kind = DocumentKind.objects.create(slug="working-paper", name="Working paper")
    response = secretariat.post(
        reverse("meetings:paper_new", args=[group.slug, 3]),
        {
            "title": "MEMBERSONLYPAPER on roles",
            "kind": kind.pk,
            "language": "en",
            "agenda_item": item.pk,
            "visibility": "members",
            "released_on": "2099-01-01",
            "text": "For the members.",
        },
    )
    assert response.status_code == 302
    paper = Document.objects.get(title="MEMBERSONLYPAPER on roles")
    assert paper.session == session and paper.meeting == meeting and paper.agenda_item == item
    assert paper.released_on == dt.date(2099, 1, 1)
    member_page = clients["member"].get(session.get_absolute_url()).content.decode()
    assert "MEMBERSONLYPAPER" in member_page and "Roles and responsibilities" in member_page
    public_page = clients["anonymous"].get(session.get_absolute_url()).content.decode()
    assert "MEMBERSONLYPAPER" not in public_page and "Roles and responsibilities" not in public_page
    assert "This session was closed" in public_page
    # Made public only by the release step, which asks for confirmation.
    edit = reverse("meetings:paper_edit", args=[group.slug, paper.pk])
    refused = secretariat.post(
        edit, {"title": paper.title, "kind": kind.pk, "language": "en", "visibility": "public", "text": "x"}
    )
    assert refused.status_code == 200 and "visibility" in refused.context["form"].errors
    release = reverse("meetings:document_release", args=[group.slug, paper.pk])
    assert clients["member"].post(release).status_code == 403
    assert secretariat.post(release).status_code == 200  # the confirmation page
    paper.refresh_from_db()
    assert paper.visibility == "members"
    secretariat.post(release, {"confirmed": "yes"})
    paper.refresh_from_db()
    assert paper.visibility == "public"
    assert Event.objects.for_object(paper).filter(verb="released").exists()
    assert "MEMBERSONLYPAPER" in clients["anonymous"].get(paper.get_absolute_url()).content.decode()


def test_a_paper_needs_text_or_a_file_and_an_item_of_its_own_session(clients, group, meeting):
    session = _closed(meeting)
    other = meeting.sessions.get(kind=SessionKind.OPEN_CONSULTATION)
    item = AgendaItem.objects.create(session=other, order=1, title="Elsewhere")
    kind = DocumentKind.objects.create(slug="paper", name="Paper")
    response = clients["secretariat"].post(
        reverse("meetings:paper_new", args=[group.slug, 3]),
        {"title": "Empty", "kind": kind.pk, "language": "en", "session": session.pk, "agenda_item": item.pk,
         "visibility": "members"},
    )  # fmt: skip
    errors = response.context["form"].errors
    assert "text" in errors and "agenda_item" in errors
    assert not Document.objects.filter(title="Empty").exists()


def test_the_transcript_of_a_consultation_is_published_as_a_meeting_document(clients, group, meeting):
    session = meeting.sessions.get(kind=SessionKind.OPEN_CONSULTATION)
    kind = DocumentKind.objects.create(slug="transcript", name="Transcript")
    url = reverse("meetings:paper_new", args=[group.slug, 3]) + f"?session={session.pk}&kind=transcript"
    form = clients["secretariat"].get(url).context["form"]
    assert form.initial["visibility"] == "public" and form.initial["kind"] == kind.pk
    clients["secretariat"].post(
        url,
        {"title": "Transcript of the open consultations", "kind": kind.pk, "language": "en", "session": session.pk,
         "visibility": "public", "text": "The Chair opened the consultations."},
    )  # fmt: skip
    page = clients["anonymous"].get(session.get_absolute_url()).content.decode()
    assert "Transcript of the open consultations" in page
