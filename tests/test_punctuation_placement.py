"""Punctuation placement (GB/T 15834, clreq 3.1): the convention a document takes, and where its
marks' ink sits in their cells, measured from 300 dpi renders by bench/punctuation_placement.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, require_tool

from convert.readers import xml as xml_reader
from convert.model import convention as placement

MAX_OFF = 1 / 30  # marks off their convention's side, at most


def report(issuer: str, place: str = "") -> object:
    place_el = f"<place>{place}</place>" if place else ""
    return xml_reader.parse(
        f'<report version="1" xml:lang="zh-Hant"><meta><title>關於某事的通知</title><issuer>{issuer}</issuer>'
        f"{place_el}<source>t</source><transforms/></meta><body><p>正文。</p></body></report>".encode())


def test_the_convention_follows_the_document_not_its_script():
    assert placement.convention_from_metadata(report("江蘇省人民政府", "江蘇")) == "gb"   # mainland, Traditional
    assert placement.convention_from_metadata(report("臺北市政府")) == "tw"
    assert placement.convention_from_metadata(report("行政院")) == "tw"
    recorded = placement.record_convention(report("國務院"))
    assert recorded.find("meta/punctuation").get("convention") == "gb"
    chosen = report("國務院")
    chosen.find("meta/source").addprevious(chosen.makeelement("punctuation", convention="tw"))
    assert placement.convention_of(placement.record_convention(chosen)) == "tw"  # a user's choice stays


def test_marks_sit_on_their_conventions_side():
    """The sample (a mainland document in Traditional script, cwTeX 仿宋, whose marks are centred)
    and a Simplified report: opening marks in the right half of their cells, closing and pause
    marks in the left half, in all but 1 in 30."""
    require_tool("pdftoppm")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "punctuation_placement.py"), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "PLACEMENT_PAGES": "3"})
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for name, r in results.items():
        assert r["convention"] == "gb"
        assert r["marks"] > 100, (name, r)
        assert r["off"] <= MAX_OFF * r["marks"], (name, r)
