"""Each reader fixture's model against its golden model in tests/golden/ (see golden_models.py):
a change to what a reader makes shows here as a unified diff, and is kept only by
`make golden`."""
from __future__ import annotations

import difflib

import pytest

import golden_models as golden

CASES = {golden.golden_path(source).relative_to(golden.GOLDEN).as_posix(): source for source in golden.inputs()}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return golden.models(tmp_path_factory.mktemp("golden"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_model_is_the_golden_one(made, name):
    path = golden.GOLDEN / name
    if path not in made and not path.exists():
        return  # an input that makes no model, and none is kept (an error fixture)
    assert path in made, f"{CASES[name].name} made no model; {name} is kept (make golden removes it)"
    assert path.exists(), f"no golden model {name} for {CASES[name].name}: make golden writes it"
    kept, now = path.read_text(encoding="utf-8"), made[path].decode("utf-8")
    if kept != now:
        diff = "".join(difflib.unified_diff(kept.splitlines(keepends=True), now.splitlines(keepends=True),
                                            f"tests/golden/{name}", f"the model of {CASES[name].name} now"))
        pytest.fail(f"the model differs from the golden one (make golden keeps the new one):\n{diff}", pytrace=False)


def test_every_golden_model_has_its_input():
    orphans = set(golden.kept()) - {golden.GOLDEN / name for name in CASES}
    assert not orphans, f"golden models of no input (make golden removes them): {sorted(map(str, orphans))}"
