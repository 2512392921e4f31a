#!/usr/bin/env python3
"""The layer rules of authtray-core (docs/architecture.md "The layers"), checked.

A module may use its own layer and those below it, never one above: the
base knows nothing of OpenClaw's stores, the mechanism nothing of providers'
rules, the domain nothing of how things are shown, nothing below app/ calls
a use case. Reads `crate::<module>` paths in code (comments and test modules
are skipped); exits 1 naming each file and line that climbs.
"""
import pathlib
import re
import sys

LAYERS = [
    ("base", "error paths time secret json files"),
    ("mechanism", "store config oauth agents gateway openclaw_cli settings findings"),
    ("domain", "order health refresh providers cli_logins usage keychain"),
    ("views", "report attention notice words"),
    ("install", "install"),
    ("app", "app"),
    ("transports", "remote desktop"),
]
LEVEL = {m: i for i, (_, mods) in enumerate(LAYERS) for m in mods.split()}
SRC = pathlib.Path(__file__).resolve().parent.parent / "src-tauri/core/src"
PATH = re.compile(r"crate::(?:\{\s*)?([a-z_]+)")
GROUP = re.compile(r"crate::\{([^}]*)\}", re.S)


def module_of(path: pathlib.Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".rs")


def product_code(text: str) -> str:
    """The file without comments and without its test module (lines kept)."""
    cut = re.search(r"^\s*#\[cfg\(test\)\]\s*\n\s*mod tests\b", text, re.M)
    if cut:
        text = text[: cut.start()]
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def used_modules(code: str):
    """(line number, module) for every `crate::m` and `crate::{m, …}`."""
    for m in PATH.finditer(code):
        yield code.count("\n", 0, m.start()) + 1, m.group(1)
    for g in GROUP.finditer(code):
        for t in re.finditer(r"(?:^|,)\s*([a-z_]+)", g.group(1)):
            yield code.count("\n", 0, g.start(1) + t.start(1)) + 1, t.group(1)


def main() -> int:
    climbs, unknown = [], set()
    for path in sorted(SRC.rglob("*.rs")):
        if path.name in ("lib.rs", "tests.rs"):
            continue
        here = module_of(path)
        if here not in LEVEL:
            unknown.add(here)
            continue
        for n, target in sorted(set(used_modules(product_code(path.read_text())))):
            if target in ("self", "super"):
                continue
            if target not in LEVEL:
                unknown.add(target)
            elif LEVEL[target] > LEVEL[here]:
                climbs.append(
                    f"{path.relative_to(SRC.parents[2])}:{n}: {here} ({LAYERS[LEVEL[here]][0]}) "
                    f"uses {target} ({LAYERS[LEVEL[target]][0]})"
                )
    for c in climbs:
        print(c, file=sys.stderr)
    if unknown:
        print(f"modules in no layer (add them to scripts/check-layers.py): {sorted(unknown)}", file=sys.stderr)
    if climbs or unknown:
        return 1
    print(f"authtray-core: every module uses only its layer and those below ({len(LEVEL)} modules, {len(LAYERS)} layers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
