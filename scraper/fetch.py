"""HTTP for the scraper: one polite `requests` session, retries, timeouts and a few pages at a time.

It knows nothing of schedules: URLs in, bytes out, or a `FetchError` that says what went wrong.

Limits, each named in its error: a connect timeout and a read timeout per request; a deadline per page
(a server sending a byte every few seconds never trips the read timeout); a deadline for the whole run;
a size cap per page; and, once `allow_only` is called, no request (redirects included) leaves the
scheme and host being scraped: a link elsewhere is reported and skipped, never fetched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Self
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

USER_AGENT = "PyConGuide/1.0 (schedule reader for PyCon Guide; polite, a few requests at a time)"
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
ATTEMPTS = 3  # the first request and two retries
MAX_PARALLEL = 4  # a conference site is somebody's small server: stay gentle
RETRY_STATUSES = (429, 500, 502, 503, 504)
# A schedule page is a few hundred kilobytes; a server sending more than this is broken or hostile, and
# reading it whole would fill the memory of whatever runs the cron job.
MAX_PAGE_BYTES = 10 * 1024 * 1024
PAGE_DEADLINE = 60.0  # seconds to fetch one page, however it trickles in
RUN_DEADLINE = 15 * 60.0  # seconds for every page of one run
MAX_REDIRECTS = 5


class FetchError(Exception):
    """One URL could not be fetched; `reason` says why in a few words."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


class Fetcher:
    """Fetches pages over one session; safe to share between the threads of `get_many`."""

    def __init__(
        self,
        *,
        backoff_factor: float = 0.5,
        max_parallel: int = MAX_PARALLEL,
        timeouts: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
        page_deadline: float = PAGE_DEADLINE,
        run_deadline: float = RUN_DEADLINE,
        max_bytes: int = MAX_PAGE_BYTES,
    ) -> None:
        self.max_bytes = max_bytes
        self.max_parallel = max_parallel
        self.timeouts = timeouts
        self.page_deadline = page_deadline
        self.run_deadline = run_deadline
        self.ends_at = time.monotonic() + run_deadline
        self.allowed: tuple[str, str] | None = None
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        retry = Retry(
            total=ATTEMPTS - 1,
            backoff_factor=backoff_factor,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            # Hand back the last answer so that the error can name its status.
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=max_parallel)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def allow_only(self, url: str) -> None:
        """From now on fetch nothing outside `url`'s scheme and host."""
        parts = urlsplit(url)
        self.allowed = (parts.scheme, parts.netloc)

    def get(self, url: str) -> bytes:
        """The body of `url`; raises `FetchError` for any failure, 404 included."""
        for _ in range(MAX_REDIRECTS + 1):
            self._check_allowed(url)
            status, reason, body, location = self._get_once(url)
            if status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                continue
            if status != 200:
                raise FetchError(url, f"HTTP {status} {reason}".strip(), status=status)
            return body
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _check_allowed(self, url: str) -> None:
        parts = urlsplit(url)
        if self.allowed is not None and (parts.scheme, parts.netloc) != self.allowed:
            raise FetchError(url, f"not under {self.allowed[0]}://{self.allowed[1]}: skipped, not fetched")
        if time.monotonic() > self.ends_at:
            raise FetchError(url, f"the run's deadline ({self.run_deadline:g} s) passed: not fetched")

    def _get_once(self, url: str) -> tuple[int, str, bytes, str]:
        connect, read = self.timeouts
        try:
            response = self.session.get(url, timeout=(connect, read), stream=True, allow_redirects=False)
            with response:
                body = (
                    _read_within(response, self.max_bytes, self._page_ends_at()) if response.status_code == 200 else b""
                )
        except requests.exceptions.RetryError as exc:
            raise FetchError(url, f"gave up after {ATTEMPTS} attempts ({exc})") from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise FetchError(url, f"could not connect within {connect:g} s (connect timeout)") from exc
        except requests.exceptions.ReadTimeout as exc:
            raise FetchError(url, f"connected, but no answer within {read:g} s (read timeout)") from exc
        except requests.exceptions.ConnectionError as exc:
            raise FetchError(url, _connection_reason(exc, connect, read)) from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, _first_line(exc)) from exc
        except _TooSlow as exc:
            raise FetchError(url, f"still arriving after {self.page_deadline:g} s (page deadline): not read") from exc
        if body is None:
            raise FetchError(url, f"larger than {self.max_bytes // (1024 * 1024)} MB; not read")
        return response.status_code, response.reason or "", body, response.headers.get("Location", "")

    def _page_ends_at(self) -> float:
        return min(time.monotonic() + self.page_deadline, self.ends_at)

    def get_many(
        self, urls: Iterable[str], *, on_done: Callable[[int, int], None] | None = None
    ) -> dict[str, bytes | FetchError]:
        """Fetch each distinct URL, `max_parallel` at a time; failures are values, not raised.

        `on_done(done, total)` is called from this thread after each URL, for a progress bar.
        """
        wanted = list(dict.fromkeys(urls))
        results: dict[str, bytes | FetchError] = {}
        if not wanted:
            return results
        with ThreadPoolExecutor(max_workers=self.max_parallel) as pool:
            futures = {pool.submit(self._get_or_error, url): url for url in wanted}
            for done, future in enumerate(as_completed(futures), start=1):
                results[futures[future]] = future.result()
                if on_done is not None:
                    on_done(done, len(wanted))
        return {url: results[url] for url in wanted}

    def _get_or_error(self, url: str) -> bytes | FetchError:
        try:
            return self.get(url)
        except FetchError as exc:
            return exc


class _TooSlow(Exception):
    pass


def _read_within(response: requests.Response, limit: int, ends_at: float) -> bytes | None:
    """The body, or None as soon as it passes `limit` bytes; `_TooSlow` once `ends_at` has passed."""
    chunks, size = [], 0
    # read1 returns whatever has arrived (at most 64 KiB), so a trickle is noticed between its bytes, where
    # iter_content would wait for a whole chunk; each wait is still bounded by the read timeout.
    while chunk := response.raw.read1(64 * 1024, decode_content=True):
        size += len(chunk)
        if size > limit:
            return None
        if time.monotonic() > ends_at:
            raise _TooSlow
        chunks.append(chunk)
    return b"".join(chunks)


def _connection_reason(exc: Exception, connect: float, read: float) -> str:
    """Retries wrap timeouts in a ConnectionError: name the timeout that it really was."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, NewConnectionError):  # a subclass of ConnectTimeoutError, but refused, not slow
        return f"could not connect ({_first_line(reason)})"
    if isinstance(reason, ConnectTimeoutError):
        return f"could not connect within {connect:g} s (connect timeout)"
    if isinstance(reason, ReadTimeoutError):
        return f"connected, but no answer within {read:g} s (read timeout)"
    return f"could not connect ({_first_line(exc)})"


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
