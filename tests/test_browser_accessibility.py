"""Accessibility as a gate: axe-core (vendored from npm, plenary/static/vendor/axe-core) runs in Chromium on the
key pages of the sample group, in each of the six languages, at a desktop width and on a 390 x 844 phone, and
finds nothing: every rule axe runs by default (WCAG 2.0/2.1 A and AA, contrast included, and its best practices
such as unique landmarks).

One browser context per language and width; the language is chosen with the site's own switcher, as a new user
would, and kept by the cookie it sets."""

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page

from plenary.consultations.models import Call, Contribution, ContributionStatus
from plenary.drafting.models import Draft, DraftStatus
from plenary.meetings.models import Meeting

from .browser import choose_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "wgig"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE = "/static/vendor/axe-core/axe.min.js"


def key_pages() -> dict[str, str]:
    """The pages a new user meets first, found in the sample as loaded (not hard-coded numbers)."""
    g = {"group_slug": GROUP}
    call = Call.objects.filter(group__slug=GROUP).order_by("-closes_at").first()
    contribution = Contribution.objects.filter(group__slug=GROUP, status=ContributionStatus.PUBLISHED).first()
    meeting = Meeting.objects.filter(group__slug=GROUP).order_by("-number").first()
    draft = Draft.objects.filter(group__slug=GROUP, status=DraftStatus.CONSULTATION).first()
    assert call and call.is_open and contribution and meeting and draft, "the sample lacks a key page"
    return {
        "home": reverse("core:home"),
        "group home": reverse("groups:home", kwargs=g),
        "calls": reverse("consultations:calls", kwargs=g),
        "a call": call.get_absolute_url(),
        "submit form": reverse("consultations:submit", kwargs={**g, "slug": call.slug}),
        "contributions": reverse("consultations:contributions", kwargs=g),
        "a contribution": contribution.get_absolute_url(),
        "search": reverse("search") + "?q=internet",
        "meetings": reverse("meetings:list", kwargs=g),
        "a meeting": meeting.get_absolute_url(),
        "drafts": reverse("drafting:list", kwargs=g),
        "a draft": draft.get_absolute_url(),
        "assessment matrix": reverse("assessment:matrix", kwargs=g),
        "report": reverse("reports:index", kwargs=g),
        "statistics": reverse("consultations:statistics", kwargs=g),
        "analysis": reverse("analysis:group", kwargs=g),
        "sign-in": reverse("accounts:login"),
    }


def axe_violations(page: Page) -> list[str]:
    """Run axe in the page (loaded from our own origin, so the strict CSP lets it in) and describe what it finds,
    with the contrast of the text in the page's charts."""
    page.add_script_tag(url=AXE)
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {'; '.join(str(n['target']) for n in v['nodes'][:3])}"
        f"{' …' if len(v['nodes']) > 3 else ''}"
        for v in found
    ] + page.evaluate(CHART_CONTRAST)


# axe does not read the text drawn inside SVG charts; this does, the same WCAG formula: each label's fill against
# the fill of the topmost shape under its centre (or the page's white), 4.5:1 at least.
CHART_CONTRAST = """() => {
  const rgb = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c || ''); if (!m) return null;
    const p = m[1].split(',').map(Number); return p.length === 4 && p[3] === 0 ? null : p.slice(0, 3); };
  const lum = (c) => c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const found = [];
  for (const svg of document.querySelectorAll('main svg')) {
    const shapes = [...svg.querySelectorAll('path, rect, circle')];
    for (const text of svg.querySelectorAll('text')) {
      const box = text.getBoundingClientRect();
      const fg = rgb(getComputedStyle(text).fill);
      if (!text.textContent.trim() || !box.width || !fg) continue;
      const x = box.x + box.width / 2, y = box.y + box.height / 2;
      let bg = [255, 255, 255];
      for (const shape of shapes) {
        const r = shape.getBoundingClientRect(), fill = rgb(getComputedStyle(shape).fill);
        if (fill && r.width && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) bg = fill;
      }
      const c = ratio(fg, bg);
      if (c < 4.5) found.push(`chart text "${text.textContent.trim()}" ${c.toFixed(2)}:1`);
    }
  }
  return found;
}"""


@pytest.fixture
def site(live_server) -> str:
    call_command("load_sample", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


def test_axe_finds_nothing_on_the_key_pages_in_six_languages_desktop_and_phone(browser: Browser, site: str):
    pages = key_pages()
    assert len(pages) >= 15
    problems = []
    for width, viewport in WIDTHS.items():
        for code, _name in settings.LANGUAGES:
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            choose_language(page, site, code)
            for name, path in pages.items():
                response = page.goto(site + path)
                assert response.status == 200, f"{name} ({path}) answered {response.status}"
                assert page.locator("html").get_attribute("lang") == code, f"{name} lost the language"
                problems += [f"[{code} {width}] {name} {path}: {v}" for v in axe_violations(page)]
            context.close()
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)
