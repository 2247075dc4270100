"""Styles are data: TOML files in styles/, read with tomllib."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"
DEFAULT_STYLE = "official"


class StyleError(ValueError):
    pass


@lru_cache(maxsize=None)
def load(name_or_path: str = DEFAULT_STYLE) -> dict:
    """A style by name (styles/NAME.toml) or by path to a .toml file."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = STYLES_DIR / f"{name_or_path}.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise StyleError(f"no style {name_or_path!r} (looked for {path})") from None
    except tomllib.TOMLDecodeError as exc:
        raise StyleError(f"{path}: {exc}") from None


def font_stack(style: dict, role: str, lang: str) -> list[str]:
    """The ordered font families for a role ('body', 'hei', ...) in a script."""
    script = "hans" if lang == "zh-Hans" else "hant"
    return list(style["fonts"][script][style["roles"][role]["font"]] if role in style["roles"] else style["fonts"][script][role])


def styles_file(name: str) -> Path:
    return STYLES_DIR / name
