"""An SVG map of sites and flows on a vendored Natural Earth base layer (nothing is fetched).

Web-Mercator, framed on its content (the sites and the lanes drawn) with a margin; the map's
height follows the content's shape. Labels are placed beside their mark where they neither
overlap another label nor leave the frame; sites that share a point share one stacked label.
Every function returns an SVG/HTML fragment from plain data, so a dashboard can reuse them.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from hubflow.model import Plan, Scenario, Site
from hubflow.report.fmt import esc, num
from hubflow.report.lanes import SEA_LANE, Lane, lanes_for
from hubflow.report.names import mode_name, short_name
from hubflow.report.palette import mode_colour, mode_order

WIDTH = 960
MIN_HEIGHT, MAX_HEIGHT = 320, 620
MIN_SPAN_DEG = 2.0
MAX_LAT = 85.0
PAD = 0.06  # margin around the content, as a share of the frame
DETAIL_SPAN_DEG = 15.0  # beyond this span, add a zoomed-in map around the busiest hub
DETAIL_RADIUS_DEG = 4.0
HUB_ROOM_DEG = 0.8  # the zoomed-in map shows at least this much around its hub
LABEL_CHAR_PX = 6.4  # a generous width of one label character at 11 px
LINE_PX = 13
SAME_POINT_PX = 6.0  # marks closer than this share one label
SAME_POINT_LINES = 8  # sites at one point are all named, up to this many
CLUSTER_LINES = 3  # a group of more sites is labelled by its busiest site "+ n more"
ATTRIBUTION = "Base map: Natural Earth (public domain), via world-atlas 2.0.2 (ISC)"
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Ring:
    """A base-map polyline in degrees, with its bounding box for cheap culling."""

    points: tuple[tuple[float, float], ...]
    box: tuple[float, float, float, float]  # lon0, lat0, lon1, lat1


@lru_cache(maxsize=1)
def basemap() -> tuple[tuple[Ring, ...], tuple[Ring, ...]]:
    """(land rings, border lines) from ``assets/basemap.json`` (see assets/SOURCES.md); an
    immutable asset read once per process."""
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
    """Web-Mercator, scaled and shifted so the padded content fills ``width`` × ``height``."""

    x0: float  # projected coordinates of the view's top-left corner
    y0: float
    k: float  # pixels per projected unit
    width: float = WIDTH
    height: float = MAX_HEIGHT

    @classmethod
    def fit(cls, lons: Sequence[float], lats: Sequence[float], width: float = WIDTH) -> Projection:
        """Frame the points with a margin; the height follows their shape, within
        [MIN_HEIGHT, MAX_HEIGHT]; content smaller than MIN_SPAN_DEG both ways is widened to it."""
        lon0, lon1 = min(lons), max(lons)
        lat0, lat1 = max(-MAX_LAT, min(lats)), min(MAX_LAT, max(lats))
        if max(lon1 - lon0, lat1 - lat0) < MIN_SPAN_DEG:  # a point or a tiny cluster
            grow_lon = (MIN_SPAN_DEG - (lon1 - lon0)) / 2
            grow_lat = (MIN_SPAN_DEG - (lat1 - lat0)) / 2
            lon0, lon1 = lon0 - grow_lon, lon1 + grow_lon
            lat0, lat1 = max(-MAX_LAT, lat0 - grow_lat), min(MAX_LAT, lat1 + grow_lat)
        xa, xb = math.radians(lon0), math.radians(lon1)
        ya, yb = mercator_y(lat0), mercator_y(lat1)
        inner = 1 - 2 * PAD
        k = width * inner / (xb - xa) if xb > xa else math.inf
        height = min(MAX_HEIGHT, max(MIN_HEIGHT, (yb - ya) * k / inner))
        if yb > ya:
            k = min(k, height * inner / (yb - ya))
        cx, cy = (xa + xb) / 2, (ya + yb) / 2
        return cls(cx - width / 2 / k, cy + height / 2 / k, k, width, round(height))

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (math.radians(lon) - self.x0) * self.k, (self.y0 - mercator_y(lat)) * self.k

    def box(self) -> tuple[float, float, float, float]:
        """The visible lon/lat box."""
        lon0 = math.degrees(self.x0)
        lon1 = math.degrees(self.x0 + self.width / self.k)
        return lon0, inverse_y(self.y0 - self.height / self.k), lon1, inverse_y(self.y0)

    def inside(self, x: float, y: float) -> bool:
        return 0 <= x <= self.width and 0 <= y <= self.height


def _path(project: Projection, points: Sequence[tuple[float, float]], closed: bool) -> str:
    body = "L".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat in points))
    return f"M{body}{'Z' if closed else ''}"


def _base_layer(project: Projection) -> list[str]:
    lon0, lat0, lon1, lat1 = project.box()
    land, borders = basemap()
    out = []
    for shift in {0.0, *([-360.0] if lon0 < -180 else []), *([360.0] if lon1 > 180 else [])}:

        def visible(r: Ring, s: float = shift) -> bool:
            a, b, c, d = r.box
            return a + s <= lon1 and c + s >= lon0 and b <= lat1 and d >= lat0

        def moved(r: Ring, s: float = shift) -> list[tuple[float, float]]:
            return [(x + s, y) for x, y in r.points]

        land_d = "".join(_path(project, moved(r), True) for r in land if visible(r))
        if land_d:
            out.append(f'<path class="land" d="{land_d}"/>')
        border_d = "".join(_path(project, moved(r), False) for r in borders if visible(r))
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


def throughput(plan: Plan) -> dict[str, float]:
    """Tonnes leaving plus tonnes arriving per site, over the departures run."""
    out: dict[str, float] = defaultdict(float)
    for run in plan.departures:
        out[run.origin] += run.load_t
        out[run.destination] += run.load_t
    return out


def _flow_layer(
    scenario: Scenario,
    fl: dict[tuple[str, str, str], tuple[float, int]],
    lanes: dict[tuple[str, str, str], Lane],
    project: Projection,
) -> list[str]:
    """One line per flow along its lane, width by tonnes; parallel straight flows between the
    same two sites are set apart sideways so that each stays visible."""
    top = max((t for t, _ in fl.values()), default=0.0) or 1.0
    pair_count: dict[frozenset[str], int] = defaultdict(int)
    out = []
    for (o, d, mode), (tonnes, runs) in sorted(fl.items(), key=lambda kv: (-kv[1][0], kv[0])):
        lane = lanes[(o, d, mode)]
        pts = [project(lon, lat) for lon, lat in lane.points]
        width = 1.5 + 6.5 * math.sqrt(max(0.0, tonnes) / top)
        if lane.kind != SEA_LANE:
            k = pair_count[frozenset((o, d))]
            pair_count[frozenset((o, d))] += 1
            pts = _offset(pts, (2.0 + width / 2) * k)
        tip = (
            f"{scenario.site(o).name} → {scenario.site(d).name}, {mode_name(mode)} "
            f"({'along the sea lane' if lane.kind == SEA_LANE else 'drawn straight'}): "
            f"{num(tonnes, 1)} t on {runs} departure{'s' if runs != 1 else ''}"
        )
        d_attr = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        out.append(
            f'<path class="flow" data-mode="{esc(mode)}" data-lane="{esc(lane.kind)}" '
            f'd="{d_attr}" stroke="{mode_colour(mode)}" stroke-width="{width:.1f}">'
            f"<title>{esc(tip)}</title></path>"
        )
    return out


def _offset(pts: list[tuple[float, float]], by: float) -> list[tuple[float, float]]:
    """A straight segment moved ``by`` px to the right of its direction of travel."""
    if by == 0 or len(pts) != 2:
        return pts
    (x1, y1), (x2, y2) = pts
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    nx, ny = -(y2 - y1) / length * by, (x2 - x1) / length * by
    return [(x1 + nx, y1 + ny), (x2 + nx, y2 + ny)]


@dataclass(frozen=True, slots=True)
class Group:
    """Sites drawn at (nearly) one point, labelled together."""

    x: float
    y: float
    sites: tuple[Site, ...]  # busiest first
    max_lines: int = CLUSTER_LINES

    def lines(self) -> list[str]:
        names = list(dict.fromkeys(short_name(s.name) for s in self.sites))
        if len(names) > self.max_lines:
            return [names[0], f"and {len(names) - 1} sites nearby"]
        return names


def group_sites(
    sites: Sequence[Site], busy: dict[str, float], project: Projection, radius: float
) -> list[Group]:
    """Sites in view, merged greedily (hubs, then busiest first) into groups of marks within
    ``radius`` px of the group's first site. Sites at one point are all named (up to
    ``SAME_POINT_LINES``); a wider cluster names its busiest site and counts the others."""
    max_lines = SAME_POINT_LINES if radius <= SAME_POINT_PX else CLUSTER_LINES
    ranked = sorted(sites, key=lambda s: (not s.hub, -busy.get(s.id, 0.0), s.id))
    groups: list[tuple[float, float, list[Site]]] = []
    for s in ranked:
        x, y = project(s.lon, s.lat)
        if not project.inside(x, y):
            continue
        for gx, gy, members in groups:
            if math.hypot(gx - x, gy - y) <= radius:
                members.append(s)
                break
        else:
            groups.append((x, y, [s]))
    return [Group(x, y, tuple(m), max_lines) for x, y, m in groups]


def place_labels(groups: Sequence[Group], width: float, height: float) -> dict[int, Box]:
    """Group index -> label box (x0, y0, x1, y1): the first of right, left, above, below the
    mark that stays inside the frame and clear of labels and marks already placed."""
    marks = [(g.x - 5, g.y - 5, g.x + 5, g.y + 5) for g in groups]
    placed: dict[int, Box] = {}
    for i, g in enumerate(groups):
        lines = g.lines()
        w = max(len(t) for t in lines) * LABEL_CHAR_PX + 4
        h = LINE_PX * len(lines) + 2
        candidates = []
        for gap in (8.0, 22.0, 40.0):  # beside the mark first, further out (with a leader)
            candidates += [
                (g.x + gap, g.y - h / 2),
                (g.x - gap - w, g.y - h / 2),
                (g.x - w / 2, g.y - gap - h),
                (g.x - w / 2, g.y + gap),
                (g.x + gap - 2, g.y - gap + 2 - h),
                (g.x + gap - 2, g.y + gap - 2),
                (g.x - gap + 2 - w, g.y - gap + 2 - h),
                (g.x - gap + 2 - w, g.y + gap - 2),
            ]
        for x0, y0 in candidates:
            box = (x0, y0, x0 + w, y0 + h)
            if not _within(box, width, height):
                continue
            others = [*placed.values(), *(m for j, m in enumerate(marks) if j != i)]
            if not any(_overlap(box, other) for other in others):
                placed[i] = box
                break
    return placed


def _site_layer(groups: Sequence[Group], labels: dict[int, Box]) -> list[str]:
    """Marks (hubs as squares, on top) with tooltips naming every site, then the labels."""
    out = []
    for g in groups:
        for s in sorted(g.sites, key=lambda s: s.hub):
            kind = "hub" if s.hub else s.kind.replace("_", " ")
            tip = esc(f"{s.name} ({s.id}), {kind}, {s.lat:.3f}°, {s.lon:.3f}°")
            mark = (
                f'<rect class="hub" x="{g.x - 5:.1f}" y="{g.y - 5:.1f}" width="10" height="10"/>'
                if s.hub
                else f'<circle class="site" cx="{g.x:.1f}" cy="{g.y:.1f}" r="3.5"/>'
            )
            out.append(f'<g class="site-mark"><title>{tip}</title>{mark}</g>')
    for i, box in labels.items():
        g = groups[i]
        nx, ny = min(max(g.x, box[0]), box[2]), min(max(g.y, box[1]), box[3])
        if math.hypot(nx - g.x, ny - g.y) > 12:  # a label set further out points to its mark
            out.append(
                f'<line class="leader" x1="{g.x:.1f}" y1="{g.y:.1f}" x2="{nx:.1f}" y2="{ny:.1f}"/>'
            )
        tip = esc("; ".join(s.name for s in g.sites))
        spans = "".join(
            f'<tspan x="{box[0] + 2:.1f}" y="{box[1] + LINE_PX * (n + 1) - 2:.1f}">{esc(t)}</tspan>'
            for n, t in enumerate(g.lines())
        )
        out.append(f'<text class="label"><title>{tip}</title>{spans}</text>')
    return out


def _within(box: Box, width: float, height: float, margin: float = 2.0) -> bool:
    return (
        box[0] >= margin
        and box[1] >= margin
        and box[2] <= width - margin
        and box[3] <= height - margin
    )


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _truck_layer(scenario: Scenario, plan: Plan, project: Projection) -> list[str]:
    """Own-fleet truck routes as thin dashed polylines, depot -> stops -> depot (one per path)."""
    paths: dict[tuple[str, ...], int] = defaultdict(int)
    for r in plan.routes:
        paths[(r.depot, *(x.site for x in r.stops if x.action != "reload"), r.depot)] += 1
    out = []
    for sites, n in sorted(paths.items()):
        pts = [(scenario.site(x).lon, scenario.site(x).lat) for x in sites]
        tip = f"own truck route{'s' if n > 1 else ''} ×{n}: " + " → ".join(
            scenario.site(x).name for x in sites
        )
        out.append(
            f'<path class="truck" d="{_path(project, pts, False)}"><title>{esc(tip)}</title></path>'
        )
    return out


def map_svg(
    scenario: Scenario,
    plan: Plan,
    frame: Sequence[tuple[float, float]],
    lanes: dict[tuple[str, str, str], Lane],
    *,
    label: str,
    css_class: str = "map",
    trucks: bool = False,
    width: float = WIDTH,
    group_px: float = SAME_POINT_PX,
) -> str:
    """One map as an inline ``<svg>``, framed on the (lon, lat) points of ``frame``."""
    project = Projection.fit([p[0] for p in frame], [p[1] for p in frame], width)
    busy = throughput(plan)
    groups = group_sites(scenario.sites, busy, project, group_px)
    labels = place_labels(groups, project.width, project.height)
    parts = [
        f'<svg class="{css_class}" viewBox="0 0 {project.width:.0f} {project.height:.0f}" '
        f'role="img" aria-label="{esc(label)}"><rect class="sea" width="{project.width:.0f}" '
        f'height="{project.height:.0f}"/>'
    ]
    parts += _base_layer(project)
    parts += _flow_layer(scenario, flows(plan), lanes, project)
    if trucks:
        parts += _truck_layer(scenario, plan, project)
    parts += _site_layer(groups, labels)
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


def _around(site: Site, deg: float) -> list[tuple[float, float]]:
    """Four points ``deg`` from a site: framing them keeps the site off the map's edge."""
    return [(site.lon + dx, site.lat + dy) for dx, dy in ((deg, 0), (-deg, 0), (0, deg), (0, -deg))]


def legend(modes: Sequence[str], lanes: dict[tuple[str, str, str], Lane]) -> str:
    """Mode colours with their names, mark shapes, and how the lines were drawn."""
    items = [
        f'<span><i style="background:{mode_colour(m)}"></i>{esc(mode_name(m))}</span>'
        for m in modes
    ]
    items.append('<span><b class="hub-key"></b>hub</span><span><b class="site-key"></b>site</span>')
    kinds = {lane.kind for lane in lanes.values()}
    how = []
    if SEA_LANE in kinds:
        how.append("sea legs follow the shipping lanes (searoute maritime network, offline)")
    if kinds - {SEA_LANE}:
        which = "other legs" if how else "legs"
        how.append(
            f"{which} are drawn straight, as the crow flies (their km may come from the road "
            "and rail networks, but the map does not trace them)"
        )
    note = f'<p class="note">Lines: {esc("; ".join(how))}.</p>' if how else ""
    return f'<div class="legend">{"".join(items)}</div>{note}'


def render_map(scenario: Scenario, plan: Plan, *, width: float = WIDTH) -> str:
    """The map as an inline ``<svg>`` with a legend and the base map's attribution, plus a
    zoomed-in map around the busiest hub when the sites span continents."""
    if not scenario.sites:
        return '<p class="empty">No sites.</p>'
    fl = flows(plan)
    lanes = lanes_for(scenario, fl)
    detail = detail_sites(scenario, plan)
    frame = [(s.lon, s.lat) for s in scenario.sites]
    frame += [p for lane in lanes.values() for p in lane.points]
    out = [
        map_svg(
            scenario,
            plan,
            frame,
            lanes,
            label="Map of sites and flows",
            trucks=detail is None,
            width=width,
            group_px=SAME_POINT_PX if detail is None else 14.0,
        ),
        legend(mode_order({m for _, _, m in fl}), lanes),
    ]
    if detail is not None:
        centre, near = detail
        out.append(f"<h3>Around {esc(short_name(centre.name))}</h3>")
        out.append(
            map_svg(
                scenario,
                plan,
                [(s.lon, s.lat) for s in near] + _around(centre, HUB_ROOM_DEG),
                lanes,
                label=f"Map around {centre.name}",
                css_class="map detail",
                trucks=True,
                width=width,
            )
        )
    out.append(
        f'<p class="note">{esc(ATTRIBUTION)}. Web-Mercator projection; line width by tonnes '
        "carried; dashed dark lines are own-fleet truck routes; sites at one point share a "
        "label; hover a line or a site for details.</p>"
    )
    return "".join(out)
