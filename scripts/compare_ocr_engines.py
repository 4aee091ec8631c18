"""The measurement behind the choice of OCR engine (docs/ocr.md): the bundled samples, scanned at
150 dpi, read through the same pipeline (despeckle, straighten, ruling lines, table reader) with
rapidocr-onnxruntime (PP-OCRv4, the engine jixiao uses) and with Tesseract 5 (Debian's
tesseract-ocr + tesseract-ocr-chi-sim, `apt-get install`), exact golden rows and CPU seconds.

    .venv/bin/python scripts/compare_ocr_engines.py
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import ocr, parse_bytes  # noqa: E402
from jixiao.ocr_bench import JUDGED, _golden, _squashed  # noqa: E402
from jixiao.scans import scanned  # noqa: E402


def tesseract(image, **_: object):  # type: ignore[no-untyped-def]
    """Tesseract's words, grouped into its lines, in the shape rapidocr gives its results."""
    from PIL import Image

    png = io.BytesIO()
    Image.fromarray(image).save(png, "PNG")
    out = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "11", "tsv"],
        input=png.getvalue(),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    lines: dict[tuple[str, ...], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["level"] == "5" and row["text"].strip() and float(row["conf"]) >= 0:
            lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    found = []
    for words in lines.values():
        quads, texts, scores = [], [], []
        for w in words:
            x, y, wd, ht = (int(w[k]) for k in ("left", "top", "width", "height"))
            quads.append([[x, y], [x + wd, y], [x + wd, y + ht], [x, y + ht]])
            texts.append(w["text"])
            scores.append(float(w["conf"]) / 100)
        xs = [p[0] for q in quads for p in q]
        ys = [p[1] for q in quads for p in q]
        box = [[min(xs), min(ys)], [max(xs), min(ys)], [max(xs), max(ys)], [min(xs), max(ys)]]
        found.append([box, "".join(texts), sum(scores) / len(scores), quads, texts, scores])
    return found, None


def main() -> None:
    golden = _golden(ROOT / "tests" / "golden")
    for engine in ("rapidocr", "tesseract"):
        if engine == "tesseract":
            ocr._engine = lambda: tesseract  # type: ignore[assignment]
        exact = total = 0
        cpu = 0.0
        for name, rows in sorted(golden.items()):
            data = scanned((ROOT / "tests" / "fixtures" / "formats" / f"{Path(name).stem}.pdf").read_bytes(), 150)
            started = time.process_time(), time.perf_counter()
            _, doc = parse_bytes(data)
            cpu += max(time.process_time() - started[0], time.perf_counter() - started[1])
            read = [tuple(_squashed(getattr(r, f)) for f in JUDGED) for r in doc.indicators]
            hits = sum(1 for row in rows if row in read)
            exact, total = exact + hits, total + len(rows)
            print(f"{engine:10} {name}: {hits}/{len(rows)}", flush=True)
        print(f"{engine:10} all: {exact}/{total} = {exact / total:.1%} exact rows, {cpu:.0f} s", flush=True)


if __name__ == "__main__":
    main()
