"""The layout's promises that hold without a browser: the primary action comes before the page's long text, wide
tables sit in named, focusable boxes that say they scroll, and runs of another direction are isolated."""

import pytest
from django.template import Context, Template
from django.test import Client

from plenary.consultations.tests.factories import make_call

pytestmark = pytest.mark.django_db


def _render(source: str, **context) -> str:
    return Template("{% load plenary %}" + source).render(Context(context))


def test_scrollbox_is_a_named_focusable_region_with_a_hint():
    html = _render('{% scrollbox _("Adequacy") %}<table><tr><td>1</td></tr></table>{% endscrollbox %}')
    assert html.startswith('<div class="scroll-box" role="region" tabindex="0" aria-label="Adequacy">')
    assert '<p class="scroll-hint" aria-hidden="true">Scroll sideways to see every column.</p>' in html
    assert html.endswith("<table><tr><td>1</td></tr></table></div>")


def test_scrollbox_label_from_a_variable_is_escaped():
    html = _render("{% scrollbox label %}x{% endscrollbox %}", label='Members "A" <b>')
    assert 'aria-label="Members &quot;A&quot; &lt;b&gt;"' in html


def test_bdi_isolates_and_escapes():
    assert _render("{{ v|bdi }}", v="<WGIG/C/2005/0042>") == "<bdi>&lt;WGIG/C/2005/0042&gt;</bdi>"


def test_group_home_offers_the_open_call_before_the_mandate(group):
    client = Client()
    body = client.get(f"/{group.slug}/").content.decode()
    assert 'class="primary-action"' not in body  # no call open: no action to offer
    call = make_call(group, slug="views", title="Views on access")
    body = client.get(f"/{group.slug}/").content.decode()
    action = body.index('class="primary-action"')
    assert f'href="/{group.slug}/calls/views/submit/"' in body[action : action + 200]
    assert action < body.index('id="mandate-heading"')
    assert "<bdi>Views on access</bdi>" in body[action : action + 400]
    # Two open calls: the action leads to the list of calls.
    make_call(group, slug="more", title="More views")
    body = client.get(f"/{group.slug}/").content.decode()
    action = body.index('class="primary-action"')
    assert f'href="/{group.slug}/calls/"' in body[action : action + 200]
    assert "2 calls are open" in body[action : action + 400]
    assert call.is_open


def test_call_page_puts_send_a_contribution_before_the_instructions(group):
    make_call(group, slug="views")
    body = Client().get(f"/{group.slug}/calls/views/").content.decode()
    assert body.index("Send a contribution") < body.index("Instructions")


def test_header_menu_is_a_disclosure_holding_both_navigations(group):
    body = Client().get(f"/{group.slug}/").content.decode()
    menu = body[body.index('<details class="site-menu">') : body.index("</details>", body.index("site-menu"))]
    assert "<summary>Menu</summary>" in menu
    assert 'class="group-nav"' in menu and 'class="site-nav"' in menu
    assert body.index('class="skip-link" href="#main"') < body.index("<header")
