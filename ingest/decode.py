"""Bytes -> text: encoding detection and line-ending normalisation (pure, no IO)."""

from __future__ import annotations

import re
from dataclasses import dataclass


class UndecodableError(ValueError):
    """The bytes are not a text document this project can read."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode(data: bytes) -> DecodedText:
    """Decode a text document: BOM first, then strict UTF-8, then GB18030 (a superset of GBK/GB2312).

    Line endings are normalised to LF so that line numbers are the same whatever the source used.
    Raises ``UndecodableError`` with a reason for empty, binary or undecodable input.
    """
    if not data.strip():
        raise UndecodableError("empty file")
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            text = data[len(bom) :].decode(name.replace("-sig", ""), errors="strict")
            break
    else:
        if b"\x00" in data[:8192]:
            raise UndecodableError("binary file (NUL bytes): not a text document")
        for name in ("utf-8", "gb18030"):
            try:
                text = data.decode(name, errors="strict")
            except UnicodeDecodeError:
                continue
            encoding = name
            break
        else:
            raise UndecodableError("not decodable as UTF-8 or GB18030 text")
    if _control_ratio(text) > 0.05:
        raise UndecodableError("binary content (control characters): not a text document")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text=text, encoding=encoding)


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, but for TAB, LF, VT, FF and CR
