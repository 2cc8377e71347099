"""Build the offline China map (provinces and prefecture cities) from Apache ECharts 4.9.0.

Run once, by hand, when the boundary data should change; the output is committed:

    npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz
    python viz/data/make_map.py package/map/json viz/static/vendor/china-map

Why ECharts 4.9.0: it is the last release that shipped map data (``map/json``), under the
Apache License 2.0, with features keyed by the 6-digit administrative codes we already use
for Region ids. Its coordinates are "UTF8-encoded" (zig-zag delta codes shifted by 64); we
decode them here so the app reads plain GeoJSON and no ECharts code ships with policygraph.
Outlines are simplified (Douglas-Peucker, 0.02 degree) and rounded to 0.01 degree: enough for a
choropleth of the whole country, and it keeps the two files small.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PRECISION = 2
# Codes changed since the 2019-era ECharts data: 那曲 and 哈密 became prefecture-level cities
# with new codes. 莱芜 (371200) merged into 济南 in 2019; it stays its own (unshaded) shape.
RENAMED = {"542400": "540600", "652200": "650500"}
TOLERANCE = 0.02  # degrees; about 2 km, invisible on a page-sized map of China


def _decode_ring(coded: str, offsets: list[int], scale: float) -> list[list[float]]:
    # ECharts 4 src/coord/geo/parseGeoJson.js decodePolygon(): zig-zag, delta, then /scale.
    out: list[list[float]] = []
    prev_x, prev_y = offsets
    for i in range(0, len(coded), 2):
        x = ord(coded[i]) - 64
        y = ord(coded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x
        y += prev_y
        prev_x, prev_y = x, y
        out.append([x / scale, y / scale])
    return [[round(a, PRECISION), round(b, PRECISION)] for a, b in _simplify(out, TOLERANCE)]


def _simplify(pts: list[list[float]], tol: float) -> list[list[float]]:
    """Douglas-Peucker: drop points closer than `tol` degrees to the line through their neighbours."""
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, idx = d, i
        if idx > 0 and best > tol:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def _decode_geometry(geom: dict, scale: float) -> dict:
    coords, offsets = geom["coordinates"], geom["encodeOffsets"]
    if geom["type"] == "Polygon":
        rings = [_decode_ring(c, o, scale) for c, o in zip(coords, offsets, strict=True)]
        return {"type": "Polygon", "coordinates": [r for r in rings if len(r) >= 3]}
    polys = []
    for poly, poly_off in zip(coords, offsets, strict=True):
        rings = [_decode_ring(c, o, scale) for c, o in zip(poly, poly_off, strict=True)]
        rings = [r for r in rings if len(r) >= 3]
        if rings:
            polys.append(rings)
    return {"type": "MultiPolygon", "coordinates": polys}


def _features(path: Path) -> list[dict]:
    data = json.loads(path.read_text("utf-8"))
    scale = float(data.get("UTF8Scale") or 1024)
    out = []
    for f in data["features"]:
        fid = str(f.get("id") or f["properties"].get("id") or "")
        fid = RENAMED.get(fid, fid)
        if not (len(fid) == 6 and fid.isdigit()):
            continue  # unnamed islands and the like carry no administrative code
        geom = _decode_geometry(f["geometry"], scale) if data.get("UTF8Encoding") else f["geometry"]
        out.append({"type": "Feature", "id": fid,
                    "properties": {"id": fid, "name": f["properties"]["name"]}, "geometry": geom})
    return out


def main(src: str, dest: str) -> None:
    src_dir, dest_dir = Path(src), Path(dest)
    dest_dir.mkdir(parents=True, exist_ok=True)
    provinces = _features(src_dir / "china.json")
    cities: list[dict] = []
    for p in sorted((src_dir / "province").glob("*.json")):
        # Prefecture-level codes end in 00; the municipalities' files hold districts (110101 …),
        # which policygraph does not model: a municipality is drawn whole from provinces.json.
        cities.extend(f for f in _features(p) if f["id"].endswith("00"))
    for name, feats in (("provinces.json", provinces), ("cities.json", cities)):
        (dest_dir / name).write_text(json.dumps({"type": "FeatureCollection", "features": feats},
                                                ensure_ascii=False, separators=(",", ":")), "utf-8")
        print(f"{name}: {len(feats)} features")


if __name__ == "__main__":
    main(*sys.argv[1:3])
