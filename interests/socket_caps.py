"""How many live sockets one person, and one client address, may hold open in one server process.

Past either cap the socket is accepted and closed at once with CLOSE_TOO_MANY (4429), after an `error`
frame saying why, so the page can tell it from a network failure and wait longer before trying again.
The counts are per process (each Daphne keeps its own): a cap of N allows up to N per process.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings

CLOSE_TOO_MANY = 4429


class SocketCaps:
    def __init__(self) -> None:
        self.per_user: Counter = Counter()
        self.per_address: Counter = Counter()

    def refusal(self, *, user_id: int | None, address: str | None) -> str | None:
        """Why a new socket of this user and address is one too many, or None (and then it is counted)."""
        if user_id is not None and self.per_user[user_id] >= settings.LIVE_SOCKETS_PER_USER:
            cap = settings.LIVE_SOCKETS_PER_USER
            return f"Too many open live pages for this account (at most {cap} per server); close some tabs."
        if address is not None and self.per_address[address] >= settings.LIVE_SOCKETS_PER_ADDRESS:
            cap = settings.LIVE_SOCKETS_PER_ADDRESS
            return f"Too many open live pages from this address (at most {cap} per server); try again later."
        self.per_user[user_id] += user_id is not None
        self.per_address[address] += address is not None
        return None

    def release(self, *, user_id: int | None, address: str | None) -> None:
        for counter, key in ((self.per_user, user_id), (self.per_address, address)):
            if key is not None:
                counter[key] -= 1
                if counter[key] <= 0:
                    del counter[key]
