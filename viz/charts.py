"""Pictures of diffusion, drawn on the server with matplotlib: the adoption curve with its lag
distribution, and the map of China shaded by adoption or by lag.

Input is the plain dict of :func:`policygraph.adoption.adoption` (this module reads no store);
output is SVG or PNG bytes. SVG keeps text as text (``svg.fonttype = none``), so the browser
draws the Chinese labels with its own fonts and the file stays small; every region's shape is
an SVG group whose id is the region code (``<g id="region-440000">``), so a test (or a
researcher post-processing the file) can read what was drawn.

Boundaries: viz/static/vendor/china-map (Apache ECharts 4.9.0 map data, Apache-2.0; see its
README for vintage and limits).
"""

from __future__ import annotations

import io
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import colormaps  # noqa: E402
from matplotlib.colors import Normalize, to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

MAP_DIR = Path(__file__).resolve().parent / "static" / "vendor" / "china-map"
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
MUNICIPALITIES = ("110000", "120000", "310000", "500000")

# Colours: one meaning each, the same in every picture and legend.
NO_DOCUMENT = "#e6e6e6"  # nothing loaded for the region: unknown, drawn hatched
NOT_ADOPTED = "#fbf3e4"  # a plan for the batch is loaded, did not adopt
NO_PLAN = "#c9cdd2"  # documents loaded, none for this batch: not known either way, drawn plain
UNDATED = "#9e9e9e"  # adopted, but the text gives no date (lag unknown)
EDGE = "#8a8a8a"
PROVINCE_EDGE = "#404040"
ADOPTION_CMAP = "YlGnBu"
LAG_CMAP = "viridis_r"  # short lags dark: early adopters stand out

plt.rcParams.update({
    "svg.fonttype": "none",
    "font.family": ["WenQuanYi Micro Hei", "DejaVu Sans"],
    "axes.unicode_minus": False,
})


@cache
def _features(level: str) -> dict[str, dict[str, Any]]:
    name = "provinces.json" if level == "province" else "cities.json"
    data = json.loads((MAP_DIR / name).read_text("utf-8"))
    return {f["id"]: f for f in data["features"]}


def _path(geometry: dict[str, Any]) -> MplPath:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    # Longitude squeezed by cos(35°): China's mid-latitude, so shapes look right without a projection library.
    rings = [MplPath([(x * 0.819, y) for x, y in ring], closed=True) for poly in polys for ring in poly]
    return MplPath.make_compound_path(*rings)


def _to_bytes(fig: Figure, fmt: str) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=150 if fmt == "png" else 72, bbox_inches="tight",
                metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
    return buf.getvalue()


def _heading(data: dict[str, Any]) -> str:
    if data.get("kind") == "batch":
        return f"第{data['batch']}批（{data['size']}项举措）"
    m = data.get("measure") or {}
    # "第3批第2项", not a bare "2" before the title
    number = (f"第{m['batch']}批" if m.get("batch") else "") + (f"第{m['key']}项" if m.get("key") else "")
    return f"{number} {m.get('title') or m.get('id') or ''}".strip()


# ---------------------------------------------------------------------------------------
# the map

def region_colours(data: dict[str, Any], shade: str) -> tuple[dict[str, str], Normalize | None]:
    """Region id -> fill colour, and the scale used (None for a categorical fill)."""
    rows = data["regions"]
    if shade == "lag":
        lags = [r["lag_days"] for r in rows if r["lag_days"] is not None]
        norm = Normalize(vmin=min(lags, default=0), vmax=max(max(lags, default=1), min(lags, default=0) + 1))
        cmap = colormaps[LAG_CMAP]
    else:
        norm, cmap = Normalize(vmin=0, vmax=1), colormaps[ADOPTION_CMAP]
    out = {}
    for r in rows:
        if r["status"] == "no-document":
            out[r["id"]] = NO_DOCUMENT
        elif r["status"] == "not-adopted":
            out[r["id"]] = NOT_ADOPTED
        elif r["status"] == "no-plan":
            out[r["id"]] = NO_PLAN
        elif shade == "lag":
            out[r["id"]] = UNDATED if r["lag_days"] is None else to_hex(cmap(norm(r["lag_days"])))
        else:
            out[r["id"]] = to_hex(cmap(0.25 + 0.75 * norm(r["share"])))
    return out, norm


def map_figure(data: dict[str, Any], *, level: str = "province", shade: str = "adoption") -> Figure:
    """China by province (or prefecture city), shaded by adoption share or by lag in days."""
    colours, norm = region_colours(data, shade)
    status = {r["id"]: r["status"] for r in data["regions"]}
    fig = plt.figure(figsize=(8.6, 7.0))
    ax = fig.add_axes((0.02, 0.10, 0.96, 0.82))
    ax.set_axis_off()
    ax.set_aspect("equal")
    shapes: dict[str, dict[str, Any]] = {}
    if level == "city":
        shapes.update(_features("city"))
        shapes.update({k: v for k, v in _features("province").items() if k in MUNICIPALITIES})
    else:
        shapes.update(_features("province"))
    for rid, feat in sorted(shapes.items()):
        fill = colours.get(rid, NO_DOCUMENT)  # 港澳台 and others policygraph does not model
        patch = PathPatch(_path(feat["geometry"]), facecolor=fill, edgecolor=EDGE, linewidth=0.3,
                          hatch="////" if status.get(rid, "no-document") == "no-document" else None)
        patch.set_gid(f"region-{rid}")
        ax.add_patch(patch)
    if level == "city":  # province borders over the cities, so the country stays readable
        for rid, feat in sorted(_features("province").items()):
            outline = PathPatch(_path(feat["geometry"]), facecolor="none", edgecolor=PROVINCE_EDGE, linewidth=0.6)
            outline.set_gid(f"border-{rid}")
            ax.add_patch(outline)
    # Mainland, Hainan and Taiwan; the scattered South China Sea islands would halve the map's
    # scale, and no region policygraph models lies south of 17°N.
    ax.set_xlim(73 * 0.819, 136 * 0.819)
    ax.set_ylim(17.5, 54)
    what = "采纳时滞（天，自国家通知起）" if shade == "lag" else (
        "采纳比例" if data.get("kind") == "batch" else "是否采纳")
    fig.suptitle(f"{_heading(data)}：{'地级市' if level == 'city' else '省级'}{what}", fontsize=12)
    handles = [Patch(facecolor=NO_DOCUMENT, edgecolor=EDGE, hatch="////", label="未加载该地区文件"),
               Patch(facecolor=NO_PLAN, edgecolor=EDGE, label="已加载文件，无该批方案"),
               Patch(facecolor=NOT_ADOPTED, edgecolor=EDGE, label="已加载该批方案，未采纳")]
    if shade == "lag":
        handles.append(Patch(facecolor=UNDATED, edgecolor=EDGE, label="已采纳，文本无日期"))
    elif data.get("kind") != "batch":
        handles.append(Patch(facecolor=to_hex(colormaps[ADOPTION_CMAP](1.0)), edgecolor=EDGE, label="已采纳"))
    scale = shade == "lag" or data.get("kind") == "batch"
    # one row when the legend has the width to itself; beside a colour bar, two columns
    fig.legend(handles=handles, loc="lower left", fontsize=8, frameon=False, ncol=2 if scale else len(handles))
    if scale:
        cax = fig.add_axes((0.60, 0.065, 0.35, 0.02))
        cmap = colormaps[LAG_CMAP if shade == "lag" else ADOPTION_CMAP]
        sm = plt.cm.ScalarMappable(norm=norm if shade == "lag" else Normalize(-1 / 3, 1), cmap=cmap)
        cb = fig.colorbar(sm, cax=cax, orientation="horizontal")
        if shade != "lag":
            cb.ax.set_xlim(0, 1)
        cb.ax.tick_params(labelsize=7)
        cb.set_label(what, fontsize=8)
    return fig


def map_image(data: dict[str, Any], *, level: str = "province", shade: str = "adoption", fmt: str = "svg") -> bytes:
    return _to_bytes(map_figure(data, level=level, shade=shade), fmt)


# ---------------------------------------------------------------------------------------
# the adoption curve

def curve_figure(data: dict[str, Any]) -> Figure:
    """Cumulative adopters over time by level (left) and the distribution of lags (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), gridspec_kw={"width_ratios": [3, 2]})
    fig.suptitle(f"{_heading(data)}：采纳曲线与时滞分布", fontsize=12)
    curve = data["curve"]
    counts = data["counts"]
    if curve:
        xs = [date.fromisoformat(p["date"]) for p in curve]
        for key, label, colour in (("province", "省级", "#1f6f8b"), ("city", "地级市", "#e07b39"),
                                   ("total", "合计", "#333333")):
            line, = left.step(xs, [p[key] for p in curve], where="post", label=label, color=colour,
                              linewidth=2 if key == "total" else 1.4)
            line.set_gid(f"curve-{key}")
        if data.get("notice_date"):
            left.axvline(date.fromisoformat(data["notice_date"][:10]), color="#b22222", linestyle="--",
                         linewidth=1, label="国家通知")
        left.legend(fontsize=8, frameon=False)
        fig.autofmt_xdate()
    else:
        left.text(0.5, 0.5, "没有带日期的采纳事件\n（文本未注明日期，未作推断）", ha="center", va="center",
                  transform=left.transAxes, fontsize=10, color="#555555")
    left.set_ylabel("累计采纳（地区×举措）", fontsize=9)
    left.set_title(f"带日期 {counts['dated']} 个，无日期 {counts['undated']} 个", fontsize=9)
    lags = data["lags"]
    if lags:
        _, _, bars = right.hist(lags, bins=min(20, max(5, len(set(lags)))), color="#1f6f8b", edgecolor="white")
        for b in bars:
            b.set_gid("lag-bar")
        if data.get("median_lag_days") is not None:
            right.axvline(data["median_lag_days"], color="#b22222", linestyle="--", linewidth=1,
                          label=f"中位数 {data['median_lag_days']:g} 天")
            right.legend(fontsize=8, frameon=False)
    else:
        right.text(0.5, 0.5, "无时滞数据", ha="center", va="center", transform=right.transAxes, fontsize=10,
                   color="#555555")
    right.set_xlabel("时滞（天，自国家通知起）", fontsize=9)
    right.set_ylabel("采纳事件数", fontsize=9)
    for ax in (left, right):
        ax.tick_params(labelsize=8)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def curve_image(data: dict[str, Any], *, fmt: str = "svg") -> bytes:
    return _to_bytes(curve_figure(data), fmt)
