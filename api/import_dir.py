"""Loading by server path, confined to the folder the operator names.

``POST /api/load {"path": "/"}`` once walked the whole machine (10,107 documents from
elsewhere) and ``{"path": "/etc/passwd"}`` told whether a file existed, its type and
size. Now:

- path loads are off unless POLICYGRAPH_IMPORT_DIR names a folder (403 with a hint);
- a relative path is taken inside that folder; symlinks and ``..`` are resolved
  (``os.path.realpath``) and anything that does not end up inside is refused with ONE
  message whether it exists or not, so no answer says anything about files outside;
- a folder is walked without following symlinked folders, and every file found is
  resolved again and kept only if it is inside (a symlink in the folder that points out
  is skipped, never read);
- only :data:`LOADABLE_SUFFIXES` files are taken from folders, at most :data:`MAX_FILES`.
"""

from __future__ import annotations

import os
from pathlib import Path

from api.limits import check_text
from base.errors import BadInputError, NotFoundError, PolicyGraphError

LOADABLE_SUFFIXES = (".txt",)  # what `policygraph load <folder>` takes from folders too
MAX_FILES = 50_000


class PathLoadDisabledError(PolicyGraphError):
    http_status = 403
    code = "path_load_disabled"


class OutsideImportDirError(PolicyGraphError):
    http_status = 403
    code = "outside_import_dir"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def resolve(import_dir: Path | None, raw: str) -> Path:
    """The real path of ``raw`` inside ``import_dir``, or a refusal that is the same
    whether or not something exists at ``raw``."""
    if import_dir is None:
        raise PathLoadDisabledError(
            "Loading by server path is off (未配置导入目录).",
            hint="Upload the file as multipart/form-data, or start the server with "
                 "POLICYGRAPH_IMPORT_DIR=<folder> to allow loading files from that folder.")
    check_text(raw, "path")
    root = Path(os.path.realpath(import_dir))
    given = Path(raw).expanduser() if raw.startswith("~") else Path(raw)
    real = Path(os.path.realpath(given if given.is_absolute() else root / given))
    if not _inside(real, root):
        raise OutsideImportDirError(
            "Only files inside the server's import folder can be loaded by path.",
            hint="Give a path relative to POLICYGRAPH_IMPORT_DIR (e.g. \"plans/\"), or upload the file.")
    if not real.exists():
        raise NotFoundError(f"{raw}: no such file or folder in the import folder.",
                            hint="Paths are relative to POLICYGRAPH_IMPORT_DIR; GET /api/health tells a token "
                                 "holder where it is.")
    return real


def files_under(real: Path, import_dir: Path) -> list[Path]:
    """The loadable files at ``real`` (a file, or a folder walked without leaving it)."""
    root = Path(os.path.realpath(import_dir))
    if real.is_file():
        return [real]
    out: list[Path] = []
    for folder, dirs, names in os.walk(real, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            if not name.lower().endswith(LOADABLE_SUFFIXES):
                continue
            f = Path(os.path.realpath(Path(folder) / name))
            if _inside(f, root) and f.is_file():
                out.append(f)
                if len(out) > MAX_FILES:
                    raise BadInputError(f"The folder holds more than {MAX_FILES:,} loadable files.",
                                        hint="Load it in parts (sub-folders).")
    return list(dict.fromkeys(out))
