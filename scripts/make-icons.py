#!/usr/bin/env python3
"""Draws Orka's app icons (a white ring on teal) as PNG, with no imaging library needed.

Run from the repository root: python3 scripts/make-icons.py
"""
import math
import struct
import zlib

TEAL = (29, 92, 87)
WHITE = (255, 255, 255)


def png(path, size, ring_outer, ring_inner):
    c = size / 2
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            d = math.hypot(x + 0.5 - c, y + 0.5 - c) / size
            # Soft edges: blend over one pixel for a smooth ring.
            edge = 1.0 / size
            a = min(max((ring_outer - d) / edge, 0), 1) * min(max((d - ring_inner) / edge, 0), 1)
            row += bytes(round(t * (1 - a) + w * a) for t, w in zip(TEAL, WHITE))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


png("public/icons/icon-192.png", 192, 0.36, 0.22)
png("public/icons/icon-512.png", 512, 0.36, 0.22)
# Maskable: the ring stays inside the central 80 % safe zone.
png("public/icons/icon-maskable-512.png", 512, 0.28, 0.17)
