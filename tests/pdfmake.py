"""A minimal PDF writer for tests: pages of ruled tables and text in a Chinese font.

The font is Adobe's STSong-Light (a standard CJK font: named, not embedded; every PDF reader
maps its UCS-2 codes back to text), so a test can draw exactly the geometry it wants (boxes of
any size, overlapping, rotated pages) without LibreOffice or a font file.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

PAGE = (595.0, 842.0)  # A4 portrait, in points


def _text(x: float, y: float, s: str, size: float = 10.0) -> str:
    return f"BT /F1 {size:g} Tf {x:g} {y:g} Td <{s.encode('utf-16-be').hex()}> Tj ET\n"


@dataclass
class Page:
    """One page's drawing operators; ``rotate`` is the page's /Rotate."""

    rotate: int = 0
    ops: list[str] = field(default_factory=list)
    picture: tuple[int, int, bytes] | None = None  # a greyscale image drawn over the page's width

    def scan(self, image) -> Page:  # type: ignore[no-untyped-def]
        """A greyscale PIL image drawn over the page's width from its top, as a scanner's PDF
        draws its page (the operators before any others)."""
        width = PAGE[0]
        height = width * image.height / image.width
        self.picture = (image.width, image.height, image.convert("L").tobytes())
        self.ops.insert(0, f"q {width:g} 0 0 {height:g} 0 {PAGE[1] - height:g} cm /Im1 Do Q\n")
        return self

    def text(self, x: float, y: float, s: str, size: float = 10.0) -> Page:
        self.ops.append(_text(x, y, s, size))
        return self

    def box(self, x: float, y: float, w: float, h: float) -> Page:
        """A stroked rectangle; (x, y) is its lower left corner."""
        self.ops.append(f"0.5 w {x:g} {y:g} {w:g} {h:g} re S\n")
        return self

    def table(self, x: float, top: float, widths: list[float], rows: list[list[str]], height: float = 20.0) -> Page:
        """A ruled table: every cell a box with its text; a row with fewer cells than ``widths``
        has its last cell span the rest (a merged cell)."""
        y = top
        for row in rows:
            y -= height
            left = x
            for c, value in enumerate(row):
                w = widths[c] if c < len(row) - 1 else sum(widths[c:])
                self.box(left, y, w, height)
                if value:
                    self.text(left + 3, y + 6, value)
                left += w
        return self

    def turned(self) -> Page:
        """Drawn a quarter turn anticlockwise on a portrait page that /Rotate 90 turns back: a
        landscape page as printers write them (the reader sees it upright)."""
        self.ops.insert(0, f"q 0 1 -1 0 {PAGE[0]:g} 0 cm\n")
        self.ops.append("Q\n")
        self.rotate = 90
        return self


def pdf(pages: list[Page], compress: bool = False) -> bytes:
    """The pages as a PDF file; ``compress``: content streams deflated (/FlateDecode)."""
    objects: list[bytes] = [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [ 4 0 R ] >>",
        b"",  # 2: the page tree, written once the pages are numbered
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 /FontDescriptor 5 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
    ]
    kids = []
    for page in pages:
        content = "".join(page.ops).encode()
        flate = b""
        if compress:
            content, flate = zlib.compress(content, 9), b" /Filter /FlateDecode"
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), flate, content))
        contents = len(objects)
        pictures = b""
        if page.picture:
            w, h, pixels = page.picture
            packed = zlib.compress(pixels, 6)
            objects.append(
                b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
                % (w, h, len(packed), packed)
            )
            pictures = b" /XObject << /Im1 %d 0 R >>" % len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Rotate %d "
            b"/Resources << /Font << /F1 1 0 R >>%s >> /Contents %d 0 R >>" % (*PAGE, page.rotate, pictures, contents)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 3 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
