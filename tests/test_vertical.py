"""The vertical edition's transforms (convert/transforms/vertical.py)."""
import copy

from convert.model import tree
from convert.transforms import vertical
from tests.conftest import read_report, SAMPLE, DATA


def quotes(text: str) -> str:
    return "".join(ch for ch in text if ch in "“”‘’「」『』")


def test_traditional_text_takes_corner_quotes_nested_as_taiwan_sets_them():
    report = copy.deepcopy(read_report(SAMPLE))
    before = quotes(tree.plain_text(report))
    assert "“" in before
    vertical.for_vertical(report)
    after = quotes(tree.plain_text(report))
    assert after == before.translate(str.maketrans("“”‘’", "「」『』"))
    names = [t.get("name") for t in report.iterfind("meta/transforms/transform")]
    assert names[-1] == "corner-quotes"
    assert str(len(before)) in report.find("meta/transforms")[-1].get("detail")


def test_simplified_text_and_the_record_keeping_stay_as_they_are():
    report = copy.deepcopy(read_report(DATA / "gwr-2021.txt"))
    text = tree.plain_text(report)
    vertical.for_vertical(report)
    assert tree.plain_text(report) == text
    trad = copy.deepcopy(read_report(SAMPLE))
    dropped = [x.text for x in trad.iterfind("dropped/line")]
    vertical.for_vertical(trad)
    assert [x.text for x in trad.iterfind("dropped/line")] == dropped
