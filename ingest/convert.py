"""Legacy Word documents (.doc) converted to .docx by LibreOffice (an IO edge: a subprocess).

LibreOffice runs headless with a throw-away profile, so conversions neither share state nor
collide with a LibreOffice the user has open; a conversion that hangs is stopped with every
process it started, and its folder is removed on every way out.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class ConversionError(RuntimeError):
    pass


def libreoffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _unbounded() -> None:
    """LibreOffice does not inherit a parser process's bounds: its address-space limit (it maps
    far more than it uses) and its ignored Ctrl-C; its own time limit bounds it."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def doc_to_docx(data: bytes, program: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-", ignore_cleanup_errors=True) as work:
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
        # a session of its own: LibreOffice starts helpers, all stopped with it on a time-out,
        # before its folder is removed
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, preexec_fn=_unbounded
        ) as process:
            try:
                stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
            except BaseException as exc:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                if isinstance(exc, subprocess.TimeoutExpired):
                    raise ConversionError(f"LibreOffice did not finish within {TIMEOUT_SECONDS} s") from exc
                raise
        result = folder / "out" / "document.docx"
        if not result.exists():
            message = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            raise ConversionError(f"LibreOffice could not convert it ({message[-1] if message else 'no output'})")
        return result.read_bytes()
