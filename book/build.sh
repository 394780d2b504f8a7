#!/usr/bin/env bash
# Builds the tutorial as a book (mdBook) in English and Korean, then takes screenshots of one
# page with a figure, a formula and a code block, in each language, to look at before calling
# the book done.
#
# The pages stay in docs/ (where `cargo test --doc` runs their code); this script stages them
# with the pictures (docs/img) and the sources they link to (src/), adds book/SUMMARY.md,
# book/intro.md and the question sheets (book/sheets.py), and runs `mdbook build`;
# book/search-unicode.js (in book.toml) lets the search box find Korean words.
#
#   book/build.sh             # target/book/html/index.html, target/book/screenshot{,-ko}.png
#   book/build.sh --serve     # the same, then serves it on http://127.0.0.1:3000 for a class
#   book/build.sh --no-shot   # without the screenshot
#
# Needs: mdbook (`cargo install mdbook --locked`), python3, and for the screenshot Debian's
# chromium (`apt-get install chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."
serve=0 shot=1
for arg in "$@"; do
    case "$arg" in
    --serve) serve=1 ;;
    --no-shot) shot=0 ;;
    *) echo "book/build.sh: unknown flag $arg (use --serve or --no-shot)" >&2; exit 2 ;;
    esac
done
command -v mdbook >/dev/null || { echo "book/build.sh: mdbook not found; install it with: cargo install mdbook --locked" >&2; exit 2; }

stage=target/book/src
rm -rf "$stage"
mkdir -p "$stage"
cp -r docs "$stage/docs"
cp -r src "$stage/src"
cp book/SUMMARY.md book/intro.md "$stage/"
python3 book/sheets.py "$stage"
mdbook build book

html=target/book/html
echo "built $html/index.html"
if [ "$shot" = 1 ]; then
    browser=$(command -v chromium || command -v chromium-browser || true)
    if [ -z "$browser" ]; then
        echo "book/build.sh: no chromium for the screenshot (apt-get install chromium), skipped" >&2
    else
        for lang in en ko; do
            dir=docs/tutorial shot=target/book/screenshot.png
            [ "$lang" = ko ] && dir=docs/ko/tutorial shot=target/book/screenshot-ko.png
            page="$PWD/$html/$dir/04-gradient-descent.html"
            "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2200 \
                --screenshot="$PWD/$shot" "file://$page" 2>/dev/null
            echo "screenshot of $page: $shot"
        done
    fi
fi
if [ "$serve" = 1 ]; then
    mdbook serve book --hostname 127.0.0.1 --port 3000
fi
