"""What the read-only Cypher console lets through, and how its row limit is applied.

The console (POST /api/cypher) runs a researcher's own Cypher in a read-only transaction
(GRAPH.RO_QUERY / a READ session). Read-only is not enough, measured on FalkorDB 4.16.3:

- ``LOAD CSV FROM 'https://host/…' + n.id`` is a *read*: the database server opened TLS
  connections to any address, carrying graph data; ``file://`` reads below its
  IMPORT_FOLDER. Refused here, and the server's IMPORT_FOLDER points to an empty folder
  (graph/falkor_server.py).
- The engine's per-query timeout and QUERY_MEM_CAPACITY are checked between operations,
  not inside one expression. ``UNWIND range(1, 300000000)`` built its 300-million element
  list in one function call (7.5 GB, 60+ s, neither limit fired); ``reduce(s='x', i IN
  range(1,31) | s + s)`` doubled a string for 60+ s to 2.6 GB; ``[x IN range(1,1000) |
  range(1,100000)]`` reached 1.6 GB under a 256 MB cap. Those shapes are refused here
  before they run: range() only with integer literal bounds and at most
  :data:`MAX_RANGE_ELEMENTS` elements over all its calls together, no reduce(), no list
  comprehension nested in another.
- Procedures: only the read-only catalogue, index and algorithm procedures listed in
  :data:`ALLOWED_PROCEDURES`; namespaced functions only from :data:`ALLOWED_FUNCTION_NAMESPACES`
  (APOC's ``apoc.load.*`` / ``apoc.import.*`` read files and URLs on Neo4j).

The checks run on the text with string literals and comments blanked out, so a keyword
inside a string never trips them and a comment cannot hide one. A refusal is a
:class:`QueryRefusedError` (HTTP 400, exit code 5) saying which rule and what to do.

:func:`with_row_limit` puts the row limit *inside* the query, so the database stops
after ``limit`` rows instead of building every row and the API slicing them (3 million
rows took the API to 1.5 GB before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from base.errors import QueryError

MAX_RANGE_ELEMENTS = 1_000_000

# Read-only procedures a researcher may CALL (FalkorDB names, then Neo4j 5 names). Writes
# are refused by the database anyway; this list keeps out anything that reads outside the
# graph (apoc.load.*, apoc.import.*, dbms.* on Neo4j) or runs arbitrary code.
ALLOWED_PROCEDURES = frozenset(p.lower() for p in (
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.indexes", "db.constraints",
    "db.meta.stats", "db.idx.fulltext.queryNodes", "db.idx.fulltext.queryRelationships",
    "db.idx.vector.queryNodes", "db.idx.vector.queryRelationships",
    "dbms.procedures", "dbms.functions",
    "algo.BFS", "algo.SPpaths", "algo.SSpaths", "algo.pageRank", "algo.WCC", "algo.betweenness",
    "algo.labelPropagation", "algo.MSF",
    # Neo4j 5
    "db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
    "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships", "db.awaitIndexes",
    "db.info",
))
# Procedures whose whole output is small (catalogue listings): they may stand alone,
# without YIELD … RETURN, because there is no RETURN to put the row limit on.
STANDALONE_PROCEDURES = frozenset(p.lower() for p in (
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.indexes", "db.constraints",
    "db.meta.stats", "dbms.procedures", "dbms.functions", "db.info",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
))
# Namespaces of built-in functions on either engine; anything else with a dot (apoc.*,
# gds.*, user functions) is refused.
ALLOWED_FUNCTION_NAMESPACES = frozenset((
    "list", "string", "vec", "vector", "point", "date", "datetime", "localdatetime", "localtime",
    "time", "duration",
))


class QueryRefusedError(QueryError):
    """A console query refused before it runs (reads outside the graph, or a shape the
    engine's time and memory limits cannot stop)."""

    code = "query_refused"


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    message: str
    hint: str


_HINT_READ = "The console reads the graph only; load files with POST /api/load or `policygraph load`."
RULES: tuple[_Rule, ...] = (
    _Rule(re.compile(r"\bLOAD\s+CSV\b", re.I),
          "LOAD CSV is refused: it makes the database read files or URLs outside the graph.", _HINT_READ),
    _Rule(re.compile(r"\bUSING\s+PERIODIC\s+COMMIT\b|\bIN\s+TRANSACTIONS\b", re.I),
          "Batched transactions are refused in the read-only console.", _HINT_READ),
    _Rule(re.compile(r"\breduce\s*\(", re.I),
          "reduce() is refused in the console: one reduce() can grow a value for minutes "
          "inside a single expression, where the time and memory limits cannot stop it.",
          "Use aggregation instead: sum(), collect(), count() over UNWIND or MATCH rows."),
)

# Strings ('…', "…"), quoted names (`…`) and comments (// …, /* … */), in one pass so a
# quote inside a comment or a comment marker inside a string is read correctly.
_LEXEMES = re.compile(
    r"""'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|`[^`]*`?|//[^\n]*|/\*.*?(?:\*/|\Z)""", re.S)


def blank(text: str) -> str:
    """The query with string literals, quoted names and comments replaced by spaces of
    the same length (quotes kept), so patterns only ever see Cypher syntax."""
    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        if s[0] in "'\"`":
            return s[0] + " " * max(len(s) - 2, 0) + (s[-1] if len(s) > 1 else "")
        return " " * len(s)
    return _LEXEMES.sub(repl, text)


_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*)\s*\(", re.I)
_CALL_SUBQUERY = re.compile(r"\bCALL\s*(?:\([^)]*\)\s*)?\{", re.I)
_NS_FUNCTION = re.compile(r"(?<![\w.$])([A-Za-z_]\w*)\s*\.\s*([A-Za-z_][\w.]*)\s*\(")
_RANGE = re.compile(r"\brange\s*\(", re.I)
_INT = re.compile(r"\s*([+-]?\d+)\s*")
_COMPREHENSION = re.compile(r"\[\s*[A-Za-z_]\w*\s+IN\b", re.I)
_RETURN = re.compile(r"\bRETURN\b", re.I)
_UNION = re.compile(r"\bUNION\b", re.I)
_LIMIT = re.compile(r"\bLIMIT\b", re.I)


def _args(code: str, open_at: int) -> tuple[list[str], int]:
    """The top-level comma-separated arguments of the call whose '(' is at open_at,
    and the index just past its ')'."""
    depth, start, out = 0, open_at + 1, []
    for i in range(open_at, len(code)):
        c = code[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                out.append(code[start:i])
                return out, i + 1
        elif c == "," and depth == 1:
            out.append(code[start:i])
            start = i + 1
    return out, len(code)


def _range_elements(code: str) -> int:
    """Elements of every range() call, multiplied (two ranges may be nested). Each call
    must have integer literal bounds: range($n) or range(1, 10^9) cannot be bounded."""
    total = 1
    for m in _RANGE.finditer(code):
        args, _ = _args(code, m.end() - 1)
        nums = [_INT.fullmatch(a) for a in args]
        if not 2 <= len(args) <= 3 or not all(nums):
            raise QueryRefusedError(
                "range() is allowed in the console only with integer literal bounds, e.g. range(1, 100).",
                hint=f"The console caps ranges at {MAX_RANGE_ELEMENTS:,} elements in all.")
        start, end, *step = (int(n.group(1)) for n in nums if n)
        st = step[0] if step else 1
        if st == 0:
            raise QueryRefusedError("range() with step 0 never ends.", hint="Use a step other than 0.")
        count = max(0, (end - start) // st + 1)
        total *= max(count, 1)
        if total > MAX_RANGE_ELEMENTS:
            raise QueryRefusedError(
                f"range() would build more than {MAX_RANGE_ELEMENTS:,} elements; the console refuses it "
                "(one range() call allocates its whole list at once, beyond the engine's time and memory limits).",
                hint="Query the graph's own nodes instead, or use a smaller range.")
    return total


def _nested_comprehension(code: str) -> bool:
    """A list comprehension inside another's brackets: sizes multiply inside one expression."""
    for m in _COMPREHENSION.finditer(code):
        depth = 0
        for i in range(m.start(), len(code)):
            c = code[i]
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    if _COMPREHENSION.search(code, m.start() + 1, i):
                        return True
                    break
    return False


def check(text: str) -> None:
    """Refuse what the console must not run; return quietly otherwise."""
    code = blank(text)
    for rule in RULES:
        if rule.pattern.search(code):
            raise QueryRefusedError(rule.message, hint=rule.hint)
    for m in _CALL.finditer(code):
        name = re.sub(r"\s+", "", m.group(1))
        if name.lower() not in ALLOWED_PROCEDURES:
            raise QueryRefusedError(
                f"CALL {name}() is not allowed in the console.",
                hint="Allowed procedures: " + ", ".join(sorted(ALLOWED_PROCEDURES)) + ".")
    for m in _NS_FUNCTION.finditer(code):
        ns = m.group(1).lower()
        before = code[:m.start()].rstrip()
        if re.search(r"\bCALL$", before, re.I):
            continue  # a procedure, checked above
        if ns not in ALLOWED_FUNCTION_NAMESPACES:
            raise QueryRefusedError(
                f"The function {m.group(1)}.{m.group(2)}() is not allowed in the console.",
                hint="Built-in functions and the namespaces " + ", ".join(sorted(ALLOWED_FUNCTION_NAMESPACES))
                     + " are allowed; plugin functions (apoc.*, gds.*) are not.")
    _range_elements(code)
    if _nested_comprehension(code):
        raise QueryRefusedError(
            "A list comprehension nested in another is refused in the console: their sizes multiply "
            "inside one expression, beyond the engine's time and memory limits.",
            hint="UNWIND the outer list into rows and aggregate instead.")
    if not _RETURN.search(code):
        # Without RETURN only a standalone CALL yields rows; the row limit needs a RETURN.
        calls = [re.sub(r"\s+", "", m.group(1)).lower() for m in _CALL.finditer(code)]
        if any(c not in STANDALONE_PROCEDURES for c in calls):
            raise QueryRefusedError(
                "This procedure needs YIELD … RETURN in the console (the row limit is applied there).",
                hint="e.g. CALL db.idx.fulltext.queryNodes('Measure', '创新券') YIELD node RETURN node.id")


def _top_level(code: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of pattern outside any (), [] or {} (so inside no subquery or list)."""
    depth = [0] * (len(code) + 1)
    d = 0
    for i, c in enumerate(code):
        if c in "([{":
            d += 1
        elif c in ")]}":
            d -= 1
        depth[i + 1] = d
    return [m for m in pattern.finditer(code) if depth[m.start()] == 0]


def with_row_limit(text: str, limit: int) -> str:
    """The query rewritten so the database itself returns at most ``limit`` rows.

    - ends with RETURN … (no LIMIT): ``LIMIT limit`` is appended;
    - ends with RETURN … LIMIT <integer>: the smaller of the two is kept;
    - UNION, or a LIMIT that is not an integer literal: wrapped as
      ``CALL { … } RETURN * LIMIT limit`` (columns then come sorted by name);
    - no RETURN (a standalone catalogue procedure): unchanged, its output is small.
    """
    stripped = text.rstrip().rstrip(";").rstrip()
    code = blank(stripped)
    returns = _top_level(code, _RETURN)
    if not returns:
        return stripped
    if _top_level(code, _UNION):
        return f"CALL {{\n{stripped}\n}}\nRETURN * LIMIT {limit}"
    tail_at = returns[-1].start()
    limits = [m for m in _top_level(code, _LIMIT) if m.start() > tail_at]
    if not limits:
        return f"{stripped}\nLIMIT {limit}"
    last = limits[-1]
    m = re.compile(r"\s*(\d+)\s*$").match(code, last.end())
    if m:
        given = int(m.group(1))
        return stripped[:last.end()] + f" {min(given, limit)}"
    return f"CALL {{\n{stripped}\n}}\nRETURN * LIMIT {limit}"
