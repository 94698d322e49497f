"""Helpers shared by the browser tests (Playwright pages on the live server)."""

from playwright.sync_api import Page, expect


def choose_language(page: Page, site: str, code: str) -> None:
    """Switch language with the header's form, as a new user would; on a phone the menu is folded, so open it.

    The choice is kept by the cookie that Django's set_language view sets, for the rest of the browser context.
    """
    page.goto(site + "/")
    select = page.locator("#language-select")
    if not select.is_visible():
        page.locator("details.site-menu > summary").click()
    select.select_option(code)
    with page.expect_navigation():
        page.locator("form.lang-switch button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)
