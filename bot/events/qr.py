"""Poster QR codes: a PNG of the deep link, with the link printed under it."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont


def _font(size: int) -> ImageFont.ImageFont:
    try:
        from matplotlib import font_manager

        return ImageFont.truetype(font_manager.findfont("DejaVu Sans"), size)
    except Exception:  # no matplotlib font: Pillow's own
        return ImageFont.load_default(size=size)


def qr_png(link: str, caption: str | None = None) -> bytes:
    """The QR code of ``link`` (high error correction, 4-module quiet zone) with ``caption`` (default:
    the link) centred under it."""
    buffer = io.BytesIO()
    segno.make(link, error="h").save(buffer, kind="png", scale=14, border=4)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    text = caption or link
    size = 28
    font = _font(size)
    draw = ImageDraw.Draw(code)
    while draw.textlength(text, font=font) > code.width - 40 and size > 10:
        size -= 2
        font = _font(size)
    poster = Image.new("RGB", (code.width, code.height + size * 3), "white")
    poster.paste(code, (0, 0))
    draw = ImageDraw.Draw(poster)
    width = draw.textlength(text, font=font)
    draw.text(((poster.width - width) / 2, code.height + size * 0.5), text, fill="black", font=font)
    out = io.BytesIO()
    poster.save(out, format="PNG")
    return out.getvalue()


def write_qr(link: str, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(qr_png(link))
    return out
