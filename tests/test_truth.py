"""The truth files of the reading corpora (tests/truth/, read by bench/reading_accuracy.py) hold
what a person reads in each input: every file has a truth file of known keys, and every string
it gives stands in the input's visible text (white space folded, as a title printed over two
lines is written on one). This checks the truth, not the readers."""
from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
from lxml import html

from conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"
TRUTH = ROOT / "tests" / "truth"
KEYS = {
    "web": {"title", "title_from", "first", "last", "furniture", "note"},
    "scraped": {"title", "docnumber", "addressee", "first_heading", "first", "furniture", "note"},
}
SUFFIX = {"web": ".html", "scraped": ".txt"}


def corpus_folder(corpus: str) -> Path:
    folder = CORPUS / corpus
    if not folder.is_dir():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{folder} is missing; CI has shared/ beside the clone")
        pytest.skip(f"{folder} is missing")
    return folder


def folded(text: str) -> str:
    return re.sub(r"\s+", "", text)


def visible_text(path: Path) -> str:
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    page = html.fromstring(path.read_bytes(), parser=html.HTMLParser(encoding="utf-8"))  # all stored as UTF-8
    for hidden in page.xpath("//script | //style | //noscript | //head"):
        hidden.drop_tree()
    return page.text_content()


@pytest.mark.parametrize("corpus", sorted(KEYS))
def test_every_input_has_a_truth_file_and_every_truth_file_an_input(corpus):
    inputs = {p.name for p in corpus_folder(corpus).glob("*" + SUFFIX[corpus])}
    truths = {p.name.removesuffix(".toml") for p in (TRUTH / corpus).glob("*.toml")}
    assert inputs and inputs == truths


@pytest.mark.parametrize("corpus", sorted(KEYS))
def test_each_truth_string_stands_in_its_input(corpus):
    folder = corpus_folder(corpus)
    wrong = []
    for path in sorted((TRUTH / corpus).glob("*.toml")):
        truth = tomllib.loads(path.read_text(encoding="utf-8"))
        assert set(truth) <= KEYS[corpus], (path.name, set(truth) - KEYS[corpus])
        assert "first" in truth, path.name
        text = folded(visible_text(folder / path.name.removesuffix(".toml")))
        strings = [truth.get(key) for key in ("title", "first", "last", "docnumber", "addressee", "first_heading")]
        strings += truth.get("furniture", [])
        wrong += [(path.name, s) for s in strings if s is not None and folded(s) not in text]
    assert not wrong
