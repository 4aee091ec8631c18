"""Scans made from text-layer PDFs: what a printed and scanned table looks like, with known answers.

A PDF with a text layer is rendered page by page to a greyscale image at a given resolution,
optionally turned by a small angle (a sheet fed in at a slant) and speckled with noise (dust, a
dirty glass), and wrapped as a PDF of images only: no text layer, as a scanner writes it. Reading
it back by OCR and comparing with the answers known for the original measures the OCR path
(``jixiao bench --ocr`` and ``tests/test_ocr.py``).
"""

from __future__ import annotations

import io
import random


def page_images(data: bytes, dpi: float, pages: list[int] | None = None):  # type: ignore[no-untyped-def]
    """The pages of a PDF (1-based numbers; all when None) as greyscale PIL images."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        numbers = pages or list(range(1, len(pdf) + 1))
        return [pdf[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for n in numbers]
    finally:
        pdf.close()


def spoiled(image, angle: float = 0.0, noise: float = 0.0, seed: int = 0):  # type: ignore[no-untyped-def]
    """An image turned by ``angle`` degrees (counter-clockwise) on a white ground, with a share
    ``noise`` of its pixels flipped to black or white at random."""
    from PIL import Image

    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    if noise:
        rng = random.Random(seed)
        pixels = image.load()
        width, height = image.size
        for _ in range(int(width * height * noise)):
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 255))
    return image


def image_pdf(images, dpi: float) -> bytes:  # type: ignore[no-untyped-def]
    """Images as the pages of a PDF without a text layer (each page the image's size at ``dpi``)."""
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def scanned(
    data: bytes, dpi: float, angle: float = 0.0, noise: float = 0.0, pages: list[int] | None = None, seed: int = 0
) -> bytes:
    """A text-layer PDF as a scanner would give it back: image-only pages at ``dpi``."""
    images = [spoiled(im, angle, noise, seed + k) for k, im in enumerate(page_images(data, dpi, pages))]
    return image_pdf(images, dpi)
