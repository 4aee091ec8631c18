"""Legacy Word documents (.doc) converted to .docx by LibreOffice (an IO edge: a subprocess).

LibreOffice runs headless with a throw-away profile, so conversions neither share state nor
collide with a LibreOffice the user has open; a conversion that hangs is stopped.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class ConversionError(RuntimeError):
    pass


def libreoffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_to_docx(data: bytes, program: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as work:
        folder = Path(work)
        source = folder / "document.doc"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"LibreOffice did not finish within {TIMEOUT_SECONDS} s") from exc
        result = folder / "out" / "document.docx"
        if not result.exists():
            message = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise ConversionError(f"LibreOffice could not convert it ({message[-1] if message else 'no output'})")
        return result.read_bytes()
