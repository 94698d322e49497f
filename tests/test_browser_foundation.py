"""A new user's first visit, in a real browser: find the third meeting, the members and the clusters."""

import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    call_command("load_sample", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


def test_new_user_finds_third_meeting_members_and_clusters(page: Page, site):
    page.goto(site + "/")
    page.get_by_role("link", name=re.compile("Working Group on Internet Governance")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working Group on Internet Governance")

    page.get_by_role("navigation", name="WGIG sections").get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name="Third meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Third meeting")
    open_session = page.locator("article", has_text="Open consultations")
    expect(open_session).to_contain_text("Monday, 18 April 2005")
    expect(open_session).to_contain_text("Open consultation")
    closed = page.locator("article", has_text="Closed meeting of the WGIG (first day)")
    expect(closed).to_contain_text("Tuesday, 19 April 2005")
    expect(closed).to_contain_text("This session was closed")
    expect(page.locator("article", has_text="(second day)")).to_contain_text("Wednesday, 20 April 2005")

    page.get_by_role("navigation", name="WGIG sections").get_by_role("link", name="Members").click()
    expect(page.get_by_role("img", name="Members by region and stakeholder group")).to_be_visible()
    expect(page.get_by_role("cell", name="Nitin Desai")).to_be_visible()

    page.get_by_role("navigation", name="WGIG sections").get_by_role("link", name="Issues").click()
    expect(page.locator("section[id^=cluster-]")).to_have_count(4)
    expect(page.get_by_role("link", name="Administration of the domain name system")).to_be_visible()


def test_keyboard_skip_link_and_phone_width(page: Page, site):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site + "/wgig/members/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    # Nothing but wide tables (which scroll in their own box) may make the page wider than a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1


def test_arabic_pages_lay_out_right_to_left(page: Page, site):
    page.goto(site + "/wgig/")
    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
