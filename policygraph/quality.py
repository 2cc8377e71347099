"""What needs a look: the quality figures of one extraction, and of many files.

One module computes them for ``policygraph check FILE…`` (extract only, no store), for the
load report (``policygraph load``, ``--json``) and for the API's ``POST /api/load``:

- **items**: items (measures) found;
- **no_department**: items with a text but no responsible department read (items listed
  only by count - 军民深度融合, a range such as 13-18 - have none by nature and are not counted);
- **roles_presumed**: items whose lead was presumed from the printed order (no rule in the text);
- **not_canonical**: departments whose canonical name fell back to the printed name
  (method in :data:`FALLBACK_METHODS`): the short form could not be expanded;
- **date**: the document's date (``2019 (year)`` when only the year is known) and
  **date_missing** when no day is known: lags need it (give a sidecar ``date:``);
- **duplicate_of**: another file of the same document (policygraph.duplicates);
- **warnings**: everything the extraction warned about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from base.errors import BadInputError, PolicyGraphError
from policygraph import duplicates

if TYPE_CHECKING:
    from loaders.records import Extraction

# Canonicalisation methods that mean "kept as printed, not resolved" (loaders.departments).
FALLBACK_METHODS = frozenset({"as-printed"})


@dataclass
class Quality:
    file: str
    document_id: str | None = None
    items: int = 0
    no_department: int = 0
    roles_presumed: int = 0
    not_canonical: int = 0
    not_canonical_names: list[str] = field(default_factory=list)
    date: str | None = None  # '2020-01-23', '2019 (year)' or None
    date_method: str | None = None
    date_missing: bool = False
    issuer: str | None = None
    duplicate_of: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None  # the file could not be read

    @property
    def needs_look(self) -> bool:
        return bool(self.error or self.no_department or self.roles_presumed or self.not_canonical
                    or self.date_missing or self.duplicate_of or self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "needs_look": self.needs_look}


def of_extraction(ex: Extraction, *, file: str | None = None, duplicate_of: str | None = None,
                  extra_warnings: Sequence[str] = ()) -> Quality:
    doc = ex.document
    led = {lead.measure_id for lead in ex.leads}
    presumed = {lead.measure_id for lead in ex.leads if lead.rule == "presumed-first-listed"}
    fallback = [d for d in ex.departments if d.canonical.method in FALLBACK_METHODS]
    if doc.date:
        date: str | None = doc.date
    elif doc.year is not None:
        date = f"{doc.year} (year)"
    else:
        date = None
    return Quality(
        file=file or doc.source_file,
        document_id=doc.id,
        items=len(ex.measures),
        no_department=sum(1 for m in ex.measures if m.id not in led and not m.untitled),
        roles_presumed=len(presumed),
        not_canonical=len(fallback),
        not_canonical_names=[p for d in fallback for p in d.printed_names] or [d.name for d in fallback],
        date=date,
        date_method=doc.provenance["date"].method if "date" in doc.provenance else None,
        date_missing=doc.date is None,
        issuer=doc.issuer,
        duplicate_of=duplicate_of,
        warnings=[*ex.warnings, *extra_warnings],
    )


def failed(file: str, error: dict[str, Any]) -> Quality:
    return Quality(file=file, error=error)


def totals(rows: Iterable[Quality]) -> dict[str, int]:
    rows = list(rows)
    ok = [r for r in rows if r.error is None]
    return {
        "files": len(rows),
        "readable": len(ok),
        "failed": len(rows) - len(ok),
        "items": sum(r.items for r in ok),
        "no_department": sum(r.no_department for r in ok),
        "roles_presumed": sum(r.roles_presumed for r in ok),
        "not_canonical": sum(r.not_canonical for r in ok),
        "date_missing": sum(1 for r in ok if r.date_missing),
        "duplicates": sum(1 for r in ok if r.duplicate_of),
        "warnings": sum(len(r.warnings) for r in ok),
        "needs_look": sum(1 for r in rows if r.needs_look),
    }


@dataclass
class CheckReport:
    files: list[Quality] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        return totals(self.files)

    @property
    def exit_code(self) -> int:
        """0 when every file was readable, 2 (bad input) when any was not."""
        return BadInputError.exit_code if any(f.error for f in self.files) else 0

    def to_dict(self) -> dict[str, Any]:
        return {"totals": self.totals, "files": [f.to_dict() for f in self.files]}


def check(paths: Iterable[str | Path], extract: Callable[[Path], Extraction] | None = None) -> CheckReport:
    """Extract every file (nothing is written) and compute its figures; duplicates are
    found among the files given. A bad file is reported and the others are checked."""
    from policygraph.core import PolicyGraph, expand_inputs, source_key

    extract = extract or PolicyGraph.extract
    report = CheckReport()
    seen: list[Extraction] = []
    for path in expand_inputs(paths):
        try:
            ex = extract(path)
        except PolicyGraphError as e:
            report.files.append(failed(str(path), {**e.to_dict(), "exit_code": e.exit_code}))
            continue
        except Exception as e:  # a loader bug must not stop the other files
            err = BadInputError(f"{path}: could not be read ({type(e).__name__}: {e}).",
                                hint="Report this with the file; the other files were checked.")
            report.files.append(failed(str(path), {**err.to_dict(), "exit_code": err.exit_code}))
            continue
        ex.document.source_key = source_key(Path(path))
        dup = duplicates.find_among(ex, seen)
        report.files.append(of_extraction(ex, file=str(path), duplicate_of=dup.of if dup else None,
                                          extra_warnings=[dup.message()] if dup else ()))
        if dup is None:
            seen.append(ex)
    return report
