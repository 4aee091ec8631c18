"""Limits that keep hostile or broken files from exhausting the machine.

Each can be set by an environment variable (read when jixiao starts); a file past a limit is
rejected with the limit named (a piece past a limit, such as one table or one page, loses that
piece), and the batch goes on. Parser processes get the values of the process that starts them.
"""

from __future__ import annotations

import os


def _mb(name: str, default: float) -> int:
    return int(float(os.environ.get(name, default)) * 1024 * 1024)


MAX_FILE_BYTES = _mb("JIXIAO_MAX_FILE_MB", 64)  # a larger file is not a performance document
MAX_UNZIPPED_BYTES = _mb("JIXIAO_MAX_UNZIPPED_MB", 256)  # what a .docx/.xlsx may expand to
MAX_ZIP_RATIO = int(os.environ.get("JIXIAO_MAX_ZIP_RATIO", 200))  # expansion of one member, beyond 1 MB
MAX_PDF_PAGES = int(os.environ.get("JIXIAO_MAX_PDF_PAGES", 1000))
# a page with more characters than this is not read (a page of tables holds a few thousand):
# the work per page stays bounded, and the page is a parse issue
MAX_PDF_PAGE_CHARS = int(os.environ.get("JIXIAO_MAX_PDF_PAGE_CHARS", 60000))
# what one page's drawing instructions may inflate to (a page of tables needs well under 1 MB)
MAX_PDF_PAGE_BYTES = _mb("JIXIAO_MAX_PDF_PAGE_MB", 16)
# pages of one file read by OCR (a scan needs seconds per page), the CPU seconds one page may
# take, and the pixels of one image file's frame
MAX_OCR_PAGES = int(os.environ.get("JIXIAO_MAX_OCR_PAGES", 60))
MAX_OCR_PAGE_SECONDS = float(os.environ.get("JIXIAO_MAX_OCR_PAGE_SECONDS", 60))
MAX_OCR_IMAGE_PIXELS = int(float(os.environ.get("JIXIAO_MAX_OCR_IMAGE_MEGAPIXELS", 60)) * 1_000_000)
# cells of one table or sheet as a grid (rows x columns; a budget book's largest holds ~10,000)
MAX_GRID_CELLS = int(os.environ.get("JIXIAO_MAX_GRID_CELLS", 1_000_000))
# text kept per document in raw.document_texts (the records read are kept whole)
MAX_TEXT_CHARS = int(float(os.environ.get("JIXIAO_MAX_TEXT_MB", 16)) * 1024 * 1024)
# one parser process: its address space and the time one file may take
MAX_PARSE_BYTES = _mb("JIXIAO_MAX_PARSE_MB", 3072)
MAX_PARSE_SECONDS = float(os.environ.get("JIXIAO_MAX_PARSE_SECONDS", 300))


class TooLarge(ValueError):
    """A file or a piece of one past a limit; the message names the limit."""


def check_grid(what: str, rows: int, columns: int) -> None:
    """Refuse a table or sheet whose grid would hold more than MAX_GRID_CELLS cells."""
    if rows * columns > MAX_GRID_CELLS:
        raise TooLarge(
            f"{what} spans {rows:,} rows x {columns:,} columns, over the {MAX_GRID_CELLS:,}-cell limit "
            "(JIXIAO_MAX_GRID_CELLS)"
        )


def snapshot() -> dict[str, float]:
    """The limits in force, for a parser process to take over."""
    return {name: value for name, value in globals().items() if name.startswith("MAX_")}


def adopt(values: dict[str, float]) -> None:
    globals().update(values)
