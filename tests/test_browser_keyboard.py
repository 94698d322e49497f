"""Every journey by keyboard alone, with a focus that can be seen: no click, only Tab, Shift+Tab, Space, Enter,
arrows and typing, from the page a journey starts on.

At every stop of the focus the focused element must show a ring (an outline of 2 px or more, or a box shadow)
whose colour stands out from what is behind it by 3:1 at least (WCAG 2.2, 1.4.11 and 2.4.7), and be on screen.
"""

import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from plenary.drafting.models import Draft
from plenary.drafting.sample import SLUG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_TABS = 150

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgba = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c || ''); return m ? m[1].split(',').map(Number) : null; };
  const lum = (c) => c.slice(0, 3)
    .map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  let behind = [255, 255, 255];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = rgba(getComputedStyle(node).backgroundColor);
    if (c && (c.length < 4 || c[3] > 0)) { behind = c; break; }
  }
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  // a translucent ring is seen blended with what is behind it
  const seen = (c) => c && c.length === 4 ? c.slice(0, 3).map((v, i) => c[3] * v + (1 - c[3]) * behind[i]) : c;
  const ring = seen(outline ? rgba(style.outlineColor) : shadow ? rgba(style.boxShadow) : null);
  return {
    what: `${el.tagName.toLowerCase()}${el.name ? '[name=' + el.name + ']' : ''} `
      + `“${(el.innerText || el.value || '').trim().slice(0, 40)}”`,
    tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', text: (el.innerText || '').trim(),
    ring: Boolean(outline || shadow), contrast: ring ? ratio(ring, behind) : 0,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
  };
}"""


def focused(page: Page) -> dict:
    """What has the focus, after checking that it can be seen."""
    state = page.evaluate(FOCUS)
    assert state, "the focus was lost to the page's body"
    assert state["ring"], f"no visible focus ring on {state['what']}"
    assert state["contrast"] >= 3, f"focus ring of {state['what']} at {state['contrast']:.2f}:1 (under 3:1)"
    assert state["onScreen"], f"{state['what']} has the focus off screen"
    return state


def tab_to(page: Page, wanted, *, on_the_way=None) -> dict:
    """Press Tab until `wanted(state)` holds, checking the focus at every stop; `on_the_way(state)` may act."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = focused(page)
        if wanted(state):
            return state
        if on_the_way:
            on_the_way(state)
    raise AssertionError(f"not reached by Tab in {MAX_TABS} presses")


def named(name: str):
    return lambda state: state["name"] == name


def text(pattern: str):
    return lambda state: re.fullmatch(pattern, state["text"]) is not None


@pytest.fixture
def site(live_server) -> str:
    call_command("load_sample", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


def test_the_skip_link_comes_first_and_leads_into_the_page(browser: Browser, site: str):
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(site + "/wgig/")
    page.keyboard.press("Tab")
    state = focused(page)
    assert state["tag"] == "a" and state["text"] == "Skip to content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    focused(page)
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_a_contribution_to_the_open_call_by_keyboard(browser: Browser, site: str):
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(site + "/wgig/")
    tab_to(page, text("Send a contribution"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/submit/"), page.url
    typed = {
        "submitter_name": "Keyboard user",
        "submitter_email": "keyboard.user@example.org",
        "title": "Sent without a mouse",
        "text": "Every step of this contribution was taken with the keyboard.",
    }
    ticked: set[str] = set()

    def fill(state: dict) -> None:
        if state["name"] in typed and state["type"] not in ("radio", "checkbox"):
            page.keyboard.type(typed.pop(state["name"]))
        elif state["type"] in ("radio", "checkbox") and state["name"] not in ticked:
            page.keyboard.press("Space")  # the first choice of each question, and the consent
            ticked.add(state["name"])
        elif state["tag"] == "textarea" and state["name"].startswith("q_"):
            page.keyboard.type("In my own words, typed.")

    tab_to(page, lambda s: s["tag"] == "button" and s["text"] == "Send", on_the_way=fill)
    assert not typed, f"never reached by Tab: {sorted(typed)}"
    assert "consent" in ticked
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your contribution is received")


def test_a_comment_on_a_paragraph_by_keyboard(browser: Browser, site: str):
    draft = Draft.objects.get(group__slug="wgig", slug=SLUG)
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(site + draft.get_absolute_url())
    tab_to(page, text(r"Comment on paragraph \d+"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Comment on paragraph \d+"))
    typed = {
        "submitter_name": "Keyboard user",
        "submitter_email": "keyboard.user@example.org",
        "text": "Typed without a mouse: please say who reviews the oversight.",
    }
    ticked: set[str] = set()

    def fill(state: dict) -> None:
        if state["name"] in typed and state["type"] not in ("radio", "checkbox"):
            page.keyboard.type(typed.pop(state["name"]))
        elif state["name"] == "consent" and "consent" not in ticked:
            page.keyboard.press("Space")
            ticked.add("consent")

    tab_to(page, text("Send the comment"), on_the_way=fill)
    assert not typed and ticked == {"consent"}
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your comment")


def test_switching_language_by_keyboard(browser: Browser, site: str):
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(site + "/")
    tab_to(page, lambda s: s["tag"] == "select" and s["name"] == "language")
    before = page.evaluate("document.activeElement.value")
    page.keyboard.press("ArrowDown")  # a closed select takes the next language
    after = page.evaluate("document.activeElement.value")
    assert after != before, "the arrow did not change the language"
    page.keyboard.press("Tab")
    state = focused(page)
    assert state["tag"] == "button"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", after)


def test_the_phone_menu_opens_by_keyboard(browser: Browser, site: str):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(site + "/wgig/")
    tab_to(page, lambda s: s["tag"] == "summary")
    assert not page.evaluate("document.querySelector('details.site-menu').open")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details.site-menu').open")
    page.keyboard.press("Tab")
    focused(page)
    assert page.evaluate("document.querySelector('.site-menu-body').contains(document.activeElement)")
    tab_to(page, lambda s: s["tag"] == "select" and s["name"] == "language")  # every item of the menu in reach
    # Shift+Tab back to the summary, and Enter folds the menu again.
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab")
        if focused(page)["tag"] == "summary":
            break
    page.keyboard.press("Enter")
    assert not page.evaluate("document.querySelector('details.site-menu').open")


def test_a_missing_or_faint_focus_ring_is_found(browser: Browser, site: str):
    """The check itself can fail: with the ring taken away, or drawn too faint, the first Tab is refused."""
    page = browser.new_context(viewport=DESKTOP).new_page()
    for ring, message in [
        ("outline: none !important; box-shadow: none !important; transition: none !important", "no visible focus ring"),
        (
            "outline: 3px solid #dddddd !important; box-shadow: none !important; transition: none !important",
            "under 3:1",
        ),
    ]:
        page.goto(site + "/wgig/")
        page.keyboard.press("Tab")
        # through the CSSOM: the site's CSP refuses a style sheet of our own
        page.evaluate("(css) => { document.activeElement.style.cssText += css; }", ring)
        with pytest.raises(AssertionError, match=message):
            focused(page)
