"""What makes a run's start-up cheaper (issue #28) changes nothing else: a dataclass made with
its methods' code from the cache is the class Python makes, and a module loaded on first use
is the module."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

from conftest import ROOT
from convert import startup

# No `from __future__ import annotations` in the classes' source: exec must not give them one.
SOURCE = """
from dataclasses import dataclass, field

@dataclass(frozen=True)
class Point:
    x: int
    y: float = 0.5
    tags: tuple = field(default_factory=tuple)

@dataclass(kw_only=True, eq=False)
class Named:
    name: str
"""


def made(source: str, module: str = "convert.made_in_a_test") -> dict:
    namespace: dict = {"__name__": module}
    exec(compile(source, "<test>", "exec", dont_inherit=True), namespace)
    return namespace


def test_a_dataclass_from_cached_code_is_the_same_class():
    assert dataclasses.exec is startup.cached_exec  # installed by importing convert
    cached = made(SOURCE)
    dataclasses.exec = exec
    try:
        plain = made(SOURCE)
    finally:
        startup.install()
    for ns in (cached, plain):
        p = ns["Point"](1)
        assert (p, repr(p), hash(p) == hash(ns["Point"](1, 0.5, ()))) == (ns["Point"](1, 0.5), "Point(x=1, y=0.5, tags=())", True)
        assert ns["Point"].__init__.__annotations__ == {"x": int, "y": float, "tags": tuple, "return": None}
        try:
            p.x = 2
            raise AssertionError("a frozen instance was changed")
        except dataclasses.FrozenInstanceError:
            pass
        assert ns["Named"](name="a") != ns["Named"](name="a")  # eq=False: identity
    assert [f.name for f in dataclasses.fields(cached["Point"])] == ["x", "y", "tags"]


def test_another_librarys_dataclass_is_compiled_as_without_the_cache():
    """Only convert's classes go through the cache (its exec is patched for the whole process)."""
    source = "from dataclasses import dataclass\n@dataclass\nclass C:\n    {}: int\n"
    before = dict(startup._codes)
    other = made(source.format("field_of_another_library"), module="some_library.models")
    assert other["C"](1).field_of_another_library == 1
    assert startup._codes == before  # nothing of it looked up or kept
    ours = made(source.format("field_of_ours"), module="convert.made_in_a_test")
    assert ours["C"](1).field_of_ours == 1
    assert any("field_of_ours" in text for text in startup._codes)  # the control: ours is kept


SHOW = ("import json, convert.style, convert.typeset.layout\n"
        "from convert import startup\n"
        "startup.save()\n"
        "print(json.dumps([len(startup._codes), startup._added]))\n")


def test_a_second_process_compiles_no_dataclass_method(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(XDG_CACHE_HOME=str(tmp_path), PYTHONPATH=str(ROOT))

    def run() -> list:
        out = subprocess.run([sys.executable, "-c", SHOW], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
        return json.loads(out.stdout)

    first_codes, first_added = run()
    assert first_added == []  # saved: written to the file
    assert first_codes > 50 and list((tmp_path / "report-convert").glob("dataclass-code-*.marshal"))
    second_codes, _ = run()
    assert second_codes == first_codes  # all read back; none compiled again


def test_a_damaged_cache_file_is_compiled_over(tmp_path):
    (tmp_path / "report-convert").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(XDG_CACHE_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    name = f"dataclass-code-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal"
    (tmp_path / "report-convert" / name).write_bytes(b"\xe3not marshal")
    out = subprocess.run([sys.executable, "-c", SHOW], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    assert json.loads(out.stdout)[0] > 50


def test_a_module_loaded_on_first_use_runs_when_an_attribute_is_read():
    code = ("import sys\n"
            "from convert.startup import load_on_first_use\n"
            "load_on_first_use('colorsys')\n"
            "colorsys = sys.modules['colorsys']  # (an import statement reads __spec__: it would load it)\n"
            "before = type(colorsys).__name__\n"  # type() reads no attribute of the module
            "print(before, colorsys.rgb_to_hsv(1, 0, 0), type(colorsys).__name__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split("\n")[0] == "_LazyModule (0.0, 1.0, 1) module"


def test_a_cache_file_others_could_have_written_is_not_used(tmp_path):
    from convert.startup import _read

    path = tmp_path / "codes.marshal"
    path.write_bytes(__import__("marshal").dumps({"x = 1": compile("x = 1", "<string>", "exec")}))
    path.chmod(0o644)
    assert list(_read(str(path))) == ["x = 1"]
    path.chmod(0o666)  # writable by anyone: its code is not run
    assert _read(str(path)) == {}
