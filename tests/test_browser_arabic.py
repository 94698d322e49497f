"""The Arabic journey, in a real browser: a new user switches to Arabic, sends a contribution to the open call and
comments on a paragraph of the draft in consultation. Every label they meet is the catalogue's Arabic (found here
by its Arabic name, so an untranslated label fails the test), the page runs right to left, the Latin runs they
meet (references, an acronym in their own text) are isolated, and nothing scrolls sideways on a phone."""

import os
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, expect

from plenary.drafting.models import Draft
from plenary.drafting.sample import SLUG

from .browser import choose_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def ar(message: str, **values) -> str:
    with translation.override("ar"):
        text = gettext(message)
    assert text != message, f"not translated into Arabic: {message}"
    return text % values if values else text


@pytest.fixture
def site(live_server) -> str:
    call_command("load_sample", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


def _right_to_left_and_no_sideways_scroll(page: Page) -> None:
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_new_user_takes_part_in_arabic_on_a_phone(browser: Browser, site: str):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    choose_language(page, site, "ar")

    # A contribution to the open call, from the group's home.
    page.goto(site + "/wgig/")
    _right_to_left_and_no_sideways_scroll(page)
    page.get_by_role("region", name=ar("Open calls for contributions")).get_by_role(
        "button", name=ar("Send a contribution")
    ).first.click()
    _right_to_left_and_no_sideways_scroll(page)
    page.get_by_label(ar("Your name")).fill("مستخدمة جديدة")
    page.get_by_label(ar("Your e-mail")).fill("new.user@example.org")
    page.get_by_label(ar("Title")).first.fill("تكلفة الخطوط الدولية المؤجرة")
    # The sample call's questions are the group's own content, written in English.
    page.get_by_role("radio", name="Yes", exact=True).check()
    page.get_by_role("checkbox", name="Internet leased line costs").check()
    page.get_by_label("Why? Tell the group in your own words.").fill("تدفع البلدان النامية تكلفة الربط الدولي كاملة.")
    page.get_by_label(
        ar("I agree that my contribution is published on this site, with my profile as chosen above.")
    ).check()
    page.get_by_role("button", name=ar("Send"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ar("Thank you: your contribution is received"))
    _right_to_left_and_no_sideways_scroll(page)
    reference = page.locator("strong.reference bdi").inner_text()  # a Latin run, isolated from the Arabic around it
    assert re.fullmatch(r"WGIG/C/\d{4}/\d{4}", reference)

    # A comment on the first paragraph of the draft in consultation.
    draft = Draft.objects.get(group__slug="wgig", slug=SLUG)
    version = draft.versions.order_by("-number").first()
    paragraph = next(p for p in version.paragraphs.all() if not p.is_heading)
    page.goto(site + draft.get_absolute_url())
    _right_to_left_and_no_sideways_scroll(page)
    page.get_by_role("link", name=ar("Comment on paragraph %(n)s", n=paragraph.number)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ar("Comment on paragraph %(n)s", n=paragraph.number))
    page.get_by_label(ar("Your name")).fill("مستخدمة جديدة")
    page.get_by_label(ar("Your e-mail")).fill("new.user@example.org")
    page.get_by_label(ar("Your comment on this paragraph")).fill("ينبغي أن تخضع ICANN للمساءلة أمام جميع الحكومات.")
    page.get_by_label(ar("I agree that my comment is published on this site, with my profile as chosen above.")).check()
    page.get_by_role("button", name=ar("Send the comment")).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(ar("Your comment %(ref)s", ref="").strip())
    comment_reference = heading.locator("bdi").inner_text()
    assert re.fullmatch(r"WGIG/DC/\d{4}/\d{4}", comment_reference), comment_reference
    _right_to_left_and_no_sideways_scroll(page)
    context.close()
