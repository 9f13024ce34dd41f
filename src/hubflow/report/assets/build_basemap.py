"""Convert Natural Earth TopoJSON (npm package ``world-atlas``) to ``basemap.json``.

Run once by a maintainer, never at runtime; the report only reads the output file.

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python src/hubflow/report/assets/build_basemap.py /tmp/package/countries-50m.json \
        src/hubflow/report/assets/basemap.json

Output (compact JSON): ``{"source", "resolution", "scale", "land", "borders"}`` where ``land``
is a list of closed rings (land polygons, for a fill) and ``borders`` a list of open polylines
(land borders shared by two countries). Each ring or line is a flat list of integers
``[lon0, lat0, lon1, lat1, ...]`` in units of 1/``scale`` degree (scale 10: 0.1°). Each line is
rounded to 0.1°, consecutive repeats are dropped, it is simplified by Douglas-Peucker with a
tolerance of 0.1°, and lines that collapse to fewer points than a ring or line needs are left out
(this drops the smallest islands). From countries-50m this gives about 150 KB.
Standard library only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SCALE = 10  # integer units per degree: coordinates rounded to 0.1°
TOLERANCE = 1  # Douglas-Peucker tolerance in the same units (0.1°)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc of a quantized, delta-encoded TopoJSON topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple]:
    """Join a ring's arcs; index ~i means arc i reversed; shared end points are not repeated."""
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def simplify(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    """Douglas-Peucker: keep the points farther than ``tolerance`` from the simplified line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (x1, y1), (x2, y2) = points[i], points[j]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        far, k = -1.0, -1
        for m in range(i + 1, j):
            x, y = points[m]
            if length:
                d = abs(dy * (x - x1) - dx * (y - y1)) / length
            else:
                d = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > far:
                far, k = d, m
        if k >= 0 and far > tolerance:
            keep[k] = True
            stack += [(i, k), (k, j)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def quantize(points: list[tuple[float, float]], *, closed: bool) -> list[int]:
    """Round to 1/SCALE degree, drop consecutive repeats, simplify; [] when fewer points are
    left than a ring (4) or a line (2) needs."""
    out: list[tuple[int, int]] = []
    for lon, lat in points:
        p = (round(lon * SCALE), round(lat * SCALE))
        if not out or out[-1] != p:
            out.append(p)
    out = simplify(out, TOLERANCE)
    if len(out) < (4 if closed else 2):
        return []
    return [v for p in out for v in p]


def convert(topology: dict, resolution: str) -> dict:
    arcs = decode_arcs(topology)
    land = []
    for geometry in topology["objects"]["land"]["geometries"]:
        for polygon in polygons(geometry):
            for ring in polygon:
                flat = quantize(ring_points(arcs, ring), closed=True)
                if flat:
                    land.append(flat)
    owners: dict[int, set[int]] = {}
    for n, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        for polygon in polygons(geometry):
            for ring in polygon:
                for i in ring:
                    owners.setdefault(i if i >= 0 else ~i, set()).add(n)
    borders = []
    for i, countries in sorted(owners.items()):
        if len(countries) > 1:  # an arc two countries share is a land border
            flat = quantize(arcs[i], closed=False)
            if flat:
                borders.append(flat)
    return {
        "source": f"Natural Earth {resolution} via npm world-atlas 2.0.2 (countries-{resolution})",
        "resolution": resolution,
        "scale": SCALE,
        "land": land,
        "borders": borders,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        sys.stderr.write("usage: build_basemap.py COUNTRIES_TOPOJSON OUT_JSON\n")
        return 2
    src, out = Path(argv[1]), Path(argv[2])
    resolution = src.stem.rsplit("-", 1)[-1]
    data = convert(json.loads(src.read_text()), resolution)
    out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    sys.stderr.write(
        f"{out}: {len(data['land'])} land rings, {len(data['borders'])} borders, "
        f"{out.stat().st_size:,} bytes\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
