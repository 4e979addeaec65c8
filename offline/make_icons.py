"""Draw the app icons of the web app manifest: `python -m offline.make_icons` writes static/icons/.

A calendar page on the site's blue, one day picked out in the highlight colour. Plain shapes, so the
standard library draws them (zlib PNGs, 4×4 supersampling): no image library for three files.
- icon-192.png, icon-512.png: rounded square, transparent corners (`purpose: any`).
- maskable-512.png: the blue reaches every edge and the drawing keeps to the central 80 % circle, which
  every launcher mask leaves visible (`purpose: maskable`).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

BLUE = (0x1F, 0x5F, 0x99)
DARK = (0x17, 0x4A, 0x78)
WHITE = (0xFF, 0xFF, 0xFF)
YELLOW = (0xF2, 0xB6, 0x00)
SAMPLES = 4
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"


def rounded(x0, y0, x1, y1, r):
    def inside(x, y):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

    return inside


def calendar(scale: float, offset: float):
    """The drawing's shapes, topmost last, in unit coordinates shrunk by `scale` about the centre."""

    def box(x0, y0, x1, y1, r):
        s = lambda v: offset + v * scale  # noqa: E731
        return rounded(s(x0), s(y0), s(x1), s(y1), r * scale)

    shapes = [
        (box(0.20, 0.24, 0.80, 0.82, 0.06), WHITE),
        (box(0.20, 0.24, 0.80, 0.38, 0.06), DARK),
        (box(0.20, 0.32, 0.80, 0.38, 0.0), DARK),
        (box(0.33, 0.16, 0.39, 0.30, 0.03), WHITE),
        (box(0.61, 0.16, 0.67, 0.30, 0.03), WHITE),
    ]
    for row, y in enumerate((0.45, 0.62)):
        for column, x in enumerate((0.27, 0.445, 0.62)):
            colour = YELLOW if (row, column) == (1, 1) else BLUE
            shapes.append((box(x, y, x + 0.11, y + 0.11, 0.02), colour))
    return shapes


def render(size: int, *, maskable: bool) -> bytes:
    background = (lambda x, y: True) if maskable else rounded(0, 0, 1, 1, 0.18)
    # Maskable: the calendar fits the 80 % safe circle; otherwise it fills the square.
    shapes = calendar(0.72, 0.14) if maskable else calendar(1.0, 0.0)
    rows = []
    step = 1 / (size * SAMPLES)
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            r = g = b = a = 0
            for sy in range(SAMPLES):
                y = (py * SAMPLES + sy + 0.5) * step
                for sx in range(SAMPLES):
                    x = (px * SAMPLES + sx + 0.5) * step
                    if not background(x, y):
                        continue
                    colour = BLUE
                    for inside, fill in shapes:
                        if inside(x, y):
                            colour = fill
                    r, g, b, a = r + colour[0], g + colour[1], b + colour[2], a + 1
            n = SAMPLES * SAMPLES
            row += bytes((r // a, g // a, b // a, 255 * a // n) if a else (0, 0, 0, 0))
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("maskable-512.png", 512, True),
    ):
        (OUT / name).write_bytes(render(size, maskable=maskable))


if __name__ == "__main__":
    main()
