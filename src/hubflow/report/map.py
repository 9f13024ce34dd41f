"""An SVG map of sites and flows on a vendored Natural Earth base layer (nothing is fetched).

Web-Mercator projection fitted to the sites' bounding box, padded by 15 % and to at least
``MIN_SPAN_DEG`` so that a scenario whose sites share one point still gets a sensible view.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from hubflow.model import Plan, Scenario, Site
from hubflow.report.fmt import esc, num
from hubflow.report.palette import mode_colour, mode_order

WIDTH, HEIGHT = 960, 560
MIN_SPAN_DEG = 2.0
MAX_LAT = 85.0
DETAIL_SPAN_DEG = 15.0  # beyond this span, add a zoomed-in map around the busiest hub
DETAIL_RADIUS_DEG = 4.0
LABEL_CHAR_PX = 6.0  # estimated width of one label character at 11 px
ATTRIBUTION = "Base map: Natural Earth (public domain), via world-atlas 2.0.2 (ISC)"


@dataclass(frozen=True, slots=True)
class Ring:
    """A base-map polyline in degrees, with its bounding box for cheap culling."""

    points: tuple[tuple[float, float], ...]
    box: tuple[float, float, float, float]  # lon0, lat0, lon1, lat1


@lru_cache(maxsize=1)
def basemap() -> tuple[tuple[Ring, ...], tuple[Ring, ...]]:
    """(land rings, border lines) from ``assets/basemap.json`` (see assets/SOURCES.md)."""
    text = resources.files("hubflow.report").joinpath("assets/basemap.json").read_text("utf-8")
    data = json.loads(text)
    scale = data["scale"]

    def rings(key: str) -> tuple[Ring, ...]:
        out = []
        for flat in data[key]:
            pts = tuple((flat[i] / scale, flat[i + 1] / scale) for i in range(0, len(flat), 2))
            lons, lats = [p[0] for p in pts], [p[1] for p in pts]
            out.append(Ring(pts, (min(lons), min(lats), max(lons), max(lats))))
        return tuple(out)

    return rings("land"), rings("borders")


def mercator_y(lat: float) -> float:
    phi = math.radians(max(-MAX_LAT, min(MAX_LAT, lat)))
    return math.log(math.tan(math.pi / 4 + phi / 2))


def inverse_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


@dataclass(frozen=True, slots=True)
class Projection:
    """Web-Mercator, scaled and shifted so the padded box fills WIDTH × HEIGHT."""

    x0: float  # projected coordinates of the view's top-left corner
    y0: float
    k: float  # pixels per projected unit

    @classmethod
    def fit(cls, lons: list[float], lats: list[float]) -> Projection:
        lon0, lon1 = min(lons), max(lons)
        lat0, lat1 = min(lats), max(lats)
        pad_lon = max(0.15 * (lon1 - lon0), (MIN_SPAN_DEG - (lon1 - lon0)) / 2, 0.0)
        pad_lat = max(0.15 * (lat1 - lat0), (MIN_SPAN_DEG - (lat1 - lat0)) / 2, 0.0)
        lon0, lon1 = max(-180.0, lon0 - pad_lon), min(180.0, lon1 + pad_lon)
        lat0, lat1 = max(-MAX_LAT, lat0 - pad_lat), min(MAX_LAT, lat1 + pad_lat)
        xa, xb = math.radians(lon0), math.radians(lon1)
        ya, yb = mercator_y(lat0), mercator_y(lat1)
        k = min(WIDTH / (xb - xa), HEIGHT / (yb - ya))  # spans > 0 thanks to the padding
        cx, cy = (xa + xb) / 2, (ya + yb) / 2
        return cls(cx - WIDTH / 2 / k, cy + HEIGHT / 2 / k, k)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (math.radians(lon) - self.x0) * self.k, (self.y0 - mercator_y(lat)) * self.k

    def box(self) -> tuple[float, float, float, float]:
        """The visible lon/lat box."""
        lon0 = math.degrees(self.x0)
        lon1 = math.degrees(self.x0 + WIDTH / self.k)
        return lon0, inverse_y(self.y0 - HEIGHT / self.k), lon1, inverse_y(self.y0)


def _path(project: Projection, points: tuple[tuple[float, float], ...], closed: bool) -> str:
    xy = [project(lon, lat) for lon, lat in points]
    body = "L".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    return f"M{body}{'Z' if closed else ''}"


def _base_layer(project: Projection) -> list[str]:
    lon0, lat0, lon1, lat1 = project.box()
    land, borders = basemap()

    def visible(r: Ring) -> bool:
        a, b, c, d = r.box
        return a <= lon1 and c >= lon0 and b <= lat1 and d >= lat0

    out = []
    land_d = "".join(_path(project, r.points, True) for r in land if visible(r))
    if land_d:
        out.append(f'<path class="land" d="{land_d}"/>')
    border_d = "".join(_path(project, r.points, False) for r in borders if visible(r))
    if border_d:
        out.append(f'<path class="border" d="{border_d}"/>')
    return out


def flows(plan: Plan) -> dict[tuple[str, str, str], tuple[float, int]]:
    """(origin, destination, mode) -> (tonnes, departures) over the departures the plan runs."""
    acc: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for run in plan.departures:
        a = acc[(run.origin, run.destination, run.mode)]
        a[0] += run.load_t
        a[1] += 1
    return {key: (t, int(n)) for key, (t, n) in acc.items()}


def _flow_layer(scenario: Scenario, plan: Plan, project: Projection) -> list[str]:
    fl = flows(plan)
    top = max((t for t, _ in fl.values()), default=0.0) or 1.0
    pair_count: dict[frozenset[str], int] = defaultdict(int)
    out = []
    for (o, d, mode), (tonnes, runs) in sorted(fl.items(), key=lambda kv: (-kv[1][0], kv[0])):
        x1, y1 = project(scenario.site(o).lon, scenario.site(o).lat)
        x2, y2 = project(scenario.site(d).lon, scenario.site(d).lat)
        k = pair_count[frozenset((o, d))]
        pair_count[frozenset((o, d))] += 1
        bend = 0.12 + 0.1 * k  # parallel flows of other modes fan out; A->B and B->A curve apart
        cx, cy = (x1 + x2) / 2 - (y2 - y1) * bend, (y1 + y2) / 2 + (x2 - x1) * bend
        width = 1.5 + 6.5 * math.sqrt(max(0.0, tonnes) / top)
        tip = (
            f"{scenario.site(o).name} → {scenario.site(d).name}, {mode}: "
            f"{num(tonnes, 1)} t on {runs} departure{'s' if runs != 1 else ''}"
        )
        out.append(
            f'<path class="flow" data-mode="{esc(mode)}" d="M{x1:.1f},{y1:.1f}Q{cx:.1f},{cy:.1f} '
            f'{x2:.1f},{y2:.1f}" stroke="{mode_colour(mode)}" stroke-width="{width:.1f}">'
            f"<title>{esc(tip)}</title></path>"
        )
    return out


def throughput(plan: Plan) -> dict[str, float]:
    """Tonnes leaving plus tonnes arriving per site, over the departures run."""
    out: dict[str, float] = defaultdict(float)
    for run in plan.departures:
        out[run.origin] += run.load_t
        out[run.destination] += run.load_t
    return out


def _site_layer(sites: tuple[Site, ...], plan: Plan, project: Projection) -> list[str]:
    """Marks for the sites in view; labels placed greedily (hubs, then busiest sites first) and
    left out where they would overlap one already placed: every mark keeps its tooltip."""
    busy = throughput(plan)
    ranked = sorted(sites, key=lambda s: (not s.hub, -busy.get(s.id, 0.0), s.id))
    placed: list[tuple[float, float, float, float]] = []
    labelled: set[str] = set()
    for s in ranked:
        x, y = project(s.lon, s.lat)
        if not inside(x, y):
            continue
        box = (x + 6, y - 16, x + 8 + LABEL_CHAR_PX * len(s.name), y - 3)
        if not any(_overlap(box, other) for other in placed):
            placed.append(box)
            labelled.add(s.id)
    out = []
    for s in sorted(sites, key=lambda s: s.hub):  # hubs on top
        x, y = project(s.lon, s.lat)
        if not inside(x, y):
            continue
        kind = "hub" if s.hub else s.kind
        tip = esc(f"{s.name} ({s.id}), {kind}, {s.lat:.3f}°, {s.lon:.3f}°")
        mark = (
            f'<rect class="hub" x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10"/>'
            if s.hub
            else f'<circle class="site" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>'
        )
        label = (
            f'<text x="{x + 7:.1f}" y="{y - 5:.1f}">{esc(s.name)}</text>'
            if s.id in labelled
            else ""
        )
        out.append(f'<g class="site-mark"><title>{tip}</title>{mark}{label}</g>')
    return out


def inside(x: float, y: float) -> bool:
    return 0 <= x <= WIDTH and 0 <= y <= HEIGHT


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legend(modes: list[str]) -> str:
    items = [f'<span><i style="background:{mode_colour(m)}"></i>{esc(m)}</span>' for m in modes]
    items.append('<span><b class="hub-key"></b>hub</span><span><b class="site-key"></b>site</span>')
    return f'<div class="legend">{"".join(items)}</div>'


def _truck_layer(scenario: Scenario, plan: Plan, project: Projection) -> list[str]:
    """Own-fleet truck routes as thin dashed polylines, depot -> stops -> depot (one per path)."""
    paths: dict[tuple[str, ...], int] = defaultdict(int)
    for r in plan.routes:
        paths[(r.depot, *(x.site for x in r.stops), r.depot)] += 1
    out = []
    for sites, n in sorted(paths.items()):
        pts = [project(scenario.site(x).lon, scenario.site(x).lat) for x in sites]
        d = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        tip = f"own truck route{'s' if n > 1 else ''} ×{n}: " + " → ".join(
            scenario.site(x).name for x in sites
        )
        out.append(f'<path class="truck" d="{d}"><title>{esc(tip)}</title></path>')
    return out


def _svg(
    scenario: Scenario,
    plan: Plan,
    fit: list[Site],
    css_class: str,
    label: str,
    trucks: bool = False,
) -> str:
    project = Projection.fit([s.lon for s in fit], [s.lat for s in fit])
    parts = [
        f'<svg class="{css_class}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{esc(label)}"><rect class="sea" width="{WIDTH}" height="{HEIGHT}"/>'
    ]
    parts += _base_layer(project)
    parts += _flow_layer(scenario, plan, project)
    if trucks:
        parts += _truck_layer(scenario, plan, project)
    parts += _site_layer(scenario.sites, plan, project)
    parts.append("</svg>")
    return "".join(parts)


def detail_sites(scenario: Scenario, plan: Plan) -> tuple[Site, list[Site]] | None:
    """When the sites span more than ``DETAIL_SPAN_DEG``, the busiest hub (or site) and the sites
    within ``DETAIL_RADIUS_DEG`` of it, for a second, zoomed-in map; None when not worth it."""
    lons, lats = [s.lon for s in scenario.sites], [s.lat for s in scenario.sites]
    if max(max(lons) - min(lons), max(lats) - min(lats)) <= DETAIL_SPAN_DEG:
        return None
    busy = throughput(plan)
    centre = max(scenario.sites, key=lambda s: (s.hub, busy.get(s.id, 0.0), s.id))
    near = [
        s
        for s in scenario.sites
        if abs(s.lon - centre.lon) <= DETAIL_RADIUS_DEG
        and abs(s.lat - centre.lat) <= DETAIL_RADIUS_DEG
    ]
    if len(near) < 3 or len(near) == len(scenario.sites):
        return None
    return centre, near


def render_map(scenario: Scenario, plan: Plan) -> str:
    """The map as an inline ``<svg>`` with a legend and the base map's attribution, plus a
    zoomed-in map around the busiest hub when the sites span continents."""
    if not scenario.sites:
        return '<p class="empty">No sites.</p>'
    detail = detail_sites(scenario, plan)
    out = [
        _svg(
            scenario,
            plan,
            list(scenario.sites),
            "map",
            "Map of sites and flows",
            trucks=detail is None,
        )
    ]
    modes = mode_order({m for _, _, m in flows(plan)})
    out.append(_legend(modes))
    if detail is not None:
        centre, near = detail
        out.append(f"<h3>Around {esc(centre.name)}</h3>")
        out.append(
            _svg(scenario, plan, near, "map detail", f"Map around {centre.name}", trucks=True)
        )
    out.append(
        f'<p class="note">{esc(ATTRIBUTION)}. Web-Mercator projection; line width by tonnes '
        "carried; dashed dark lines are own-fleet truck routes; hover a line or a site for details "
        "(labels that would overlap are left out).</p>"
    )
    return "".join(out)
