"""Right to left done right, measured: the Arabic pages are the English ones in a mirror (the header, its menu, the
group's sections and the page's first action sit at the opposite edge), and nothing makes a 390 px phone scroll
sideways, in either language."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page

from .browser import choose_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TOLERANCE = 2  # px: sub-pixel rounding of the same box drawn from the other edge


@pytest.fixture
def site(live_server) -> str:
    call_command("load_sample", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


def _boxes(page: Page, selectors: dict[str, str]) -> dict[str, dict]:
    return {name: page.locator(selector).first.bounding_box() for name, selector in selectors.items()}


def _measure(browser: Browser, site: str, code: str, viewport: dict, path: str, selectors: dict[str, str]) -> dict:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    choose_language(page, site, code)
    page.goto(site + path)
    assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
    boxes = _boxes(page, selectors)
    context.close()
    return boxes


def _assert_mirrored(en: dict, ar: dict, width: int, anchored: dict[str, str], same_row: tuple = ()) -> None:
    """Each block anchored at one edge in English is anchored at the other in Arabic, at the same distance.

    The blocks' widths differ (the words differ), so the test compares the anchored edge only: the English left
    edge with the Arabic right one (or the reverse for blocks that sit at the end of the line)."""
    for name, edge in anchored.items():
        assert en[name] and ar[name], f"{name} is not drawn"
        if edge == "start":
            english, arabic = en[name]["x"], width - (ar[name]["x"] + ar[name]["width"])
        else:
            english, arabic = width - (en[name]["x"] + en[name]["width"]), ar[name]["x"]
        assert abs(english - arabic) <= TOLERANCE, f"{name}: {english:.1f} px from its edge (en), {arabic:.1f} (ar)"
        if name in same_row:  # in the header; the page's own text runs longer or shorter in each language
            assert abs(en[name]["y"] - ar[name]["y"]) <= TOLERANCE, f"{name} moved: {en[name]['y']} vs {ar[name]['y']}"


def test_arabic_group_home_mirrors_english_on_desktop(browser: Browser, site: str):
    selectors = {
        "brand": "header.site .brand",
        "site links": "header.site .site-nav ul",
        "first section": "nav.group-nav li:first-child a",
        "primary action": "main .primary-action a",
        "heading": "main h1",
    }
    en = _measure(browser, site, "en", DESKTOP, "/wgig/", selectors)
    ar = _measure(browser, site, "ar", DESKTOP, "/wgig/", selectors)
    anchored = {"brand": "start", "site links": "end", "first section": "start", "primary action": "start"}
    _assert_mirrored(en, ar, DESKTOP["width"], {**anchored, "heading": "start"}, same_row=("brand", "first section"))
    # The site's links share the brand's row on a wide screen, and the sections come below them.
    assert abs(en["site links"]["y"] - en["brand"]["y"]) < 30 and en["first section"]["y"] > en["brand"]["y"]


def test_arabic_phone_mirrors_english_and_nothing_scrolls_sideways(browser: Browser, site: str):
    selectors = {"brand": "header.site .brand", "menu": "details.site-menu > summary", "action": ".primary-action a"}
    for path in ("/wgig/", "/wgig/calls/open-call/"):
        en = _measure(browser, site, "en", PHONE, path, selectors)
        ar = _measure(browser, site, "ar", PHONE, path, selectors)
        anchored = {"brand": "start", "menu": "end", "action": "start"}
        _assert_mirrored(en, ar, PHONE["width"], anchored, same_row=("brand", "menu"))
        # The primary action is in the first screen of a 390 x 844 phone.
        assert en["action"]["y"] + en["action"]["height"] <= PHONE["height"]
        assert ar["action"]["y"] + ar["action"]["height"] <= PHONE["height"]

    for code in ("en", "ar"):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        choose_language(page, site, code)
        for path in (
            "/wgig/",
            "/wgig/members/",
            "/wgig/calls/open-call/",
            "/wgig/calls/open-call/submit/",
            "/wgig/contributions/",
            "/wgig/assessment/",
            "/wgig/drafts/",
            "/wgig/drafts/illustrative-recommendations/",
            "/wgig/analysis/",
            "/wgig/report/",
        ):
            page.goto(site + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"[{code}] {path} is {overflow} px wider than the phone"
        context.close()


def test_phone_menu_opens_without_javascript(browser: Browser, site: str):
    """The folded menu is a <details> disclosure: it opens with no script at all (and by keyboard)."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/wgig/")
    sections = page.get_by_role("navigation", name="WGIG sections")
    assert not sections.is_visible()
    summary = page.locator("details.site-menu > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert sections.is_visible()
    sections.get_by_role("link", name="Meetings").click()
    assert page.url.endswith("/wgig/meetings/")
    context.close()
