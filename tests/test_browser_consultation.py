"""The public's promise, in a real browser: a new user sends a PDF to the open call, the secretariat publishes
it, and anyone then finds it by a word that occurs only inside the PDF, in search, feed, exports and the API."""

import csv
import io
import json
import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from plenary.consultations.tests.factories import pdf_bytes
from plenary.groups.models import Person, Role, WorkingGroup
from plenary.groups.services import membership_save
from plenary.testing import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_ONLY_WORD = "Zanzibarquokka"


@pytest.fixture
def site(live_server):
    call_command("load_sample", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    user = make_user("clerk")
    person = Person.objects.create(name="Clerk of the secretariat", user=user)
    membership_save(actor=None, group=WorkingGroup.objects.get(slug="wgig"), person=person, role=Role.SECRETARIAT)
    return live_server.url


def _sign_in(page: Page, site: str, username: str) -> None:
    page.goto(site + "/accounts/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-123456")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_contribution_from_submission_to_search_feed_exports_and_api(page: Page, browser: Browser, site):
    # A new user, no account: from the group's home to the open call's form.
    page.goto(site + "/wgig/")
    page.get_by_role("region", name="Open calls for contributions").get_by_role(
        "button", name="Send a contribution"
    ).first.click()
    page.get_by_label("Your name").fill("A new user")
    page.get_by_label("Your e-mail").fill("new.user@example.org")
    page.get_by_label("Title").fill("Leased lines cost too much")
    # The call asks its questionnaire first: one choice, several choices, and in one's own words.
    page.get_by_role("radio", name="Yes", exact=True).check()
    page.get_by_role("checkbox", name="Internet leased line costs").check()
    page.get_by_label("Why? Tell the group in your own words.").fill("Leased lines cost developing countries dearly.")
    page.get_by_label("Anything else you want to say").fill(
        "Our paper on the cost of international leased lines is attached."
    )
    page.get_by_label("Files").set_input_files(
        {"name": "paper.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(f"The {PDF_ONLY_WORD} index.")}
    )
    page.get_by_label(re.compile("I agree that my contribution is published")).check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your contribution is received")
    reference = page.locator("strong.reference").inner_text()
    assert re.fullmatch(r"WGIG/C/\d{4}/\d{4}", reference)

    # The secretariat finds it in the queue and publishes it.
    clerk = browser.new_context().new_page()
    _sign_in(clerk, site, "clerk")
    clerk.goto(site + "/wgig/moderation/")
    clerk.get_by_role("link", name=reference).click()
    clerk.get_by_label("Decision").select_option("publish")
    with clerk.expect_navigation():
        clerk.get_by_role("button", name="Record the decision").click()
    clerk.goto(site + "/wgig/moderation/?status=published")
    expect(clerk.get_by_role("link", name=reference)).to_be_visible()

    # Anyone finds it by a word that is only inside the PDF.
    page.goto(site + f"/search/?q={PDF_ONLY_WORD}")
    expect(page.get_by_role("link", name=re.compile("Leased lines cost too much"))).to_be_visible()
    assert PDF_ONLY_WORD.lower() in page.locator("main").inner_text().lower()

    feed = page.request.get(site + "/wgig/contributions/feed/").text()
    assert reference in feed or "Leased lines cost too much" in feed
    rows = list(csv.DictReader(io.StringIO(page.request.get(site + "/wgig/contributions/export.csv").text())))
    assert any(row.get("reference") == reference for row in rows)
    exported = json.loads(page.request.get(site + "/wgig/contributions/export.json").text())
    records = exported if isinstance(exported, list) else exported.get("contributions", exported.get("items", []))
    assert any(r.get("reference") == reference for r in records)
    api = page.request.get(site + "/api/v1/groups/wgig/contributions").text()
    assert reference in api
    for text in [feed, json.dumps(rows), json.dumps(exported), api]:
        assert "new.user@example.org" not in text
        assert "A new user" not in text  # the name was not consented to
