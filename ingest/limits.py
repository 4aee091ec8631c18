"""Limits that keep hostile or broken files from exhausting the machine.

Each can be set by an environment variable (read when jixiao starts); a file past a limit is
rejected with the limit named, and the batch goes on.
"""

from __future__ import annotations

import os


def _mb(name: str, default: int) -> int:
    return int(float(os.environ.get(name, default)) * 1024 * 1024)


MAX_FILE_BYTES = _mb("JIXIAO_MAX_FILE_MB", 64)  # a larger file is not a performance document
MAX_UNZIPPED_BYTES = _mb("JIXIAO_MAX_UNZIPPED_MB", 256)  # what a .docx/.xlsx may expand to
MAX_ZIP_RATIO = int(os.environ.get("JIXIAO_MAX_ZIP_RATIO", 200))  # expansion of one member, beyond 1 MB
MAX_PDF_PAGES = int(os.environ.get("JIXIAO_MAX_PDF_PAGES", 1000))
# a page with more characters than this is not read (a page of tables holds a few thousand):
# the work per page stays bounded, and the page is a parse issue
MAX_PDF_PAGE_CHARS = int(os.environ.get("JIXIAO_MAX_PDF_PAGE_CHARS", 60000))
