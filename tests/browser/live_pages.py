"""Opening a live page in its own browser context, as the live browser tests do."""

from playwright.sync_api import expect


def open_page(browser, host: str, path: str, cookie: str | None = None):
    """A new context (signed in with `cookie`, if given) on `path`, once its socket is connected; the page
    records its console errors in `page.console_errors` and sets `window.notReloaded`, which survives only
    if the page is never reloaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if cookie:
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": f"http://{host}/"}])
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.goto(f"http://{host}{path}")
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    page.evaluate("window.notReloaded = true")
    return context, page
