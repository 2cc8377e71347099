"""Adoption timelines and diffusion analysis (networkx), as plain dicts.

* :func:`timeline` — for one national measure, every region that adopted it: document,
  date, lag in days from the national notice (``None`` when the local date is unknown:
  never invented), level, lead department as printed and canonical, and whether the lead
  continues the national guiding department's line (counterpart) or not (shift).
* :func:`build_graph` — the diffusion graph of a measure, a batch or everything, as a
  networkx graph.
* :func:`diffusion` — that graph's figures: reach (regions, by level), depth (national ->
  province -> city: the longest chain of adopting regions linked by PART_OF), median lag,
  department centrality on the department–measure graph, counterpart/shift counts. They
  are computed from flat reads (analysis_adoptions, analysis_department_measures) without
  building the graph: analysis?batch= needs ~3 s of CPU at 10,000 documents (extrapolated,
  docs/QUESTIONS-AT-SCALE.md); tests/store compares them with the graph's.

Reads go through named queries (timeline_*, analysis_*); nothing here opens a connection.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from base.errors import NotFoundError, QueryError, UnknownMeasureError
from graph.store import Store
from policygraph.dates import dating
from policygraph.dates import lag_days as lag_days  # re-exported: analysis.lag_days is public
from policygraph.questions.common import (
    adoption_date,
    department_order,
    national_start,
    require_batch,
    split_roles,
)

if TYPE_CHECKING:
    import networkx as nx


def _notice_date(row: dict[str, Any]) -> str | None:
    return national_start(row.get("national"), row.get("notice"), row.get("batch"))


def _lead(roles: dict[str, Any]) -> dict[str, Any] | None:
    """The first lead of a department list split by role; None when it names none or the
    departments share the work (no single lead)."""
    if roles["shared"] or not roles["lead"]:
        return None
    lead = roles["lead"][0]
    return {"as_printed": lead.get("as_printed"), "canonical": lead.get("name"), "id": lead.get("id"),
            "line": lead.get("line"), "rule": lead.get("rule")}


def adoption_row(row: dict[str, Any], notice_date: str | None) -> dict[str, Any]:
    local, doc, region = row.get("local") or {}, row.get("document") or {}, row.get("region") or {}
    a = row.get("adapts") or {}
    local_date = adoption_date(local, doc)
    deps = sorted(row.get("departments") or [], key=department_order)
    roles = split_roles(deps)
    return {
        "region": region or None,
        "parent_region": row.get("parent_region"),
        "level": local.get("level"),
        "document": doc or None,
        "local_measure": {k: local.get(k) for k in ("id", "key", "title", "status")},
        "date": local_date,
        # year-only documents: lag_days None, lag_days_range from the year (policygraph.dates)
        **dating(notice_date, local_date, doc),
        "lead": _lead(roles),
        "shared": [{"as_printed": d.get("as_printed"), "canonical": d.get("name"), "id": d.get("id")}
                   for d in (roles["lead"] if roles["shared"] else [])],
        "departments": [{"as_printed": d.get("as_printed"), "canonical": d.get("name"), "id": d.get("id"),
                         "role": d.get("role"), "rank": d.get("rank"), "line": d.get("line")} for d in deps],
        "dept_relation": a.get("dept_relation"),
        "national_line": a.get("national_line"),
        "local_line": a.get("local_line"),
        "score": a.get("score"),
        "method": a.get("method"),
        "reuse_ratio": a.get("reuse_ratio"),
    }


def _sort_key(a: dict[str, Any]) -> tuple[Any, ...]:
    # Dated adoptions first in date order; undated after, by region.
    return (a["date"] is None, a["date"] or "", (a["region"] or {}).get("id") or "", a["local_measure"]["id"])


def _timelines(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    nationals = store.read("timeline_national", {"ids": ids})
    adoptions: dict[str, list[dict[str, Any]]] = {}
    for row in store.read("timeline_adoptions", {"ids": ids}):
        adoptions.setdefault(row["national_id"], []).append(row)
    out = []
    for row in nationals:
        nat = row["national"]
        nd = _notice_date(row)
        items = sorted((adoption_row(r, nd) for r in adoptions.get(nat["id"], [])), key=_sort_key)
        out.append({
            "national": nat,
            "batch": row.get("batch"),
            "notice": row.get("notice"),
            "notice_date": nd,
            "guides": timeline_guides(row.get("guides")),
            "adoptions": items,
            "summary": timeline_summary([{"region_id": (a["region"] or {}).get("id"), "level": a["level"],
                                          "lag_days": a["lag_days"], "date_precision": a["date_precision"],
                                          "dept_relation": a["dept_relation"]} for a in items]),
        })
    return out


def timeline_guides(guides: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The national guiding departments of a timeline, in printed order."""
    return [{"as_printed": g.get("as_printed"), "canonical": g.get("name"), "id": g.get("id"),
             "line": g.get("line"), "rank": g.get("rank")} for g in sorted(guides or [], key=department_order)]


def timeline_summary(adoptions: list[dict[str, Any]]) -> dict[str, Any]:
    """A timeline's figures over all its adoptions (each with region_id, level, lag_days,
    date_precision, dept_relation): also the paged timeline's, which reads only these keys."""
    lags = [a["lag_days"] for a in adoptions if a["lag_days"] is not None]
    by_level = Counter(a["level"] for a in adoptions if a["level"])
    return {
        "regions": len({a["region_id"] for a in adoptions if a["region_id"]}),
        "adoptions": len(adoptions),
        "by_level": dict(sorted(by_level.items())),
        "dated": len(lags),
        "year_only": sum(1 for a in adoptions if a["date_precision"] == "year"),
        "median_lag_days": statistics.median(lags) if lags else None,
        "counterpart": sum(1 for a in adoptions if a["dept_relation"] == "counterpart"),
        "shift": sum(1 for a in adoptions if a["dept_relation"] == "shift"),
    }


def timeline(store: Store, national_measure_id: str) -> dict[str, Any]:
    """The adoption timeline of one national measure."""
    got = _timelines(store, [national_measure_id])
    if not got:
        raise UnknownMeasureError(f"No measure with id {national_measure_id!r}.",
                                  hint="Search with /api/measures?q=… to find its id.")
    if got[0]["national"].get("level") != "national":
        raise NotFoundError(f"{national_measure_id!r} is a local measure; a timeline starts from a national one.",
                            hint="Use the id of the national measure it adapts (see /api/measures/<id>).")
    return got[0]


def batch_timelines(store: Store, batch: int) -> list[dict[str, Any]]:
    """Timelines of every national measure of a batch, in list order."""
    return _timelines(store, _scope_ids(store, None, batch))


# -- diffusion graph ---------------------------------------------------------------------


def _scope_ids(store: Store, measure_id: str | None, batch: int | None) -> list[str]:
    if measure_id is not None:
        return [measure_id]
    if batch is not None:
        # A batch with no national measures would give a page of zeros that reads like a
        # finding ("nobody adopted batch 9"); it is a question about something not loaded.
        require_batch(store, batch)
    return [r["id"] for r in store.read(
        "analysis_national_ids", {"batch_id": f"batch-{batch}" if batch is not None else None})]


def build_graph(store: Store, measure_id: str | None = None, batch: int | None = None) -> nx.DiGraph:
    """The diffusion graph of a national measure, a batch, or everything (both None).

    Nodes are (kind, id) pairs, kind in national, local, region, department; edges carry
    ``type``: ADAPTS (local -> national), PROMOTES (region -> local measure), LEADS
    (department -> measure, with role), PART_OF (region -> parent region).
    """
    import networkx as nx  # here, not at the top: importing it costs ~0.3 s, and diffusion rarely needs it

    g = nx.DiGraph()
    tls = _timelines(store, _scope_ids(store, measure_id, batch))
    if measure_id is not None and not tls:
        raise UnknownMeasureError(f"No measure with id {measure_id!r}.")
    region_ids: set[str] = set()
    for tl in tls:
        nat = tl["national"]
        nn = ("national", nat["id"])
        g.add_node(nn, kind="national", title=nat.get("title"), date=tl["notice_date"],
                   batch=(tl.get("batch") or {}).get("number"))
        for gd in tl["guides"]:
            if gd.get("id"):
                g.add_node(("department", gd["id"]), kind="department", name=gd["canonical"], line=gd["line"])
                g.add_edge(("department", gd["id"]), nn, type="LEADS", role="guide")
        for a in tl["adoptions"]:
            ln = ("local", a["local_measure"]["id"])
            g.add_node(ln, kind="local", title=a["local_measure"]["title"], level=a["level"],
                       date=a["date"], lag_days=a["lag_days"])
            g.add_edge(ln, nn, type="ADAPTS", score=a["score"], dept_relation=a["dept_relation"])
            if a["region"]:
                rid = a["region"]["id"]
                region_ids.add(rid)
                g.add_node(("region", rid), kind="region", name=a["region"].get("name"),
                           level=a["region"].get("level"))
                g.add_edge(("region", rid), ln, type="PROMOTES", date=a["date"])
            for d in a["departments"]:
                if d.get("id"):
                    g.add_node(("department", d["id"]), kind="department", name=d["canonical"], line=d["line"])
                    g.add_edge(("department", d["id"]), ln, type="LEADS", role=d["role"])
    if region_ids:
        for row in store.read("analysis_regions", {"ids": sorted(region_ids)}):
            r = row["region"]
            child = ("region", r["id"])
            g.nodes[child].setdefault("level", r.get("level"))
            # ancestors come unordered; chain them by level (city -> province -> country)
            order = {"city": 0, "province": 1, "country": 2}
            chain = [r, *sorted((a for a in row.get("ancestors") or [] if a),
                                key=lambda a: order.get(a.get("level"), 9))]
            for lower, upper in zip(chain, chain[1:], strict=False):
                for x in (lower, upper):
                    if ("region", x["id"]) not in g:
                        g.add_node(("region", x["id"]), kind="region", name=x.get("name"), level=x.get("level"))
                g.add_edge(("region", lower["id"]), ("region", upper["id"]), type="PART_OF")
    return g


def adoption_depth(adopters: Collection[str], parents: Mapping[str, Sequence[str]]) -> int:
    """Longest adoption chain of one national measure: national -> region -> sub-region…
    ``adopters`` are the regions that adopted it, ``parents`` each region's PART_OF
    parents. A region's adoption hangs below the nearest ancestor region that adopted too."""
    memo: dict[str, int] = {}

    def depth(r: str) -> int:
        if r not in memo:
            todo = list(parents.get(r, ()))
            best = 0
            seen: set[str] = set()
            while todo:
                p = todo.pop()
                if p in seen:
                    continue
                seen.add(p)
                if p in adopters:
                    best = max(best, depth(p))
                    continue
                todo.extend(parents.get(p, ()))
            memo[r] = best + 1
        return memo[r]

    return max((depth(r) for r in adopters), default=0)


# A normalised betweenness below 5e-5 is printed as 0.0 (round(x, 4)); the margin covers
# the float error of the sum.
_ROUNDS_TO_ZERO = 4e-5


def could_round_above_zero(component: int, departments: int) -> bool:
    """Whether a department in a projection component of ``component`` nodes can have a
    normalised betweenness that prints (4 decimals) as more than 0.0, in a projection of
    ``departments`` nodes. At most (c-1)(c-2)/2 pairs of the other nodes of its component
    can route through a node (the centre of a star); networkx normalises by
    (n-1)(n-2)/2. At 10,000 documents (~46,000 departments, components of at most a few
    dozen) no component can, so no betweenness needs computing."""
    n, c = departments, component
    if n <= 2 or c <= 2:
        return False
    return (c - 1) * (c - 2) / ((n - 1) * (n - 2)) >= _ROUNDS_TO_ZERO


def _components(members: Iterable[Collection[str]]) -> dict[str, str]:
    """Union-find over departments: two are in one component when they share a measure.
    Returns each department's representative."""
    root: dict[str, str] = {}

    def find(x: str) -> str:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for deps in members:
        first = None
        for d in deps:
            root.setdefault(d, d)
            if first is None:
                first = find(d)
                continue
            rd = find(d)
            if rd != first:
                root[rd] = first
    return {d: find(d) for d in root}


def rank_departments(members: Mapping[Any, Collection[str]], top: int = 20) -> list[dict[str, Any]]:
    """The ``top`` departments of the department–measure graph, ranked by how many measures
    they guide or lead, then by betweenness in its projection on departments (two
    departments are linked when they share a measure: a high value marks a broker between
    otherwise separate groups), then by id.

    ``members`` maps each measure (any hashable key) to the departments that lead or guide
    it. Gives, per department: ``measures`` (its degree in the bipartite graph),
    ``partners`` (its degree in the projection) and ``betweenness`` (networkx's normalised
    figure, rounded to 4 decimals).

    Only what the ranking can see is computed: betweenness breaks ties among departments
    with as many measures as the ``top``-th, so it is computed only for those, one
    projection component at a time (shortest paths never leave a component; only the
    normalisation uses the whole projection's size), and only for components large enough
    to print a non-zero figure (:func:`could_round_above_zero`). Departments share measures
    within their own region, so the projection is thousands of small components: computing
    every betweenness cost 2 of the 9 s of analysis?batch=3 at 1,000 documents."""
    measures_of: dict[str, set[Any]] = {}
    for m, deps in members.items():
        for d in deps:
            measures_of.setdefault(d, set()).add(m)
    if not measures_of:
        return []
    n = len(measures_of)
    counts = sorted((len(ms) for ms in measures_of.values()), reverse=True)
    least = counts[min(top, n) - 1]
    candidates = [d for d, ms in measures_of.items() if len(ms) >= least]
    comp = _components(members.values())
    size = Counter(comp.values())
    need = {comp[d] for d in candidates if could_round_above_zero(size[comp[d]], n)}
    between: dict[str, float] = {}
    if need:
        import networkx as nx

        scale = 2.0 / ((n - 1) * (n - 2))
        proj: dict[str, nx.Graph] = {}
        for deps in members.values():
            ds = list(dict.fromkeys(deps))
            if not ds or comp[ds[0]] not in need:
                continue
            g = proj.setdefault(comp[ds[0]], nx.Graph())
            g.add_nodes_from(ds)
            g.add_edges_from((u, v) for i, u in enumerate(ds) for v in ds[i + 1:])
        for g in proj.values():
            for d, raw in nx.betweenness_centrality(g, normalized=False).items():
                between[d] = raw * scale
    ranked: list[dict[str, Any]] = [{"id": d, "measures": len(measures_of[d]), "betweenness": round(between.get(d, 0.0), 4)}
              for d in candidates]
    ranked.sort(key=lambda x: (-x["measures"], -x["betweenness"], x["id"]))
    for x in ranked[:top]:
        partners = set().union(*(members[m] for m in measures_of[x["id"]]))
        x["partners"] = len(partners - {x["id"]})
    return ranked[:top]


@dataclass
class _Network:
    """The diffusion graph of :func:`build_graph`, reduced to what the figures count: the
    same nodes and edges, keyed by id, without the attributes nobody reads."""

    nationals: list[dict[str, Any]] = field(default_factory=list)  # id, title, batch, date
    adapts: dict[str, dict[str, str | None]] = field(default_factory=dict)  # national -> local -> dept_relation
    region_of: dict[str, str] = field(default_factory=dict)  # local -> region (an existing one)
    lag_of: dict[str, int | None] = field(default_factory=dict)  # local -> lag from its national
    level_of: dict[str, str | None] = field(default_factory=dict)  # every region node
    parents: dict[str, list[str]] = field(default_factory=dict)  # PART_OF, in insertion order
    members: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # measure -> departments
    part_of: int = 0

    def nodes(self) -> int:
        departments = set().union(*self.members.values()) if self.members else set()
        return len(self.nationals) + len(self.lag_of) + len(self.level_of) + len(departments)

    def edges(self) -> int:
        adapts = sum(len(locs) for locs in self.adapts.values())
        leads = sum(len(deps) for deps in self.members.values())  # guides and local leads
        return adapts + len(self.region_of) + leads + self.part_of


def _parallel(row: dict[str, Any], *columns: str) -> list[list[Any]]:
    """The parallel lists of one row (item i of each list describes one thing), checked
    to be of one length: a null would have been skipped by collect() and shifted the rest."""
    lists = [row[c] or [] for c in columns]
    if len({len(x) for x in lists}) > 1:
        raise QueryError(f"Unequal lists {columns} for {row.get('national_id')!r}: a null in a collect().")
    return lists


def _network(store: Store, ids: list[str]) -> _Network:
    """Read the diffusion graph of the national measures ``ids`` (five small or flat
    queries, see analysis_adoptions) and reduce it as :func:`build_graph` builds it. Where
    build_graph overwrites a node's attribute (a local measure that adapts two national
    measures of the scope), the last national measure in list order wins here too."""
    net = _Network()
    if not ids:
        return net
    adoptions = {row["national_id"]: _parallel(row, "local_ids", "local_dates", "document_ids", "region_ids",
                                               "dept_relations")
                 for row in store.read("analysis_adoptions", {"ids": ids})}
    docs = sorted({d for cols in adoptions.values() for d in cols[2] if d})
    doc_date = {r["id"]: r["date"] for r in store.read("analysis_document_dates", {"ids": docs})} if docs else {}
    lags: dict[tuple[str | None, str | None], int | None] = {}
    dated: dict[tuple[str, str], str | None] = {}  # (document, measure's date) -> adoption date
    region_id: dict[str, str] = {}
    for row in store.read("timeline_national", {"ids": ids}):
        nat, nd = row["national"], _notice_date(row)
        net.nationals.append({"id": nat["id"], "title": nat.get("title"), "date": nd,
                              "batch": (row.get("batch") or {}).get("number")})
        for g in row.get("guides") or []:
            if g.get("id"):
                net.members.setdefault(("national", nat["id"]), set()).add(g["id"])
        locs = net.adapts.setdefault(nat["id"], {})
        local_ids, local_dates, document_ids, region_ids, relations = adoptions.get(nat["id"], [[]] * 5)
        for lid, local_date, doc, rid, rel in zip(local_ids, local_dates, document_ids, region_ids, relations,
                                                  strict=True):
            locs[lid] = rel or None
            if (doc, local_date) not in dated:
                dated[(doc, local_date)] = adoption_date({"date": local_date},
                                                         {"date": doc_date[doc]} if doc in doc_date else None)
            when = dated[(doc, local_date)]
            key = (nd, when)
            if key not in lags:
                lags[key] = lag_days(nd, when)
            net.lag_of[lid] = lags[key]
            region_id[lid] = rid
    wanted = {r for r in region_id.values() if r}
    if wanted:
        order = {"city": 0, "province": 1, "country": 2}
        edges: set[tuple[str, str]] = set()
        for row in store.read("analysis_regions", {"ids": sorted(wanted)}):
            r = row["region"]
            net.level_of[r["id"]] = r.get("level")
            # ancestors come unordered; chain them by level (city -> province -> country)
            chain = [r, *sorted((a for a in row.get("ancestors") or [] if a),
                                key=lambda a: order.get(a.get("level"), 9))]
            for lower, upper in zip(chain, chain[1:], strict=False):
                for x in (lower, upper):
                    net.level_of.setdefault(x["id"], x.get("level"))
                if (lower["id"], upper["id"]) not in edges:
                    edges.add((lower["id"], upper["id"]))
                    net.parents.setdefault(lower["id"], []).append(upper["id"])
        net.part_of = len(edges)
    # a local measure's PROMOTES edge: from its region, when that region exists
    net.region_of = {lid: r for lid, r in region_id.items() if r in net.level_of}
    for row in store.read("analysis_department_measures", {"ids": ids}):
        for lid, dep in zip(*_parallel(row, "local_ids", "department_ids"), strict=True):
            if lid in net.lag_of:
                net.members.setdefault(("local", lid), set()).add(dep)
    return net


def _department_figures(store: Store, net: _Network, top: int = 20) -> list[dict[str, Any]]:
    """The ranked departments with their name, line and roles (read for those only)."""
    ranked = rank_departments(net.members, top)
    if not ranked:
        return []
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in store.read("analysis_department_roles", {"ids": [x["id"] for x in ranked]}):
        rows.setdefault(row["id"], []).append(row)
    out = []
    for x in ranked:
        mine = rows.get(x["id"], [])
        # one role per department–measure edge: a national measure's departments guide it
        edges: dict[tuple[str, str], Any] = {}
        for r in mine:
            if x["id"] in net.members.get(("national", r["measure_id"]), ()):
                edges[("national", r["measure_id"])] = "guide"
            if x["id"] in net.members.get(("local", r["measure_id"]), ()):
                edges[("local", r["measure_id"])] = r["role"]
        roles = Counter(edges.values())
        out.append({
            "id": x["id"],
            "name": mine[0]["name"] if mine else None,
            "line": mine[0]["line"] if mine else None,
            "measures": x["measures"],
            "roles": dict(sorted((k or "unknown", v) for k, v in roles.items())),
            "partners": x["partners"],
            "betweenness": x["betweenness"],
        })
    return out


def diffusion(store: Store, measure_id: str | None = None, batch: int | None = None) -> dict[str, Any]:
    """Figures of the diffusion graph (:func:`build_graph`) for a measure, a batch, or
    everything: reach (regions, by level), depth, median lag, department centrality,
    counterpart/shift counts.

    Computed from flat reads without building the networkx graph: at 10,000 documents
    batch 3 has ~57,000 adoptions, and reading them as timelines (maps a row) and building
    the graph cost most of a minute. The figures are the graph's (tests/store compare
    them with the graph-built ones)."""
    ids = _scope_ids(store, measure_id, batch)
    net = _network(store, ids)
    if measure_id is not None and not net.nationals:
        raise UnknownMeasureError(f"No measure with id {measure_id!r}.")
    per_measure = []
    all_lags: list[int] = []
    regions: set[str] = set()
    relations: Counter[str] = Counter()
    for nat in sorted(net.nationals, key=lambda x: x["id"]):
        locals_ = net.adapts.get(nat["id"], {})
        adopters = {net.region_of[ln] for ln in locals_ if ln in net.region_of}
        lags = [lag for ln in locals_ if (lag := net.lag_of[ln]) is not None]
        levels = Counter(net.level_of.get(r) or "unknown" for r in adopters)
        rel = Counter(r or "unknown" for r in locals_.values())
        all_lags.extend(lags)
        regions |= adopters
        relations.update(rel)
        per_measure.append({
            "id": nat["id"],
            "title": nat["title"],
            "batch": nat["batch"],
            "date": nat["date"],
            "reach": len(adopters),
            "reach_by_level": dict(sorted(levels.items())),
            "adoptions": len(locals_),
            "depth": adoption_depth(adopters, net.parents),
            "median_lag_days": statistics.median(lags) if lags else None,
            "dept_relations": dict(sorted(rel.items())),
        })
    scope = ({"measure": measure_id} if measure_id is not None else
             {"batch": batch} if batch is not None else {"all": True})
    unmatched: dict[str, dict[str, int]] = {}
    if measure_id is None and batch is None:
        # Local measures with no national parent, per region: 'innovation' is a finding
        # (compared, nothing matched), 'pending' waits for a national list to be loaded.
        for row in store.read("analysis_local_innovations"):
            unmatched.setdefault(row["region_id"] or "unknown", {})[row["link_status"] or "unknown"] = row["measures"]
    return {
        "scope": scope,
        "nodes": net.nodes(),
        "edges": net.edges(),
        "national_measures": len(per_measure),
        "adopted_measures": sum(1 for m in per_measure if m["reach"]),
        "regions": len(regions),
        "regions_by_level": dict(sorted(Counter(net.level_of.get(r) or "unknown" for r in regions).items())),
        "max_depth": max((m["depth"] for m in per_measure), default=0),
        "median_lag_days": statistics.median(all_lags) if all_lags else None,
        "dept_relations": dict(sorted(relations.items())),
        "measures": per_measure,
        "departments": _department_figures(store, net),
        "local_unmatched": unmatched,
    }
