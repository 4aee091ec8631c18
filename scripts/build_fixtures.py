"""Build the sample documents as the files agencies publish: .docx, .xlsx, .html, .pdf, .doc, .xls.

Usage: python scripts/build_fixtures.py [OUT_DIR]   (default tests/fixtures/formats)

Each sample's tables are rebuilt from its text as Word lays them out: the rows as the text gives
them, a cell that the text shows empty under a label merged down from that label (vertical merge),
a row with fewer cells than its table merged across to the right edge (horizontal merge), the text
between tables as paragraphs (lines of the text that no row covers, such as a PDF's repeated page
headings, included). From that one description the script writes

* ``.docx`` (python-docx; ruled tables, columns as wide as their text asks, landscape pages for
  wide tables),
* ``.xlsx`` (openpyxl; a new sheet after each table that text follows; numbers stored as numbers
  with the number format that shows them as written; ``=100%`` stored as text),
* ``.html`` (rowspan/colspan; GBK-encoded where every character has a GBK code),
* ``.pdf`` from the ``.docx`` and ``.doc``/``.xls`` from the ``.docx``/``.xlsx`` through LibreOffice
  (headless), installed from Debian's packages when missing; one password-protected PDF;
* PDFs of two documents written for the tests (``OWN_PDFS``), one without ruling lines, whose
  tables must be read from the page's text.

The generated files are committed, so the tests never build them. Re-running rewrites them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import layouts  # noqa: E402
from ingest.decode import decode  # noqa: E402
from jixiao.documents import Part, table, write_docx, write_html, write_xlsx  # noqa: E402

SAMPLES = ROOT / "data" / "samples"
OUT = ROOT / "tests" / "fixtures" / "formats"
LEGACY = {"004"}  # also written as .doc and .xls
ENCRYPTED = "004"  # also exported as a PDF that needs a password
# documents written for the tests (other content than the samples), built as PDFs into own/:
# (text fixture, with ruling lines?); one without, whose PDF must be read from its text lines
OWN_PDFS = (("dept_targets_word.txt", True), ("project_targets_pdf.txt", False))


def blocks(text: str) -> list[Part]:
    """The sample as paragraphs (str) and tables."""
    lines = text.split("\n")
    layout = layouts.detect(lines)
    assert layout is not None, "a sample must have a known layout"
    out: list[Part] = []
    group: list[tuple[str, ...]] = []
    rows = layout.to_rows(lines)
    covered = {n for row in rows for n in range(row.line_start, row.line_end + 1)}
    # lines no row covers (a PDF's repeated page headings) stay in the document as paragraphs
    loose = [
        (n, -1, "text", (line.strip(),)) for n, line in enumerate(lines, start=1) if line.strip() and n not in covered
    ]
    items = sorted([(row.line_start, i, row.kind, row.cells) for i, row in enumerate(rows)] + loose)
    for _, _, kind, cells in items:
        if kind == "text":
            if group:
                out.append(table(group))
                group = []
            out.append(cells[0])
        else:
            group.append(cells)
    if group:
        out.append(table(group))
    return out


# -- LibreOffice --------------------------------------------------------------------------------------
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    print("installing LibreOffice from Debian's packages ...", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-q"], check=True)
    packages = ["libreoffice-writer-nogui", "libreoffice-calc-nogui", "fonts-wqy-microhei"]
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages], check=True)
    return shutil.which("soffice") or "soffice"


def convert(source: Path, to: str, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(out_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return out_dir / f"{source.stem}.{to.split(':')[0]}"


ENCRYPT = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"jixiao"}}'
)


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    own = out / "own"
    own.mkdir(exist_ok=True)
    for name, borders in OWN_PDFS:
        source = ROOT / "tests" / "fixtures" / name
        docx = own / f"{source.stem}.docx"
        docx.write_bytes(write_docx(blocks(decode(source.read_bytes()).text), borders=borders))
        convert(docx, "pdf", own)
        docx.unlink()
        print(f"built own/{source.stem}.pdf" + ("" if borders else " (no ruling lines)"))
    encrypted = out / "encrypted"
    encrypted.mkdir(exist_ok=True)
    for sample in sorted(SAMPLES.glob("*.txt")):
        key = sample.name[:3]
        parts = blocks(decode(sample.read_bytes()).text)
        stem = out / sample.stem
        stem.with_suffix(".docx").write_bytes(write_docx(parts, borders=True))
        stem.with_suffix(".xlsx").write_bytes(write_xlsx(parts))
        stem.with_suffix(".html").write_bytes(write_html(parts, sample.stem))
        convert(stem.with_suffix(".docx"), "pdf", out)
        if key in LEGACY:
            convert(stem.with_suffix(".docx"), "doc:MS Word 97", out)
            convert(stem.with_suffix(".xlsx"), "xls:MS Excel 97", out)
        if key == ENCRYPTED:
            convert(stem.with_suffix(".docx"), ENCRYPT, encrypted)
        print(f"built {sample.stem}: docx xlsx html pdf" + (" doc xls" if key in LEGACY else ""))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
