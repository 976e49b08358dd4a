"""Writing a file whole or not at all: beside the target under a unique name, then renamed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from careergraph.errors import UsageError


def write_atomically(path: str | Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8 with ``\\n`` line ends, or bytes) to ``path``.

    A reader sees the old file or the whole new one, never half of it: the content goes
    to a temporary file in the same folder (unique, so concurrent writers do not collide)
    that is then renamed over the target. The file is readable by everyone (0644), like
    a page or an export a person will open or share.

    Raises
    ------
    UsageError naming the path when the folder is missing or the file cannot be written;
    no temporary file is left behind.
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {str(path)[:200]}: the folder {str(folder)[:200]} does not exist")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:100]}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"cannot write {str(path)[:200]}: {exc.strerror or exc}") from None
    try:
        if isinstance(content, bytes):
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"cannot write {str(path)[:200]}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
