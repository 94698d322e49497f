"""The group's workspace in a real browser, under the site's strict Content Security Policy: the secretariat drags
an agenda item into place (the script is a file of the site, no inline code), the chair releases a readout after
confirming, and the public then reads the readout but never the minutes."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from plenary.groups.models import Role
from plenary.meetings.models import AgendaItem, Meeting, Session, SessionKind
from plenary.proceedings import services
from plenary.testing import make_group, make_membership, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    group = make_group("wg", name="A working group")
    for username, role in [("clerk", Role.SECRETARIAT), ("presiding", Role.CHAIR)]:
        make_membership(group, make_user(username, is_staff=role == Role.SECRETARIAT), role)
    meeting = Meeting.objects.create(
        group=group, number=1, title="First meeting", venue="Geneva", time_zone="Europe/Zurich",
        starts_on=dt.date(2005, 4, 19), ends_on=dt.date(2005, 4, 19),
    )  # fmt: skip
    session = Session.objects.create(meeting=meeting, date=meeting.starts_on, title="Closed", kind=SessionKind.CLOSED)
    for order, title in enumerate(["Opening", "Roles and responsibilities", "Any other business"], 1):
        AgendaItem.objects.create(session=session, order=order, title=title)
    minutes = services.minutes_save(actor=None, session=session, text="MINUTESONLY a position.\n\nThe group agreed.")
    services.minutes_approve(actor=None, minutes=minutes)
    services.readout_derive(actor=None, session=session, released=[services.ReleasedParagraph(1, "The group agreed.")])
    return {"url": live_server.url, "session": session}


def _sign_in(page: Page, site: str, username: str) -> None:
    page.goto(site + "/accounts/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-123456")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_agenda_is_dragged_into_order_and_the_chair_releases_the_readout(page: Page, browser: Browser, site):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    base, session = site["url"], site["session"]
    session_url = f"{base}/wg/meetings/1/sessions/{session.pk}/"
    _sign_in(page, base, "clerk")
    page.goto(session_url + "agenda/")
    items = page.locator("#agenda-items li.agenda-item")
    expect(items.first).to_contain_text("Opening")
    expect(page.locator("#agenda-items.draggable-ready")).to_have_count(1)  # the script ran under the policy
    with page.expect_navigation():
        items.nth(2).drag_to(items.first, target_position={"x": 10, "y": 2})
    expect(page.get_by_text("The agenda was reordered.")).to_be_visible()
    expect(items.first).to_contain_text("Any other business")
    assert AgendaItem.objects.filter(session=session).order_by("order").first().title == "Any other business"
    assert violations == []

    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, base, "presiding")
    page.goto(session_url + "readout/")
    page.get_by_role("button", name="Approve and release").click()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    page.get_by_role("button", name="Approve and release").click()
    expect(page.get_by_text("The readout is approved and public.")).to_be_visible()

    public = browser.new_page()
    public.goto(session_url + "readout/")
    expect(public.get_by_text("The group agreed.")).to_be_visible()
    expect(public.get_by_text(re.compile("MINUTESONLY"))).to_have_count(0)
    response = public.goto(session_url + "minutes/")
    assert response is not None and response.status == 404
    public.close()
