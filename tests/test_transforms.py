"""The small named transforms, each alone."""
from __future__ import annotations

import pytest

from convert.transforms import cleanup
from convert.transforms.punctuation import to_fullwidth


@pytest.mark.parametrize(
    "before, after",
    [
        ("職能,最佳化治理", "職能，最佳化治理"),
        ("綱要(2015-2020年)》", "綱要（2015-2020年）》"),
        ("中國(江蘇)自由貿易試驗區", "中國（江蘇）自由貿易試驗區"),
        ("要求:一是", "要求：一是"),
        ("改革; 推動", "改革；推動"),
        ("是嗎?是!", "是嗎？是！"),
        ("(又稱“蘇政50條”)", "（又稱“蘇政50條”）"),
        ("增長5.1%, 12,345元", "增長5.1%, 12,345元"),  # no CJK neighbour: left alone
        ("增長5.1%,達到", "增長5.1%，達到"),
        ("PPP, ETF (Latin) 10:30", "PPP, ETF (Latin) 10:30"),
    ],
)
def test_fullwidth_punctuation(before, after):
    assert to_fullwidth(before)[0] == after


def test_fullwidth_counts_changes():
    assert to_fullwidth("甲,乙(丙)")[1] == 3
    assert to_fullwidth("a, b (c)")[1] == 0


def test_cleanup_transforms():
    assert cleanup.normalize_newlines("a\r\nb\rc") == "a\nb\nc"
    assert cleanup.remove_zero_width("各位\u200b代表\ufeff") == ("各位代表", 2)
    assert cleanup.remove_control_characters("稳中\x07求进\x1b\x7f\x85\x9f") == ("稳中求进", 5)
    assert cleanup.join_spaced_digits("1 9 9 7 年增长1 1 ％") == ("1997年增长11％", 6)
    assert cleanup.join_spaced_digits("共 3 项") == ("共 3 项", 0)
    assert cleanup.is_zero_width_only("\u200b") and not cleanup.is_zero_width_only("")
