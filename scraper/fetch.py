"""HTTP for the scraper: one polite `requests` session, retries, timeouts and a few pages at a time.

It knows nothing of schedules: URLs in, bytes out, or a `FetchError` that says what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Self

import requests
from requests.adapters import HTTPAdapter
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


class FetchError(Exception):
    """One URL could not be fetched; `reason` says why in a few words."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


class Fetcher:
    """Fetches pages over one session; safe to share between the threads of `get_many`."""

    def __init__(self, *, backoff_factor: float = 0.5, max_parallel: int = MAX_PARALLEL) -> None:
        self.max_parallel = max_parallel
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

    def get(self, url: str) -> bytes:
        """The body of `url`; raises `FetchError` for any failure, 404 included."""
        try:
            response = self.session.get(url, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), stream=True)
            with response:
                body = _read_at_most(response, MAX_PAGE_BYTES) if response.status_code == 200 else b""
        except requests.exceptions.RetryError as exc:
            raise FetchError(url, f"gave up after {ATTEMPTS} attempts ({exc})") from exc
        except requests.exceptions.Timeout as exc:
            raise FetchError(url, "timed out") from exc
        except requests.exceptions.ConnectionError as exc:
            raise FetchError(url, f"could not connect ({_first_line(exc)})") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, _first_line(exc)) from exc
        if response.status_code != 200:
            reason = f"HTTP {response.status_code} {response.reason or ''}".strip()
            raise FetchError(url, reason, status=response.status_code)
        if body is None:
            raise FetchError(url, f"larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB; not read")
        return body

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


def _read_at_most(response: requests.Response, limit: int) -> bytes | None:
    """The body, or None as soon as it passes `limit` bytes."""
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
