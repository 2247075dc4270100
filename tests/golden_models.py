"""Golden models (pandoc's .native files): the model XML that the readers make of every
reader fixture (reports/ and tests/data), kept in tests/golden/ as NAME.EXT.xml beside
the input's folder (tests/golden/reports/…, tests/golden/data/…).

tests/test_golden.py compares them on every run; only `make golden` (this file, run as
a script) writes them again, after a change to a reader that is meant to change a model.
An input that makes no model (a fixture of an error) has no golden file: it is compared
as missing. The models are made by the command itself, as a user gets them, with
SOURCE_DATE_EPOCH fixed."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
FOLDERS = ("reports", "tests/data", "tests/data/docx", "tests/data/gov-cn", "tests/data/html")
READ = (".txt", ".html", ".docx", ".xml")
SOURCE_DATE_EPOCH = "1700000000"


def inputs() -> list[Path]:
    """Every reader fixture (the HTML reader's expected texts, *.article.txt, are none)."""
    return [path for folder in FOLDERS for path in sorted((ROOT / folder).iterdir())
            if path.is_file() and path.suffix in READ and not path.name.endswith(".article.txt")]


def golden_path(source: Path) -> Path:
    relative = source.relative_to(ROOT)
    if relative.parts[0] == "tests":
        relative = relative.relative_to("tests")
    return GOLDEN / relative.parent / f"{relative.name}.xml"


def models(work: Path) -> dict[Path, bytes]:
    """golden path -> the model the command makes now, for every input that makes one."""
    sources = inputs()
    listing = work / "inputs"
    listing.write_text("".join(f"{path}\n" for path in sources), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env.pop("PYTHONPATH", None)  # cwd=ROOT: `python -m convert` runs this checkout
    subprocess.run([sys.executable, "-m", "convert", f"@{listing}", "-o", str(work / "out"), "--to", "xml",
                    "-q", "-j", "2"], cwd=ROOT, env=env, capture_output=True, timeout=600)
    # Outputs mirror the inputs' folders below their common one; the stems are unique.
    written = {path.stem: path for path in (work / "out").rglob("*.xml")}
    return {golden_path(source): written[source.stem].read_bytes() for source in sources if source.stem in written}


def kept() -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(GOLDEN.rglob("*.xml"))}


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        made = models(Path(work))
    for path in set(kept()) - set(made):
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    for path, data in sorted(made.items()):
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}")
    print(f"{len(made)} golden models in {GOLDEN.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
