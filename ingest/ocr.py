"""Scanned pages and pictures of tables, read by OCR into pages the PDF reader reads like any other.

A PDF page without a text layer (a scan, or text drawn as outlines) is rendered to a greyscale
image; an image file (.png, .jpg, .tif, .gif, .bmp, .webp) is one page, or one per frame. Each
image is cleared of specks, straightened (the length-weighted slope of its long ruling lines), its
ruling lines are found by their shape (long thin runs of dark pixels: the table's grid) and wiped
out, and the rest is read by a
Chinese OCR model that ships inside its wheel (rapidocr-onnxruntime: PP-OCRv4 detection and
recognition, no download at run time). What comes out is a page as ``ingest.pdf`` sees one: the
characters where they stand, in points, each with its recognition confidence, and the ruling
lines as edges, from which pdfplumber's table finder builds the cell grid. Tables, cells over page
breaks and text without ruling lines are then read by the same code as a text-layer PDF.

Every character keeps the confidence the model gave it; a cell's confidence is its least sure
character's. The warehouse never takes a number from a cell read below ``MIN_CONFIDENCE``.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import signal
import threading
from collections.abc import Iterator
from functools import cache, partial

from . import limits
from .formats import Unreadable

# the resolution a PDF page without text is rendered at for OCR (points are 1/72 inch)
DPI = float(os.environ.get("JIXIAO_OCR_DPI", 200))
# below this, an OCR'd cell is a parse issue and its figures are not taken as numbers
MIN_CONFIDENCE = float(os.environ.get("JIXIAO_OCR_MIN_CONFIDENCE", 0.8))
# threads of the model per parser process (the processes are what scale with cores)
THREADS = int(os.environ.get("JIXIAO_OCR_THREADS", 1))

_RULE_PT = 18.0  # a ruling line runs at least this long (a character's stroke is about 1 em)
_SIDE_PT = 6.0  # … or this long between two horizontal lines (a cell's side)
_MAX_SKEW_DEGREES = 5.0
_SPECK_PIXELS = 2  # a dot of this many pixels or fewer is a speck, not print


class OcrOvertime(Exception):
    """One page took longer to recognise than ``limits.MAX_OCR_PAGE_SECONDS``."""


class OcrPage:
    """A page read by OCR, with what ``ingest.pdf`` reads of a pdfplumber page: characters and
    ruling edges in points from the top left, its size, and its tables (pdfplumber's finder over
    the edges found in the image)."""

    rotation = 0

    def __init__(self, chars: list[dict], edges: list[dict], width: float, height: float) -> None:
        self.chars = chars
        self.edges = edges
        self.width = width
        self.height = height
        self.bbox = (0.0, 0.0, width, height)

    def find_tables(self) -> list:
        from pdfplumber.table import TableFinder

        return TableFinder(self).tables  # type: ignore[arg-type] - it reads .edges and .bbox only

    def close(self) -> None:
        pass


@cache
def _engine():  # type: ignore[no-untyped-def]
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=THREADS, inter_op_num_threads=THREADS)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise OcrOvertime after ``seconds`` of this process's CPU time (a busy machine does not
    count against a page). Only in the main thread, where signals are delivered. The engine may
    catch the interruption and raise or return something else (it wraps errors of its native
    calls): once the time is up, whatever the block ends with, it ends with OcrOvertime."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    fired: list[bool] = []

    def overtime(signum: int, frame: object) -> None:
        fired.append(True)
        raise OcrOvertime

    before = signal.signal(signal.SIGVTALRM, overtime)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    except Exception:
        if fired:
            raise OcrOvertime from None
        raise
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, before)
    if fired:
        raise OcrOvertime


def _skew(grey) -> float | None:  # type: ignore[no-untyped-def]
    """The slope of an image's long ruling lines in degrees (their lengths weighing), or None."""
    import cv2
    import numpy as np

    width = grey.shape[1]
    # at half size, dark runs of a few characters' width: the lines, not the text (fast)
    small = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    binary = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)
    runs = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 1)))
    found = cv2.HoughLinesP(runs, 1, math.pi / 1800, threshold=100, minLineLength=width // 10, maxLineGap=6)
    if found is None:
        return None
    segments = found.reshape(-1, 4).astype(float)
    angles = np.degrees(np.arctan2(segments[:, 3] - segments[:, 1], segments[:, 2] - segments[:, 0]))
    lengths = np.hypot(segments[:, 3] - segments[:, 1], segments[:, 2] - segments[:, 0])
    level = np.abs(angles) <= _MAX_SKEW_DEGREES
    if not level.any():
        return None
    middle = float(np.median(angles[level]))
    near = level & (np.abs(angles - middle) <= 0.5)
    return float(np.average(angles[near], weights=lengths[near]))


def straightened(grey):  # type: ignore[no-untyped-def]
    """The image turned so that its long ruling lines run level (a scan fed in at a slant), and
    the angle turned by, in degrees; unchanged when it has no long lines. Measured twice: the
    second time on the turned image, which refines the first."""
    import cv2

    height, width = grey.shape
    total = 0.0
    out = grey
    for _ in range(2):
        angle = _skew(out)
        if angle is None or abs(angle) < 0.05:
            break
        total += angle
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), total, 1.0)
        out = cv2.warpAffine(grey, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
    return out, total


def rulings(grey, px_per_pt: float):  # type: ignore[no-untyped-def]
    """The ruling lines of an image as pdfplumber edges (in points), and the mask of their pixels.

    A horizontal line is a run of dark pixels longer than a character's stroke. A vertical one
    is that too, or a shorter run that runs into a horizontal line at both ends: the side of a
    cell one text line high (a character's stroke stands clear of the cell's borders)."""
    import cv2
    import numpy as np

    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    length = max(int(_RULE_PT * px_per_pt), 10)
    short = max(int(_SIDE_PT * px_per_pt), 4)
    # runs longer than a stroke; a run broken by a speck of noise comes out in pieces, which the
    # table finder joins again
    level = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    upright = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, short)))
    # a cell's side runs into the lines above and below it: its ends lie on their pixels (a
    # stroke ends short of them, if by a pixel)
    near_level = cv2.dilate(level, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    edges: list[dict] = []
    count, _, stats, _ = cv2.connectedComponentsWithStats(level, connectivity=8)
    for x, y, w, h, _area in stats[1:count]:
        if w >= length and h <= w / 8:
            mid = (y + h / 2) / px_per_pt
            edges.append(_edge("h", x / px_per_pt, (x + w) / px_per_pt, mid, mid))
    kept = np.zeros_like(upright)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(upright, connectivity=8)
    for k, (x, y, w, h, _area) in enumerate(stats[1:count], start=1):
        if w > h / 4:
            continue
        centre = x + w // 2
        ends = near_level[max(y, 0), centre] and near_level[min(y + h - 1, grey.shape[0] - 1), centre]
        if h >= length or ends:
            mid = (x + w / 2) / px_per_pt
            edges.append(_edge("v", mid, mid, y / px_per_pt, (y + h) / px_per_pt))
            kept[labels == k] = 255
    mask = cv2.dilate(level | kept, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    return edges, mask


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    return {
        "object_type": "line",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _chars(found: list, px_per_pt: float) -> list[dict]:
    """Characters of OCR's text lines, each with its box (in points) and confidence: across, where
    the model places it (a piece it gives as one, a Latin word or a number, spread over its box,
    a Latin character taking half the width of a Chinese one); up and down, its line's box, as
    the glyphs of a text layer's line share their font's height."""
    chars: list[dict] = []
    for line in found:
        first = len(chars)
        quad_of_line, text, score, boxes, pieces, scores = (list(line) + [None] * 6)[:6]
        if not boxes or not pieces:  # no piece boxes: the line's box spread over its text
            boxes, pieces, scores = [quad_of_line], [text], [score]
        ys = [p[1] for p in quad_of_line]
        top, bottom = min(ys) / px_per_pt, max(ys) / px_per_pt
        for quad, piece, piece_score in zip(boxes, pieces, scores or [score] * len(pieces)):
            xs = [p[0] for p in quad]
            x0, x1 = min(xs) / px_per_pt, max(xs) / px_per_pt
            piece = piece.strip()
            widths = [0.5 if c.isascii() else 1.0 for c in piece]
            step = (x1 - x0) / (sum(widths) or 1)
            x = x0
            for char, w in zip(piece, widths):
                chars.append(
                    {
                        "text": char,
                        "x0": x,
                        "x1": x + w * step,
                        "top": top,
                        "bottom": bottom,
                        "doctop": top,
                        "size": (bottom - top) * 0.85,
                        "upright": True,
                        # brackets and quotes: their form is set by their pair (match_brackets), and
                        # the model is unsure of it; the line's score stands for them
                        "confidence": round(float(max(piece_score, score) if char in _STOPS else piece_score), 4),
                    }
                )
                x += w * step
        _close_gaps(chars[first:])
    return chars


def _close_gaps(line: list[dict]) -> None:
    """The characters of one OCR line set edge to edge where they stand closer than half their
    size, as a text layer's glyphs are (their boxes are the advance widths): the model's boxes
    are the inked parts, and a gap between them would read as a space between words."""
    line.sort(key=lambda c: c["x0"])
    for left, right in zip(line, line[1:]):
        if 0 < right["x0"] - left["x1"] < 0.5 * left["size"]:
            middle = (left["x1"] + right["x0"]) / 2
            left["x1"], right["x0"] = middle, middle


_STOPS = set("()（）“”\"'‘’[]【】")  # their form is set by their pair (match_brackets)
_PAIRS = {"(": ")", "（": "）", "“": "”", "[": "]", "【": "】"}
_CLOSERS = {")": "(（", "）": "(（", "”": "“", '"': "“", "]": "[【", "】": "[【"}


def match_brackets(text: str) -> str:
    """A cell's text as OCR read it, each closing bracket or quote in the form of the one it
    closes: （目标3) is （目标3）, “三保" is “三保” (the half- and full-width forms differ by
    little more than their spacing, which the model cannot see; a writer closes what they
    opened). A cell's text, not a line's: the pair may stand on two wrapped lines."""
    opened: list[str] = []
    out = []
    for char in text:
        if char in _PAIRS:
            opened.append(char)
        elif char in _CLOSERS and opened and opened[-1] in _CLOSERS[char]:
            char = _PAIRS[opened.pop()]
        out.append(char)
    return "".join(out)


def despeckled(grey):  # type: ignore[no-untyped-def]
    """The image without specks: dark dots of a pixel or two on the white (dust, which OCR reads
    as stops) and light ones inside strokes (which break a character), smaller than any dot of
    print at the resolutions scans are made at."""
    import cv2

    _, dark = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    out = grey.copy()
    for image, fill in ((dark, 255), (255 - dark, 0)):
        count, labels, stats, _ = cv2.connectedComponentsWithStats(image, connectivity=8)
        speck = stats[:, cv2.CC_STAT_AREA] <= _SPECK_PIXELS
        speck[0] = False  # the ground
        if speck.any():
            out[speck[labels]] = fill
    return out


def upright(grey):  # type: ignore[no-untyped-def]
    """The image turned a quarter when its text lines run up or down the page (a landscape table
    scanned on a portrait sheet), whichever way its longest lines read best; else as it is. The
    lines are found at half size, without recognition (a fraction of a page's time)."""
    import cv2

    small = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    boxes, _ = _engine()(small, use_det=True, use_cls=False, use_rec=False)
    spans = [
        (min(p[0] for p in b), min(p[1] for p in b), max(p[0] for p in b), max(p[1] for p in b)) for b in boxes or []
    ]
    tall = [(x0, y0, x1, y1) for x0, y0, x1, y1 in spans if y1 - y0 > 1.5 * (x1 - x0)]
    if not spans or len(tall) < 0.6 * len(spans):
        return grey
    longest = sorted(tall, key=lambda b: b[1] - b[3])[:8]
    crops = [small[int(y0) : int(y1), int(x0) : int(x1)] for x0, y0, x1, y1 in longest]

    def reads(turn: int) -> float:
        scores = []
        for crop in crops:
            read, _ = _engine()(cv2.rotate(crop, turn), use_det=False, use_cls=False, use_rec=True)
            scores.append(float(read[0][1]) if read else 0.0)
        return sum(scores) / len(scores)

    return cv2.rotate(grey, max((cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE), key=reads))


def read_image(grey, px_per_pt: float, where: str) -> OcrPage:  # type: ignore[no-untyped-def]
    """A greyscale image (a numpy array) as a page: turned upright, straightened, its ruling
    lines found and wiped out, its text recognised."""
    grey, _ = straightened(upright(despeckled(grey)))
    edges, mask = rulings(grey, px_per_pt)
    clean = grey.copy()
    clean[mask > 0] = 255
    height, width = grey.shape
    try:
        with _time_limit(limits.MAX_OCR_PAGE_SECONDS):
            found, _ = _engine()(clean, use_cls=False, return_word_box=True)
    except OcrOvertime:
        raise OcrOvertime(
            f"{where} not read: OCR took more than {limits.MAX_OCR_PAGE_SECONDS:g} s (JIXIAO_MAX_OCR_PAGE_SECONDS)"
        ) from None
    return OcrPage(_chars(found or [], px_per_pt), edges, width / px_per_pt, height / px_per_pt)


def read_pdf_page(data: bytes, index: int, where: str) -> OcrPage:
    """Page ``index`` (0-based) of a PDF rendered at ``DPI`` and read."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[index]
        grey = page.render(scale=DPI / 72, grayscale=True).to_numpy()
        page.close()
    finally:
        pdf.close()
    if grey.ndim == 3:
        grey = grey[:, :, 0]
    return read_image(grey.copy(), DPI / 72, where)


def image_pages(data: bytes) -> Iterator[tuple[object, float]]:
    """The frames of an image file as greyscale arrays, each with its pixels per point: from the
    resolution the file states, else 150 dpi (a common scan's)."""
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:
        raise Unreadable("unreadable image file: not an image Pillow can open") from exc
    stated = image.info.get("dpi") or (0, 0)
    dpi = float(stated[0]) if 72 <= float(stated[0] or 0) <= 1200 else 150.0
    for frame in ImageSequence.Iterator(image):
        if frame.width * frame.height > limits.MAX_OCR_IMAGE_PIXELS:
            raise Unreadable(
                f"image of {frame.width:,} x {frame.height:,} pixels, over the {limits.MAX_OCR_IMAGE_PIXELS:,}-pixel "
                "limit (JIXIAO_MAX_OCR_IMAGE_MEGAPIXELS)"
            )
        yield np.array(frame.convert("L")), dpi / 72


def image_rows(data: bytes) -> tuple[list[str], list]:
    """Rows of an image file (a picture of a table; a TIFF's frames as pages), read by OCR and
    then as the pages of a PDF are."""
    from . import pdf

    per_page, heights = [], []
    for n, (grey, px_per_pt) in enumerate(image_pages(data), start=1):
        per_page.append(pdf.scanned_items(n, n, partial(read_image, grey, px_per_pt)))
        heights.append(grey.shape[0] / px_per_pt)
    if not any(item.error is None for items in per_page for item in items):
        errors = [item.error for items in per_page for item in items if item.error]
        raise Unreadable("OCR read no text in the image" + (f" ({errors[0]})" if errors else ""))
    return pdf.rows_of_pages(per_page, heights)
