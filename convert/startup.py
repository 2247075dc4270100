"""What makes a run's start-up cheaper (issue #28): the methods @dataclass writes, compiled once
and kept between runs; modules loaded on first use; files in the cache folder for what is kept.

Python 3.11's dataclasses write each class's __init__, __repr__, __eq__, __hash__ and (frozen)
__setattr__ as source text and compile it: about 0.5 ms a class, most of it the compiling,
0.03 s of a PDF run's start-up for its 60 classes. The code compiled depends on the source text
alone, so it is kept in the cache folder (a marshal file per interpreter version), looked up by
that text: `install` gives the dataclasses module an `exec` that compiles only what the file
does not hold. The classes are the same; only the compiling is skipped. A file that cannot be
read or written costs nothing but the compiling; one that someone else could have written (not
this user's, or writable by others) is not used, as it holds code that runs.
"""
from __future__ import annotations

import builtins
import dataclasses
import marshal
import os
import sys

_codes: dict[str, object] = {}
_added: list[str] = []  # compiled by this process and not yet in the file
_loaded: list[str] = []  # the file read, once


def cache_path(name: str) -> str:
    """A file in the cache folder (convert.cache.configured_root's, computed here without
    importing it: this runs before most imports)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = xdg if xdg and os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "report-convert", name)


def cache_file() -> str:
    return cache_path(f"dataclass-code-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal")


def write_atomically(path: str, data: bytes) -> bool:
    """Write a cache file whole (a temporary file renamed into place), readable and writable by
    this user only (whatever the umask: `_read` refuses a file others could write); whether it
    was written."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def _read(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                return {}
            codes = marshal.loads(f.read())  # marshal.load reads a file in small pieces: 30 times slower
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return codes if isinstance(codes, dict) else {}


def _made_by_this_package() -> bool:
    """Is the dataclass being made one of convert's? (The first caller outside the dataclasses
    module is the module defining the class.)"""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") == "dataclasses":
        frame = frame.f_back
    name = frame.f_globals.get("__name__", "") if frame is not None else ""
    return name == "convert" or str(name).startswith("convert.")


def cached_exec(source, globals=None, locals=None):
    """`exec`, with a string's code compiled once across runs (as exec compiles it: no
    future flags inherited, file name "<string>"), for this package's classes only: another
    library's, in a process that imported convert, are compiled as without it."""
    if type(source) is str and _made_by_this_package():
        if not _loaded:
            _loaded.append(cache_file())
            _codes.update(_read(_loaded[0]))
        code = _codes.get(source)
        if code is None:
            code = _codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            if not _added:
                import atexit

                atexit.register(save)
            _added.append(source)
        source = code
    return builtins.exec(source, globals, locals)


def save() -> None:
    """Add what this process compiled to the file (written whole, then renamed into place)."""
    if not _added or sys.dont_write_bytecode:
        return
    path = _loaded[0] if _loaded else cache_file()
    codes = _read(path)
    if len(codes) > 4000:  # sources of classes that changed since: start afresh
        codes = {}
    codes.update({source: _codes[source] for source in _added})
    write_atomically(path, marshal.dumps(codes))
    _added.clear()


def install() -> None:
    """Make dataclasses compile through the cache (its `exec` is looked up in its module first)."""
    dataclasses.exec = cached_exec


def load_on_first_use(name: str) -> None:
    """Import module `name` in name only: its code runs when one of its attributes is first
    read (importlib's LazyLoader). For a library that imports a slow one it rarely uses."""
    if name in sys.modules:
        return
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
