"""Build the web map's outline basemap from the npm package world-atlas (Natural Earth, ISC).

Run once at build time; the output ships in the package, so the map never downloads anything:

    python scripts/build_basemap.py        # runs `npm pack world-atlas@2.0.2` in a temp dir
    python scripts/build_basemap.py --topojson countries-110m.json   # a file you have

It decodes the TopoJSON `countries` object (quantised, delta-encoded arcs) into a GeoJSON
FeatureCollection with each country's name, rounding coordinates to 0.01 degree.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "world-atlas@2.0.2"
OUT = Path(__file__).resolve().parents[1] / "src/khaldun/apps/web/static/countries-110m.geojson"

Ring = list[list[float]]


def decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    """Absolute lon/lat arcs from quantised, delta-encoded ones."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 2), round(y * sy + ty, 2)])
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    """Stitch arcs into one ring; a negative index ~i is arc i reversed."""
    points: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    deduped = [p for n, p in enumerate(points) if n == 0 or p != points[n - 1]]
    return unwrap(deduped)


def unwrap(points: Ring) -> Ring:
    """Keep longitudes continuous where a ring crosses the antimeridian (Russia, Fiji,
    Antarctica): a jump of more than 180 degrees would draw a line across the whole map."""
    out: Ring = []
    shift = 0.0
    for n, (lon, lat) in enumerate(points):
        if n and abs(lon + shift - out[-1][0]) > 180:
            shift += 360.0 if out[-1][0] > lon + shift else -360.0
        out.append([round(lon + shift, 2), lat])
    return out


def feature(geometry: dict[str, Any], arcs: list[Ring]) -> dict[str, Any] | None:
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return None
    rings = [[ring(r, arcs) for r in polygon] for polygon in polygons]
    rings = [[r for r in polygon if len(r) >= 4] for polygon in rings]
    rings = [polygon for polygon in rings if polygon]
    return {"type": "Feature", "properties": {"name": geometry.get("properties", {}).get("name")},
            "geometry": {"type": "MultiPolygon", "coordinates": rings}}


def convert(topo: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topo)
    features = [f for g in topo["objects"]["countries"]["geometries"]
                if (f := feature(g, arcs)) is not None]
    return {"type": "FeatureCollection",
            "source": "Natural Earth 1:110m via world-atlas 2.0.2 (ISC licence)",
            "features": features}


def fetch_topojson(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                   capture_output=True)
    tgz = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(tgz) as archive:
        archive.extract("package/countries-110m.json", workdir, filter="data")
    return workdir / "package/countries-110m.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topojson", type=Path, help="countries-110m.json from world-atlas")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.topojson or fetch_topojson(Path(tmp))
        collection = convert(json.loads(source.read_text(encoding="utf-8")))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(collection['features'])} countries to {args.out}")


if __name__ == "__main__":
    main()
