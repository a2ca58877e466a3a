"""Render resources/icons/tracepair.svg to the PNG sizes, a Windows .ico and a macOS .icns.

    .venv/bin/python packaging/make_icons.py

Uses only Qt (QSvgRenderer) and the standard library: the .ico and .icns
containers are written here (iconutil exists only on macOS, and Pillow would be
one more build dependency for two simple formats). The outputs are committed;
run this again after editing the SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SOURCE = ICONS / "tracepair.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: icns element types holding PNG data, and their pixel size (the set Pillow and iconutil write).
ICNS_TYPES = (
    (b"ic11", 32), (b"ic12", 64), (b"ic07", 128), (b"ic13", 256),
    (b"ic08", 256), (b"ic14", 512), (b"ic09", 512), (b"ic10", 1024),
)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """An icon's classic bitmap: 32-bit BGRA rows bottom-up, then a 1-bit transparency mask."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)  # little-endian memory order: B G R A
    w, h = image.width(), image.height()
    rows = [bytes(image.constScanLine(y))[: w * 4] for y in range(h)]
    mask_stride = ((w + 31) // 32) * 4
    mask_rows = []
    for row in rows:
        bits = bytearray(mask_stride)
        for x in range(w):
            if row[x * 4 + 3] == 0:  # fully transparent: set the AND bit for renderers that ignore alpha
                bits[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(bits))
    pixels = b"".join(reversed(rows)) + b"".join(reversed(mask_rows))
    header = struct.pack("<IiiHHIIiiII", 40, w, 2 * h, 1, 32, 0, len(pixels), 0, 0, 0, 0)
    return header + pixels


def ico_bytes(images: dict[int, QImage]) -> bytes:
    """A multi-size .ico: bitmaps below 256 px (read everywhere), PNG at 256 px (as Windows itself does)."""
    payloads = [(size, png_bytes(img) if size >= 256 else dib_bytes(img)) for size, img in sorted(images.items())]
    offset = 6 + 16 * len(payloads)
    directory, blobs = [], []
    for size, blob in payloads:
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory
        directory.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return struct.pack("<HHH", 0, 1, len(payloads)) + b"".join(directory) + b"".join(blobs)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A .icns: 'icns' + total length, then (type, length, PNG) elements, led by a table of contents."""
    elements = [(kind, pngs[size]) for kind, size in ICNS_TYPES]
    toc = b"TOC " + struct.pack(">I", 8 + 8 * len(elements))
    toc += b"".join(kind + struct.pack(">I", 8 + len(data)) for kind, data in elements)
    body = toc + b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES))
    images = {size: render(renderer, size) for size in sizes}
    pngs = {size: png_bytes(img) for size, img in images.items()}
    for size in PNG_SIZES:
        (ICONS / f"tracepair-{size}.png").write_bytes(pngs[size])
    (ICONS / "tracepair.ico").write_bytes(ico_bytes({s: images[s] for s in ICO_SIZES}))
    (ICONS / "tracepair.icns").write_bytes(icns_bytes(pngs))
    for path in sorted(ICONS.glob("tracepair*")):
        print(f"{path.name:<22} {path.stat().st_size:>8} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
