"""What every page's header needs: the conferences to switch between, read only by pages that show it."""

from presentations.queries import switchable_conferences


def conferences(request) -> dict:
    # A callable: the template calls it (one small query) only on pages whose header shows the switcher.
    return {"switchable_conferences": switchable_conferences}
