#!/usr/bin/env python3
"""Draws the portal's app icons into public/ with only the standard library.

A white document with a red star on the portal's red, so the icon reads as "official
paperwork" at 16 px as well as 512 px. Run again after changing the drawing:
    python3 scripts/make-icons.py
"""
import math
import struct
import zlib
from pathlib import Path

RED = (164, 22, 26)
WHITE = (255, 255, 255)
LINE = (201, 198, 189)
OUT = Path(__file__).resolve().parent.parent / "public"


def star(cx, cy, r_out, r_in):
    pts = []
    for i in range(10):
        r = r_out if i % 2 == 0 else r_in
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def inside(poly, x, y):
    hit = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def in_round_rect(x, y, x0, y0, x1, y1, r):
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def colour_at(u, v, scale):
    """Colour at (u, v) in the unit square; `scale` shrinks the drawing for maskable icons."""
    x = 0.5 + (u - 0.5) / scale
    y = 0.5 + (v - 0.5) / scale
    if in_round_rect(x, y, 0.24, 0.14, 0.76, 0.86, 0.05):
        if inside(star(0.5, 0.42, 0.16, 0.065), x, y):
            return RED
        for ly in (0.66, 0.74):
            if 0.33 <= x <= 0.67 and ly <= y <= ly + 0.03:
                return LINE
        return WHITE
    return RED


def render(size, scale=1.0, ss=3):
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    c = colour_at((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size, scale)
                    for k in range(3):
                        acc[k] += c[k]
            row += bytes(round(a / (ss * ss)) for a in acc)
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(w, h, raw):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico(png32):
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, len(png32), 6 + 16)
    return header + entry + png32


def main():
    OUT.mkdir(exist_ok=True)
    (OUT / "icon-192.png").write_bytes(render(192))
    (OUT / "icon-512.png").write_bytes(render(512, ss=2))
    # Maskable icons may be cropped to a circle of 80 % of the width: draw inside it.
    (OUT / "icon-maskable-512.png").write_bytes(render(512, scale=0.72, ss=2))
    (OUT / "favicon.ico").write_bytes(ico(render(32, ss=4)))


if __name__ == "__main__":
    main()
