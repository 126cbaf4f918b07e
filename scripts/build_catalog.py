"""Trim a models.dev catalogue (the shape of https://models.dev/api.json) to what tui-models
uses, and write it inside the package: `tui_models/data/catalog.json.gz`.

    python scripts/build_catalog.py [../shared/data/models.dev/api.json] [--date 2026-07-02]

The output (see `tui_models/reference/snapshot.py`, which reads it) is one JSON object:
`{"source", "date", "licence", "fields", "providers": {provider: [[field values…], …]}}`,
each entry a list in the order of `fields`. models.dev's data is MIT-licensed; the licence
travels with the file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_models.catalogue.snapshot import trim  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "models.dev" / "api.json"
OUT = ROOT / "tui_models" / "data" / "catalog.json.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--date", default="2026-07-02",
                        help="the snapshot's date (models.dev commit date)")
    args = parser.parse_args()
    data = json.loads(args.source.read_text(encoding="utf-8"))
    trimmed = trim(data, args.date, "models.dev (https://models.dev), MIT licence")
    licence = args.source.parent / "LICENSE"
    trimmed["licence"] = licence.read_text(encoding="utf-8") if licence.exists() else "MIT"
    text = json.dumps(trimmed, ensure_ascii=True, separators=(",", ":"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    providers = trimmed["providers"]
    count = sum(len(v) for v in providers.values())
    print(f"{OUT.relative_to(ROOT)}: {len(providers)} providers, {count:,} entries, "
          f"{OUT.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
