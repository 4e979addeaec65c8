"""The live socket, `/ws/?conference=<slug>` (../shared/SPEC.md, "WebSocket").

Every socket reads its conference's stream (counts, schedule changes); a signed-in user's sockets also
read `user.<pk>` (their own interests, from any tab or process). The process's hub (interests/hub.py)
reads each stream once for all its sockets; a socket has no channel of its own. The first frame on every
socket is a `snapshot`, and `sync` asks for another.

A frame from the browser is checked before anything is done with it. An interest set here goes through
`set_interest`, and the signal handlers send the messages, so a change made here looks the same to
every page as one made by a form, the admin or a shell.
"""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer, AsyncWebsocketConsumer

from interests.hub import hub
from interests.marking import InterestNotAccepted, set_interest
from interests.rate_limit import TokenBucket
from interests.socket_caps import CLOSE_TOO_MANY
from interests.wire import SCOPE_KEY, ConsumerWire
from presentations.models import Conference, Presentation

# Frames from the browser are tiny; anything larger is a mistake or an attack.
MAX_FRAME_BYTES = 4096
FRAMES_PER_SECOND = 10
FRAME_BURST = 20
# Close code for a socket that names no conference we know (4000–4999 are the application's own).
CLOSE_UNKNOWN_CONFERENCE = 4404
# Close code when the channel layer (Redis) stops carrying messages: "come back later and re-read".
# Before the handshake is accepted, the same close refuses it (HTTP 403).
CLOSE_LAYER_UNAVAILABLE = 4503
MAX_ID = 2**63 - 1
UNAVAILABLE = "The server could not do that just now; try again in a moment."

logger = logging.getLogger(__name__)


class MessageError(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def read_interest_frame(content) -> tuple[int, bool]:
    """The (presentation id, interested) of a client frame, or MessageError("bad_message")."""
    if not isinstance(content, dict):
        raise MessageError("bad_message", "A frame must be a JSON object.")
    kind = content.get("type")
    if kind != "interest":
        raise MessageError("bad_message", f"Unknown message type {kind!r}; send 'interest' or 'sync'.")
    presentation = content.get("presentation")
    # bool is a subclass of int in Python: `true` is not an id.
    if type(presentation) is not int or not 0 < presentation <= MAX_ID:
        raise MessageError("bad_message", "'presentation' must be a presentation's id (a positive integer).")
    interested = content.get("interested")
    if type(interested) is not bool:
        raise MessageError("bad_message", "'interested' must be true or false.")
    return presentation, interested


@database_sync_to_async
def conference_id_of(slug: str) -> int | None:
    return Conference.objects.filter(slug=slug).values_list("pk", flat=True).first() if slug else None


@database_sync_to_async
def mark(*, user, conference_id: int, presentation_id: int, interested: bool) -> bool:
    """Set the interest; False when nothing changed. MessageError("not_found") for a talk of another
    conference, or one nobody can add (a break)."""
    presentation = Presentation.objects.filter(pk=presentation_id, conference_id=conference_id).first()
    not_found = MessageError("not_found", f"No presentation {presentation_id} to add in this conference.")
    if presentation is None:
        raise not_found
    try:
        return set_interest(user=user, presentation=presentation, interested=interested)
    except InterestNotAccepted:
        raise not_found from None


class LiveConsumer(AsyncJsonWebsocketConsumer):
    # No channel per socket: the hub reads for every socket of the process.
    channel_layer_alias = None
    # The rate limit's clock; tests stop it to count frames without racing real time.
    frame_clock = staticmethod(time.monotonic)

    async def connect(self) -> None:
        self.opened = time.monotonic()
        self.bucket = TokenBucket(rate=FRAMES_PER_SECOND, burst=FRAME_BURST, clock=self.frame_clock)
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.slug = query.get("conference", [""])[0]
        try:
            await self.open()
        except Exception:
            # The database failed under the handshake: say so and close; the page comes back later.
            logger.exception("socket closed: could not open it")
            if not getattr(self, "accepted", False):
                await self.accept()
            await self.send_error("unavailable", UNAVAILABLE)
            await self.close(code=CLOSE_LAYER_UNAVAILABLE)

    async def open(self) -> None:
        self.conference_id = await conference_id_of(self.slug)
        if self.conference_id is None:
            # Accept first so the browser learns why: a refused handshake carries no reason.
            await self.accept_and_log()
            await self.close(code=CLOSE_UNKNOWN_CONFERENCE)
            return
        self.hub = hub()
        # How the hub writes to this socket: the server's own send when pyconguide/asgi.py's Wire is above.
        self.wire = self.scope.get(SCOPE_KEY) or ConsumerWire(self)
        refusal = self.hub.caps.refusal(user_id=self.user.pk, address=self.address)
        if refusal is not None:
            await self.accept_and_log()
            await self.send_error("rate_limited", refusal)
            await self.close(code=CLOSE_TOO_MANY)
            return
        self.counted = True
        try:
            await self.hub.join(self, conference_id=self.conference_id, user_id=self.user.pk)
        except Exception as error:
            # The layer cannot subscribe (Redis is down): refuse the handshake (HTTP 403) with one log line
            # instead of a traceback per browser retrying.
            logger.warning("socket refused: channel layer unavailable (%s)", error)
            await self.close(code=CLOSE_LAYER_UNAVAILABLE)
            return
        await self.accept_and_log()
        await self.hub.send_snapshot(self)

    async def accept_and_log(self) -> None:
        await self.accept()
        self.accepted = True
        logger.info("socket opened: user %s, conference %.100r", self.who, self.slug)

    @property
    def address(self) -> str | None:
        client = self.scope.get("client")
        return client[0] if client else None

    async def send_error(self, code: str, detail: str) -> None:
        await self.send_json({"type": "error", "error": code, "detail": detail})

    async def layer_lost(self) -> None:
        """The layer stopped carrying messages (the hub's probe): close, so that the page reconnects."""
        await self.close(code=CLOSE_LAYER_UNAVAILABLE)

    async def disconnect(self, code) -> None:
        if getattr(self, "counted", False):
            self.hub.caps.release(user_id=self.user.pk, address=self.address)
        if hasattr(self, "hub"):
            await self.hub.leave(self)
        if hasattr(self, "opened"):
            logger.info(
                "socket closed: user %s, conference %.100r, code %s, %.1f s",
                self.who,
                self.slug,
                code,
                time.monotonic() - self.opened,
            )

    @property
    def who(self) -> str:
        return str(self.user.pk) if self.user.is_authenticated else "anonymous"

    @property
    def user(self):
        return self.scope["user"]

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        # Size and rate are checked on the raw frame, before any JSON is parsed.
        try:
            if not self.bucket.take():
                raise MessageError("rate_limited", f"At most {FRAMES_PER_SECOND} frames a second; wait a moment.")
            if text_data is None:
                raise MessageError("bad_message", "Send JSON text frames, not binary ones.")
            if len(text_data.encode("utf-8")) > MAX_FRAME_BYTES:
                raise MessageError("too_large", f"Frames are at most {MAX_FRAME_BYTES} bytes.")
            try:
                content = json.loads(text_data)
            except ValueError:
                raise MessageError("bad_message", "The frame is not valid JSON.") from None
            except RecursionError:
                raise MessageError("bad_message", "The frame is nested too deeply.") from None
            await self.receive_json(content)
        except MessageError as error:
            await self.send_error(error.code, error.detail)
        except Exception:
            # The database or the layer failed this once: the socket stays open, the page may try again.
            logger.exception("live frame not taken")
            await self.send_error("unavailable", UNAVAILABLE)

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "sync":
            await self.hub.send_snapshot(self, fresh=True)
            return
        presentation_id, interested = read_interest_frame(content)
        if not self.user.is_authenticated:
            raise MessageError("not_authenticated", "Sign in to add talks to your calendar.")
        changed = await mark(
            user=self.user, conference_id=self.conference_id, presentation_id=presentation_id, interested=interested
        )
        if not changed:
            # Nothing changed, so no signal announces it: confirm the state to this socket alone, at the seq
            # the socket stands at (no change, so no new number).
            await self.send_json(
                {"type": "interest", "presentation": presentation_id, "interested": interested, "seq": self.user_seq}
            )


class UnknownPath(AsyncWebsocketConsumer):
    """A socket on any path but /ws/: refused at the handshake (Daphne answers HTTP 403)."""

    channel_layer_alias = None

    async def connect(self) -> None:
        await self.close()
