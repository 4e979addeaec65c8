"""What every page's header needs (the conferences to switch between, read only by pages that show it), and
the card templates' optional names."""

from presentations.queries import switchable_conferences


def conferences(request) -> dict:
    # A callable: the template calls it (one small query) only on pages whose header shows the switcher.
    # Read once per request, however many times a page is rendered (the page cache renders a signed-in
    # copy twice).
    def switchable():
        if not hasattr(request, "switchable_conferences"):
            request.switchable_conferences = switchable_conferences()
        return request.switchable_conferences

    return {"switchable_conferences": switchable}


# What the card templates (_cards.html, _grid.html, _interest.html, _subscribe.html) read beyond a page's own
# context, named for every page: a name missing from the context costs Django a failed lookup (a few caught
# exceptions) each time a card reads it; on FOSDEM's "Only my talks" (126 cards) that was 4 ms of 63.
CARD_DEFAULTS = {"page_cache_marks": False, "card_slots": False, "talk_page": False, "back": "", "subscribe_what": ""}


def card_defaults(request) -> dict:
    return CARD_DEFAULTS
