"""Where the page cache (presentations/page_cache.py) keeps its copies: this process's memory, least
recently used out first past PAGE_CACHE_MEMORY_MB, and with Redis the `pages` cache every process shares."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches


class _Memory:
    """This process's copies: least recently used go first past PAGE_CACHE_MEMORY_MB."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: OrderedDict[str, tuple[float, int, object]] = OrderedDict()
        self.size = 0
        self.generation = 0

    def get(self, key: str):
        with self.lock:
            item = self.items.get(key)
            if item is None:
                return None
            expires, _size, value = item
            if expires < time.monotonic():
                self._drop(key)
                return None
            self.items.move_to_end(key)
            return value

    def set(self, key: str, value, size: int) -> None:
        limit = settings.PAGE_CACHE_MEMORY_MB * 1_000_000
        with self.lock:
            if key in self.items:
                self._drop(key)
            self.items[key] = (time.monotonic() + settings.PAGE_CACHE_SECONDS, size, value)
            self.size += size
            while self.size > limit and self.items:
                self._drop(next(iter(self.items)))

    def _drop(self, key: str) -> None:
        _expires, size, _value = self.items.pop(key)
        self.size -= size

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0
            self.generation += 1


_memory = _Memory()


def clear() -> None:
    """Forget every copy this process can reach (its memory now, Redis's by a new key generation)."""
    _memory.clear()


def _shared():
    return caches["pages"] if "pages" in settings.CACHES else None


def fetch(key: str):
    value = _memory.get(key)
    if value is None and (shared := _shared()) is not None:
        try:
            value = shared.get(key)
        except Exception:  # Redis away: render, as without a cache
            value = None
        if value is not None:
            _memory.set(key, value, value.size)
    return value


async def afetch(key: str):
    """`fetch` for async views: this process's copy without leaving the event loop; Redis's (only when
    memory has none) through the async cache API, which Django 5.2 still runs in the sync thread."""
    value = _memory.get(key)
    if value is None and (shared := _shared()) is not None:
        try:
            value = await shared.aget(key)
        except Exception:  # Redis away: render, as without a cache
            value = None
        if value is not None:
            _memory.set(key, value, value.size)
    return value


def keep(key: str, value) -> None:
    _memory.set(key, value, value.size)
    if (shared := _shared()) is not None:
        try:
            shared.set(key, value, settings.PAGE_CACHE_SECONDS)
        except Exception:
            pass


def generation() -> int:
    """Grows with every `clear()`: part of each key, so that Redis's copies are forgotten too."""
    return _memory.generation
