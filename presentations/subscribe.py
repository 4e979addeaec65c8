"""Links that subscribe a calendar app to a feed: webcal://, Google Calendar, Outlook, and a QR code.

- `webcal://` opens the system's calendar app with a subscribe dialog (Apple Calendar, Outlook for Windows
  and Mac, Thunderbird, GNOME Calendar, ICSx⁵ on Android).
- Google Calendar takes a feed only through its "Other calendars → + → From URL" page; no documented link
  fills the address in, so we link that page and offer the address to copy beside it.
- Outlook.com and Microsoft 365 on the web open their "Subscribe from web" form filled in from `addfromweb`.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno

GOOGLE_ADD_BY_URL = "https://calendar.google.com/calendar/r/settings/addbyurl"
OUTLOOK_COM = "https://outlook.live.com/calendar/0/addfromweb"
OUTLOOK_365 = "https://outlook.office.com/calendar/0/addfromweb"


def subscribe_links(https_url: str, name: str) -> dict[str, str]:
    """Every way to subscribe to the feed at `https_url` (absolute); `name` is what Outlook calls it."""
    webcal = "webcal://" + https_url.split("://", 1)[1]
    outlook_query = urlencode({"url": https_url, "name": name})
    return {
        "https": https_url,
        "webcal": webcal,
        "google": GOOGLE_ADD_BY_URL,
        "outlook": f"{OUTLOOK_COM}?{outlook_query}",
        "office365": f"{OUTLOOK_365}?{outlook_query}",
    }


def qr_svg(data: str) -> str:
    """`data` as a QR code in an inline SVG element (no XML declaration), scaled by its viewBox."""
    code = segno.make(data, error="m", micro=False)
    return code.svg_inline(scale=4, border=2, title="QR code of your calendar address", dark="#111", light="#fff")
