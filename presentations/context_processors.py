"""What every page's header needs: the conferences to switch between, read only by pages that show it."""

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
