#!/usr/bin/env bash
# Converts every bundled and corpus input into every format with a fixed SOURCE_DATE_EPOCH and
# prints one "sha256  path" line per output: run before and after a refactoring that must not
# change a byte (diff the two listings). Usage: scripts/digest-outputs.sh OUT_DIR [CORPUS_DIR]
set -uo pipefail
out=${1:?usage: scripts/digest-outputs.sh OUT_DIR [CORPUS_DIR]}
corpus=${2:-../shared/corpus}
convert=${CONVERT:-.venv/bin/report-convert}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
rm -rf "$out" && mkdir -p "$out"
n=0
for dir in reports tests/data tests/data/docx tests/data/gov-cn tests/data/html "$corpus" "$corpus"/*/; do
    [ -d "$dir" ] || continue
    n=$((n + 1))
    find "$dir" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.html' -o -name '*.docx' -o -name '*.xml' \) \
        -not -name 'README*' -not -name 'SOURCES*' | sort > "$out/list$n"
    [ -s "$out/list$n" ] || continue
    "$convert" "@$out/list$n" -o "$out/$n" --to all -q -j 2 2> "$out/errors$n" || true
done
(cd "$out" && find . -type f -not -name 'list*' -not -name 'errors*' -print0 | sort -z | xargs -0 sha256sum)
cat "$out"/errors* >&2
