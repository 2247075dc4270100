"""How well the readers read documents from sites and offices they were not written for.

Each input of the web and scraped corpora (../shared/corpus) has a truth file in
tests/truth/CORPUS/NAME.toml, written by reading the input itself, never from this program's
output: the title as printed, the first and last sentence of the body, the 发文字号, the
addressee and the first heading where printed, and strings of site furniture. This script
reads every input into its model, as `report-convert` does, and counts per corpus:

- title: the model's title equals the truth's (white space ignored);
- first, last: the sentence is in the model's visible text;
- docnumber: the model's 发文字号 (meta/docnumber, shown after the title or in the 版头 the model
  draws), of the inputs that print one;
- addressee, heading: the model has it as that element (of the inputs that print one);
- clean: no furniture string is in the model's visible text (what the reader set aside in
  `dropped` is not visible).

An input the reader refuses counts as a miss on every count. Usage:
    python bench/reading_accuracy.py            a table per corpus
    python bench/reading_accuracy.py --misses   and every miss, input by input
    python bench/reading_accuracy.py --json     the counts as JSON
"""
from __future__ import annotations

import json
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.batch import Source, load_model  # noqa: E402
from convert.errors import ConvertError  # noqa: E402
from convert.model.tree import blocks  # noqa: E402
from convert.options import Options  # noqa: E402

CORPORA = ("web", "scraped")
CORPUS = ROOT.parent / "shared" / "corpus"
TRUTH = ROOT / "tests" / "truth"
CHECKS = ("title", "first", "last", "docnumber", "addressee", "heading", "clean")


def folded(text: str) -> str:
    """Compatibility forms folded (a reader makes ASCII punctuation full-width in Chinese text)
    and white space out (a title printed over lines, or a space a site put in)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def letters(text: str) -> str:
    """Only letters and digits: a sentence found whatever its punctuation became."""
    return "".join(ch for ch in folded(text) if unicodedata.category(ch)[0] in "LN")


def read(path: Path):
    """The model of an input, or the one line the reader refused it with."""
    try:
        return load_model(Source.from_path(path), Options()), None
    except ConvertError as exc:
        return None, exc.line_text()


def judge(truth: dict, model) -> dict[str, bool | None]:
    """Each check: True or False, or None where the truth has nothing to check."""
    wanted = {
        "title": truth.get("title"), "first": truth.get("first"), "last": truth.get("last"),
        "docnumber": truth.get("docnumber"), "addressee": truth.get("addressee"),
        "heading": truth.get("first_heading"), "clean": truth.get("furniture") or None,
    }
    if model is None:
        return {check: (None if value is None else False) for check, value in wanted.items()}
    found = list(blocks(model))
    visible = letters("".join(block.text for block in found))
    first_of = {}
    for block in found:
        first_of.setdefault(block.kind, block)
    heading = first_of.get("heading")

    def text_of(kind: str) -> str:
        return folded(first_of[kind].text) if kind in first_of else ""

    result = {
        "title": folded(truth["title"]) == text_of("title") if wanted["title"] else None,
        "first": letters(wanted["first"]) in visible if wanted["first"] else None,
        "last": letters(wanted["last"]) in visible if wanted["last"] else None,
        "docnumber": folded(wanted["docnumber"]) == folded(model.findtext("meta/docnumber") or "")
        if wanted["docnumber"] else None,
        "addressee": (folded(wanted["addressee"]).rstrip("：:") == text_of("addressee").rstrip("：:")
                      if wanted["addressee"] else None),
        "heading": (heading is not None and folded(heading.text) == folded(wanted["heading"])
                    if wanted["heading"] else None),
        "clean": not any(letters(s) in visible for s in wanted["clean"]) if wanted["clean"] else None,
    }
    return result


def measure(corpus: str) -> tuple[dict[str, list[int]], list[str]]:
    """Per check [hits, cases]; and a line per miss."""
    counts = {check: [0, 0] for check in CHECKS}
    misses: list[str] = []
    for truth_path in sorted((TRUTH / corpus).glob("*.toml")):
        name = truth_path.name.removesuffix(".toml")
        truth = tomllib.loads(truth_path.read_text(encoding="utf-8"))
        model, refused = read(CORPUS / corpus / name)
        result = judge(truth, model)
        missed = [check for check, ok in result.items() if ok is False]
        for check, ok in result.items():
            if ok is not None:
                counts[check][1] += 1
                counts[check][0] += ok
        if missed:
            misses.append(f"{corpus}/{name}: {', '.join(missed)}" + (f" ({refused})" if refused else ""))
    return counts, misses


def main(argv: list[str]) -> int:
    results = {corpus: measure(corpus) for corpus in CORPORA}
    if "--json" in argv:
        print(json.dumps({corpus: counts for corpus, (counts, _) in results.items()}, ensure_ascii=False))
        return 0
    print("| corpus | inputs | " + " | ".join(CHECKS) + " |")
    print("|---|---|" + "---|" * len(CHECKS))
    for corpus, (counts, _) in results.items():
        inputs = len(list((TRUTH / corpus).glob("*.toml")))
        cells = [f"{hits}/{cases}" if cases else "–" for hits, cases in (counts[c] for c in CHECKS)]
        print(f"| {corpus} | {inputs} | " + " | ".join(cells) + " |")
    if "--misses" in argv:
        for corpus, (_, misses) in results.items():
            print()
            print("\n".join(misses) or f"{corpus}: no miss")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
