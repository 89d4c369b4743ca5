"""Writing an output file in one step: its readers (Gradescope, a spreadsheet, a browser) see the old file or
the new one, never half of one, and a failed write leaves no temporary file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step (whoever wrote the file before), creating its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        os.fchmod(handle, new_file_mode())  # mkstemp's 0600 would make it unlike every other file written here
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file here: 0644 under the usual umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
