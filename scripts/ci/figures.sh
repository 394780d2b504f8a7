#!/usr/bin/env bash
# The figures of the rustdoc pages as data URIs: docs/img/uri/<name>.txt holds
# `data:image/png;base64,…` of docs/img/<name>.png for every figure src/tutorial.rs embeds.
# docs.rs serves only rustdoc's output, not the repository's docs/img/, and the crate has no
# public repository URL to link to, so the pages carry their pictures themselves.
#
#   scripts/ci/figures.sh          write the .txt files from the PNGs
#   scripts/ci/figures.sh --check  fail if any .txt is missing, stale or unused (CI runs this)
#
# Needs bash, base64 (coreutils) and grep; a second or so.
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=${1:-write}
case "$mode" in
    write | --check) ;;
    *) echo "error: unknown argument '$mode'; use no argument to write, or --check" >&2; exit 2 ;;
esac

# The figures embedded: every docs/img/uri/<name>.txt that the rustdoc sources include.
names=$(grep -oh 'docs/img/uri/[A-Za-z0-9_.-]*\.txt' src/*.rs | sed 's|docs/img/uri/||; s|\.txt$||' | sort -u)
mkdir -p docs/img/uri
status=0
for name in $names; do
    png="docs/img/$name.png" txt="docs/img/uri/$name.txt"
    if [ ! -f "$png" ]; then
        echo "error: $txt is included by src/ but $png does not exist" >&2
        status=1
        continue
    fi
    uri="data:image/png;base64,$(base64 -w0 "$png")"
    if [ "$mode" = write ]; then
        printf '%s' "$uri" >"$txt"
    elif [ ! -f "$txt" ] || [ "$(cat "$txt")" != "$uri" ]; then
        echo "error: $txt does not match $png; run scripts/ci/figures.sh" >&2
        status=1
    fi
done
for txt in docs/img/uri/*.txt; do
    [ -e "$txt" ] || continue
    name=$(basename "$txt" .txt)
    if ! grep -qx "$name" <<<"$names"; then
        if [ "$mode" = write ]; then rm "$txt"; else
            echo "error: $txt is not included by any rustdoc page; remove it (scripts/ci/figures.sh)" >&2
            status=1
        fi
    fi
done
exit $status
