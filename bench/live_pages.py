"""The pages of bench/live_burst.py: a child process holding a share of the open pages, keeping what
each shows as live.js does, and answering the measuring process in lines of JSON on stdin/stdout:

    watcher -> {"ready": true, "started": <stamp>, "served": <stamp of the last snapshot>}
    measurer -> {"mark": true}                       watcher -> {"marked": true}   (frames counted from here)
    measurer -> {"expect": {talk: count}, "within": s}
    watcher -> {"stale": <pages not showing it>, "current_at": <stamp of the last change shown>, "frames": n}
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time

from live_load import open_sockets, tell

SCRIPT = __file__.replace("live_pages.py", "live_burst.py")


class Pages:
    """What live.js keeps per page: the counts shown, when they last changed, frames received."""

    def __init__(self, count: int) -> None:
        self.counts: list[dict[str, int]] = [{} for _ in range(count)]
        self.changed = [0.0] * count
        self.snapshot_at = [0.0] * count
        self.frames = 0

    def heard(self, index: int, message: dict) -> None:
        self.frames += 1
        kind = message.get("type")
        shown = self.counts[index]
        if kind == "snapshot":
            shown.clear()
            shown.update(message["counts"])
            self.snapshot_at[index] = self.snapshot_at[index] or time.perf_counter()
        elif kind == "counts":
            shown.update(message["counts"])
        elif kind == "count":
            shown[str(message["presentation"])] = message["count"]
        else:
            return
        self.changed[index] = time.perf_counter()

    def report(self, expected: dict[str, int]) -> dict:
        def current(shown):
            return {k: v for k, v in shown.items() if v} == expected

        behind = [i for i, shown in enumerate(self.counts) if not current(shown)]
        return {"stale": len(behind), "current_at": max(self.changed), "frames": self.frames}


async def watch(spec: dict) -> None:
    started = time.perf_counter()
    sockets = await open_sockets(spec["urls"])
    pages = Pages(len(sockets))

    async def listen(index, socket):
        async for frame in socket:
            pages.heard(index, json.loads(frame))

    tasks = [asyncio.create_task(listen(i, s)) for i, s in enumerate(sockets)]
    while not all(pages.snapshot_at):
        await asyncio.sleep(0.05)
    tell({"ready": True, "started": started, "served": max(pages.snapshot_at)})
    reader = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        order = json.loads(line)
        if "mark" in order:
            pages.frames = 0
            tell({"marked": True})
        elif "expect" in order:
            deadline = time.perf_counter() + order["within"]
            while pages.report(order["expect"])["stale"] and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
            tell(pages.report(order["expect"]))
    for task in tasks:
        task.cancel()
    await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)


class Watcher:
    def __init__(self, process) -> None:
        self.process = process

    @classmethod
    async def start(cls, urls: list[str]) -> Watcher:
        # The page list goes in a file: 10,000 URLs are past what a command line may hold.
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as spec:
            json.dump({"urls": urls}, spec)
        process = await asyncio.create_subprocess_exec(
            sys.executable, SCRIPT, "--watch", spec.name, stdin=-1, stdout=-1
        )
        return cls(process)

    async def ask(self, order: dict | None = None) -> dict:
        if order is not None:
            self.process.stdin.write(json.dumps(order).encode() + b"\n")
            await self.process.stdin.drain()
        line = await self.process.stdout.readline()
        if not line:
            raise SystemExit("a page watcher exited")
        return json.loads(line)

    async def stop(self) -> None:
        self.process.stdin.close()
        await self.process.wait()
