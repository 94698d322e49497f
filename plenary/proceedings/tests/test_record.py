"""The record of a closed session: minutes drafted by the secretariat and approved by the chair stay with the
members; the public reads the readout the chair released from them, and the decisions the chair disclosed, with
the paragraphs and assessment cells they changed. Checked on every page, feed, export, search and API answer."""

import csv
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plenary.core.models import Event
from plenary.drafting.models import DraftStatus
from plenary.drafting.tests.factories import make_assessment, make_draft, make_issues, new_version
from plenary.groups.models import Role
from plenary.meetings.models import SessionKind
from plenary.proceedings import services
from plenary.proceedings.models import Minutes, Readout
from plenary.testing import client_for, make_membership, make_user

MINUTES = "MINUTESOPENING the Chair opened.\n\nMINUTESWITHHELD a national position.\n\nThe group agreed on spam."


@pytest.fixture
def closed(meeting):
    return meeting.sessions.get(kind=SessionKind.CLOSED)


@pytest.fixture
def vice_chair(group):
    user = make_user("vicechair")
    make_membership(group, user, Role.VICE_CHAIR)
    return user


def _public_channels(client, group, closed) -> str:
    """Every public channel that could carry the record of the session, as one text."""
    urls = [
        closed.get_absolute_url(),
        reverse("meetings:detail", args=[group.slug, 3]),
        reverse("proceedings:decisions", args=[group.slug]),
        reverse("proceedings:feed", args=[group.slug]),
        reverse("proceedings:decisions_csv", args=[group.slug]),
        reverse("proceedings:readout", args=[group.slug, 3, closed.pk]),
        "/search/?q=national+position",  # words of the minutes (the query itself is echoed back)
        "/search/?q=opened",
        "/search/?q=spam",
        f"/api/v1/groups/{group.slug}/decisions",
        f"/api/v1/groups/{group.slug}/readouts",
    ]
    return "\n".join(client.get(url).content.decode() for url in urls)


def test_minutes_are_drafted_by_the_secretariat_and_approved_by_the_chair(clients, users, group, closed, vice_chair):
    edit = reverse("proceedings:minutes_edit", args=[group.slug, 3, closed.pk])
    assert clients["chair"].get(edit).status_code == 404
    assert clients["secretariat"].post(edit, {"text": MINUTES}).status_code == 302
    minutes = Minutes.objects.get(session=closed)
    page = reverse("proceedings:minutes", args=[group.slug, 3, closed.pk])
    assert "MINUTESWITHHELD" in clients["member"].get(page).content.decode()
    assert "MINUTESWITHHELD" in clients["member"].get("/search/?q=national+position").content.decode()
    assert "MINUTESWITHHELD" not in clients["anonymous"].get("/search/?q=national+position").content.decode()
    for role in ["anonymous", "participant", "other_group_secretariat"]:
        assert clients[role].get(page).status_code == 404
    approve = reverse("proceedings:minutes_approve", args=[group.slug, 3, closed.pk])
    assert clients["secretariat"].post(approve, {"confirmed": "yes"}).status_code == 403
    assert clients["member"].post(approve, {"confirmed": "yes"}).status_code == 403
    asked = client_for(vice_chair).post(approve)
    assert asked.status_code == 200 and "cannot be undone" in asked.content.decode()
    minutes.refresh_from_db()
    assert not minutes.is_approved
    client_for(vice_chair).post(approve, {"confirmed": "yes"})  # a vice-chair acts for the chair
    minutes.refresh_from_db()
    assert minutes.is_approved and minutes.approved_by == vice_chair
    event = Event.objects.for_object(minutes).get(verb="approved")
    assert event.changes["text"][1] == minutes.text and event.actor == vice_chair
    with pytest.raises(PermissionDenied):
        services.minutes_save(actor=users["secretariat"], session=closed, text="Rewritten.")
    with pytest.raises(ValidationError):
        services.minutes_save(actor=None, session=closed, text="Rewritten.")
    assert clients["secretariat"].get(edit).status_code == 404
    open_session = closed.meeting.sessions.get(kind=SessionKind.OPEN_CONSULTATION)
    with pytest.raises(ValidationError):
        services.minutes_save(actor=None, session=open_session, text="Open sessions have a summary.")


def test_the_readout_is_derived_through_a_redaction_step_and_released_by_the_chair(clients, users, group, closed):
    minutes = services.minutes_save(actor=users["secretariat"], session=closed, text=MINUTES)
    redact = reverse("proceedings:readout_redact", args=[group.slug, 3, closed.pk])
    assert clients["secretariat"].get(redact).status_code == 404  # only from approved minutes
    services.minutes_approve(actor=users["chair"], minutes=minutes)
    form = clients["secretariat"].get(redact).content.decode()
    assert "MINUTESWITHHELD" in form
    nothing = clients["secretariat"].post(redact, {})
    assert nothing.status_code == 200 and "Choose at least one paragraph" in nothing.content.decode()
    released = clients["secretariat"].post(
        redact,
        {
            "release_0": "on",
            "text_0": "READOUTOPENING The Chair opened the meeting.",
            "text_1": "MINUTESWITHHELD a national position.",
            "release_2": "on",
            "text_2": "The group agreed on spam.",
        },
    )
    assert released.status_code == 302
    readout = Readout.objects.get(session=closed)
    assert readout.text == "READOUTOPENING The Chair opened the meeting.\n\nThe group agreed on spam."
    assert readout.released_paragraphs == [{"paragraph": 0, "reworded": True}, {"paragraph": 2, "reworded": False}]
    assert readout.minutes_text == minutes.text
    readout_url = readout.get_absolute_url()
    assert clients["anonymous"].get(readout_url).status_code == 404
    member_view = clients["member"].get(readout_url).content.decode()
    assert "READOUTOPENING" in member_view
    approve = reverse("proceedings:readout_approve", args=[group.slug, 3, closed.pk])
    assert clients["secretariat"].post(approve, {"confirmed": "yes"}).status_code == 403
    assert "Approve and release" in clients["chair"].post(approve).content.decode()
    clients["chair"].post(approve, {"confirmed": "yes"})
    readout.refresh_from_db()
    assert readout.is_approved
    # The trail keeps both: the minutes approved, and what was released from them.
    redacted = Event.objects.for_object(readout).get(verb="redacted")
    approved = Event.objects.for_object(readout).get(verb="approved")
    assert "MINUTESWITHHELD" in Event.objects.for_object(minutes).get(verb="approved").changes["text"][1]
    assert redacted.changes["released paragraphs"][1] == readout.released_paragraphs
    assert approved.changes["text"][1] == readout.text
    for role in ["anonymous", "participant", "other_group_secretariat"]:
        public = _public_channels(clients[role], group, closed)
        assert "READOUTOPENING" in public, role
        assert "MINUTESWITHHELD" not in public and "MINUTESOPENING" not in public, role
    with pytest.raises(ValidationError):
        services.readout_derive(actor=None, session=closed, released=[services.ReleasedParagraph(1, "Changed.")])


def _paragraph_history(client, group, draft, key):
    return client.get(reverse("drafting:paragraph_history", args=[group.slug, draft.slug, key]))


def test_a_decision_links_to_what_it_changed_and_the_public_history_shows_it_once_disclosed(
    clients, users, group, closed
):
    data = make_issues(group)
    assessment, _finding = make_assessment(group, data["issues"]["spam"], data["principles"], released=True)
    draft = make_draft(group, status=DraftStatus.REVISED)
    v2 = new_version(draft, {1: "The first paragraph about oversight, with all stakeholders."})
    key = v2.paragraphs.filter(kind="paragraph").first().key
    internal = make_draft(group, slug="internal", title="INTERNALDRAFT")
    new = reverse("proceedings:decision_new", args=[group.slug, 3, closed.pk])
    assert clients["member"].get(new).status_code == 404
    response = clients["secretariat"].post(
        new, {"title": "DECISIONTITLE on oversight", "proposed_by": "A member", "outcome": "amended"}
    )
    assert response.status_code == 302
    decision = closed.decisions.get()
    links = reverse("proceedings:decision_links", args=[group.slug, decision.number])
    form = clients["secretariat"].get(links).content.decode()
    assert f"{draft.slug}:{key}" in form and f"{assessment.pk}:{data['principles'][0].pk}" in form
    clients["secretariat"].post(links, {"kind": "paragraph", "paragraph": f"{draft.slug}:{key}", "note": "Reworded."})
    clients["secretariat"].post(links, {"kind": "cell", "cell": f"{assessment.pk}:{data['principles'][0].pk}"})
    ikey = internal.versions.get().paragraphs.filter(kind="paragraph").first().key
    services.decision_link_paragraph(actor=users["secretariat"], decision=decision, draft=internal, key=ikey)
    assert decision.links.count() == 3
    link = decision.links.get(draft=draft)
    assert link.version == v2  # the latest version with that paragraph carries the change
    # Not disclosed: the members see it on the paragraph's history; the public sees neither.
    assert "Decided at the third meeting" in _paragraph_history(clients["member"], group, draft, key).content.decode()
    public = _paragraph_history(clients["anonymous"], group, draft, key).content.decode()
    assert "DECISIONTITLE" not in public and "Decided at" not in public
    assert clients["anonymous"].get(decision.get_absolute_url()).status_code == 404
    assert "DECISIONTITLE" not in _public_channels(clients["anonymous"], group, closed)
    # The chair discloses it, once asked to confirm.
    disclose = reverse("proceedings:decision_disclose", args=[group.slug, decision.number])
    assert clients["secretariat"].post(disclose, {"confirmed": "yes"}).status_code == 403
    clients["chair"].post(disclose)
    decision.refresh_from_db()
    assert not decision.disclosed
    clients["chair"].post(disclose, {"confirmed": "yes"})
    decision.refresh_from_db()
    assert decision.disclosed and Event.objects.for_object(decision).filter(verb="disclosed").exists()
    history = _paragraph_history(clients["anonymous"], group, draft, key).content.decode()
    assert "Decided at the third meeting" in history and "DECISIONTITLE" in history
    issue_page = clients["anonymous"].get(reverse("issues:detail", args=[group.slug, "spam"])).content.decode()
    assert "Multilateral: decided at the third meeting" in issue_page
    public = _public_channels(clients["anonymous"], group, closed)
    assert "DECISIONTITLE" in public
    assert "INTERNALDRAFT" not in public  # the link to an internal draft stays with the members
    api = clients["anonymous"].get(f"/api/v1/groups/{group.slug}/decisions/{decision.number}").json()
    assert [c["kind"] for c in api["changed"]] == ["paragraph", "cell"]
    assert api["changed"][0]["paragraph_key"] == key and api["changed"][0]["version"] == v2.number
    rows = list(csv.DictReader(io.StringIO(clients["anonymous"].get(f"/{group.slug}/decisions.csv").content.decode())))
    assert (
        rows[0]["number"] == "D-1"
        and f"{draft.slug}#{key}" in rows[0]["changed"]
        and "internal" not in rows[0]["changed"]
    )


def _register(client, group, session, **extra):
    data = {
        "submitter_name": "Rosa Registrant",
        "submitter_email": "rosa@example.org",
        "on_behalf_of": "self",
        "stakeholder_group": "civil-society",
        "country": "KE",
        "publish_name": "no",
        "mode": "in-person",
        "consent": "on",
        **extra,
    }
    return client.post(reverse("proceedings:register", args=[group.slug, 3, session.pk]), data)


def test_registration_for_an_open_consultation_with_the_contribution_profile(clients, users, group, meeting, sectors):
    session = meeting.sessions.get(kind=SessionKind.OPEN_CONSULTATION)
    assert _register(clients["anonymous"], group, session).status_code == 403  # registration is not open
    assert session.registrations.count() == 0
    opened = clients["secretariat"].post(
        reverse("meetings:registration_set", args=[group.slug, 3, session.pk]), {"open": "1"}
    )
    assert opened.status_code == 302
    bad = _register(clients["anonymous"], group, session, on_behalf_of="organisation", organisation="")
    assert bad.status_code == 200 and "organisation" in bad.context["form"].errors  # the contributions' check
    assert (
        _register(clients["anonymous"], group, session, wishes_to_speak="on", needs="NEEDSWHEELCHAIR").status_code
        == 302
    )
    again = _register(clients["participant"], group, session, submitter_email="ROSA@example.org")
    assert "submitter_email" in again.context["form"].errors
    _register(clients["anonymous"], group, session, submitter_name="=HYPERLINK(1)", submitter_email="x@example.org")
    registration = session.registrations.get(submitter_email="rosa@example.org")
    assert registration.region == "Africa" and registration.wishes_to_speak
    assert Event.objects.for_object(registration).get().verb == "registered"
    participants = reverse("proceedings:participants", args=[group.slug, 3, session.pk])
    badges = reverse("proceedings:participants_csv", args=[group.slug, 3, session.pk])
    for role in ["anonymous", "participant", "member", "chair", "other_group_secretariat"]:
        assert clients[role].get(participants).status_code == 404
        assert clients[role].get(badges).status_code == 404
    listing = clients["secretariat"].get(participants).content.decode()
    assert "Rosa Registrant" in listing and "NEEDSWHEELCHAIR" in listing
    rows = list(csv.reader(io.StringIO(clients["secretariat"].get(badges).content.decode())))
    assert rows[0][:3] == ["name", "organisation", "stakeholder group"]
    assert ["Rosa Registrant", "", "Civil society", "Kenya", "In person", "yes"] in rows
    assert any(row[0] == "'=HYPERLINK(1)" for row in rows)  # no formula runs in the venue's spreadsheet
    # She asked for the floor without consenting to her name: the public list calls her anonymous.
    speakers = clients["anonymous"].get(reverse("proceedings:speakers", args=[group.slug, 3, session.pk]))
    body = speakers.content.decode()
    assert "Anonymous" in body and "Rosa Registrant" not in body and "NEEDSWHEELCHAIR" not in body


def test_the_chair_keeps_the_speakers_list_and_the_page_shows_its_balance(clients, users, group, meeting, sectors):
    session = meeting.sessions.get(kind=SessionKind.OPEN_CONSULTATION)
    url = reverse("proceedings:speakers", args=[group.slug, 3, session.pk])
    add = reverse("proceedings:speaker_add", args=[group.slug, 3, session.pk])
    assert clients["secretariat"].post(add, {"name": "Planted"}).status_code == 403
    assert clients["member"].post(add, {"name": "Planted"}).status_code == 403
    for name, sector, country in [
        ("Government of Brazil", "government", "BR"),
        ("Government of France", "government", "FR"),
        ("A civil society network", "civil-society", "KE"),
    ]:
        clients["chair"].post(add, {"name": name, "stakeholder_group": sectors[sector].pk, "country": country})
    entries = {e.name: e for e in session.speakers.all()}
    step = lambda entry, action: clients["chair"].post(  # noqa: E731
        reverse("proceedings:speaker_update", args=[group.slug, 3, session.pk, entry.pk]), {"action": action}
    )
    step(entries["Government of Brazil"], "floor")
    balance = clients["anonymous"].get(url).context["balance"]
    assert {r["label"]: (r["spoke"], r["waiting"]) for r in balance.by_group} == {
        "Government": (1, 1),
        "Civil society": (0, 1),
    }
    assert {r["label"]: (r["spoke"], r["waiting"]) for r in balance.by_region} == {
        "Americas": (1, 0),
        "Europe": (0, 1),
        "Africa": (0, 1),
    }
    assert balance.suggested.name == "A civil society network"  # the group not heard yet, though listed later
    page = clients["anonymous"].get(url).content.decode()
    assert "For balance, the floor could go next to A civil society network" in page
    step(entries["A civil society network"], "up")
    assert (
        session.speakers.get(name="A civil society network").position
        < session.speakers.get(name="Government of France").position
    )
    step(entries["Government of France"], "withdraw")
    assert step(entries["Government of France"], "floor").status_code == 302  # refused with a message
    assert session.speakers.get(name="Government of France").state == "withdrawn"
    assert Event.objects.filter(verb="floor_given").count() == 1
    closed = meeting.sessions.get(kind=SessionKind.CLOSED)
    with pytest.raises(PermissionDenied):
        services.speaker_add(actor=users["chair"], session=closed, name="Nobody speaks in closed sessions")


def test_attendance_is_recorded_by_the_secretariat_and_read_by_the_members(clients, users, group, closed):
    member = users["member"].person.memberships.get(group=group)
    chair = users["chair"].person.memberships.get(group=group)
    url = reverse("proceedings:attendance", args=[group.slug, 3, closed.pk])
    assert clients["member"].get(url).status_code == 404  # nothing recorded yet
    form = clients["secretariat"].get(url).content.decode()
    assert f'name="m{member.pk}"' in form
    clients["secretariat"].post(url, {f"m{member.pk}": "present", f"m{chair.pk}": "remote"})
    assert closed.attendance.count() == 2
    assert "Took part remotely" in clients["member"].get(url).content.decode()
    for role in ["anonymous", "participant", "other_group_secretariat"]:
        assert clients[role].get(url).status_code == 404
    assert clients["member"].post(url, {f"m{member.pk}": "absent"}).status_code == 403
    clients["secretariat"].post(url, {f"m{member.pk}": "present", f"m{chair.pk}": "remote"})
    assert Event.objects.filter(verb="attendance_recorded").count() == 2  # unchanged rows record nothing


def test_the_api_reads_the_register_as_the_public_does(clients, users, group, closed, meeting):
    hidden = services.decision_record(actor=None, session=closed, title="HIDDENDECISION", proposed_by="A member")
    shown = services.decision_record(actor=None, session=closed, title="SHOWNDECISION", proposed_by="The chair")
    services.decision_disclose(actor=users["chair"], decision=shown)
    for role in ["anonymous", "member", "secretariat"]:
        body = clients[role].get(f"/api/v1/groups/{group.slug}/decisions").content.decode()
        assert "SHOWNDECISION" in body and "HIDDENDECISION" not in body
        assert clients[role].get(f"/api/v1/groups/{group.slug}/decisions/{hidden.number}").status_code == 404
    speakers = clients["anonymous"].get(f"/api/v1/groups/{group.slug}/sessions/{closed.pk}/speakers").json()
    assert speakers["speakers"] == []
    assert json.loads(clients["anonymous"].get(f"/api/v1/groups/{group.slug}/readouts").content)["count"] == 0


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_register_and_the_speakers_list_take_a_fixed_number_of_queries(clients, users, group, closed, meeting):
    draft = make_draft(group, status=DraftStatus.CONSULTATION)
    key = draft.versions.get().paragraphs.filter(kind="paragraph").first().key
    open_session = meeting.sessions.get(kind=SessionKind.OPEN_CONSULTATION)
    register = reverse("proceedings:decisions", args=[group.slug])
    speakers = reverse("proceedings:speakers", args=[group.slug, 3, open_session.pk])
    counts = []
    for batch in (2, 6):
        for n in range(batch):
            decision = services.decision_record(
                actor=None, session=closed, title=f"Decision {n}", proposed_by="A member"
            )
            services.decision_link_paragraph(actor=None, decision=decision, draft=draft, key=key)
            services.decision_disclose(actor=None, decision=decision)
            services.speaker_add(actor=None, session=open_session, name=f"Speaker {n}", country="BR")
        counts.append((_queries(clients["member"], register), _queries(clients["chair"], speakers)))
    assert counts[0] == counts[1], counts
