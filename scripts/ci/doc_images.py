#!/usr/bin/env python3
"""No rendered rustdoc page has a broken image.

Reads every HTML page under target/doc/dldw (after `cargo doc --no-deps`) and checks each
<img src=...>: a data URI must decode to a whole PNG (signature, IHDR, IEND); any other source
must be a file inside target/doc, since docs.rs serves rustdoc's output and nothing else (a
link to ../../docs/img/ works in a local checkout only). Prints the number of images checked;
exits 1 listing every broken one.

    cargo doc --no-deps && python3 scripts/ci/doc_images.py [--expect N]

--expect N also fails unless exactly N images were found (CI passes the number of figures the
pages show, so that images dropped from the output are noticed too).
"""
import base64
import html.parser
import pathlib
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOC = ROOT / "target" / "doc"


class Images(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


def broken(page, src):
    """Why `src` on `page` would not show on docs.rs, or None."""
    if src.startswith("data:"):
        head, _, data = src.partition(",")
        if head != "data:image/png;base64":
            return f"a data URI of another kind ({head})"
        try:
            png = base64.b64decode(data, validate=True)
        except ValueError as e:
            return f"a data URI that is not base64 ({e})"
        if not (png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR" and png.endswith(b"IEND\xaeB`\x82")):
            return "a data URI that is not a whole PNG"
        return None
    if urllib.parse.urlparse(src).scheme:
        return "an external URL (the crate has no stable one)"
    target = (page.parent / urllib.parse.unquote(src)).resolve()
    if not target.is_relative_to(DOC.resolve()):
        return "a path outside rustdoc's output, which docs.rs does not serve"
    if not target.is_file():
        return "a file that does not exist"
    return None


def main(argv):
    expect = None
    if argv[:1] == ["--expect"] and len(argv) == 2 and argv[1].isdigit():
        expect = int(argv[1])
    elif argv:
        print("error: usage: doc_images.py [--expect N]", file=sys.stderr)
        return 2
    pages = sorted((DOC / "dldw").rglob("*.html"))
    if not pages:
        print(f"error: no pages under {DOC / 'dldw'}; run `cargo doc --no-deps` first", file=sys.stderr)
        return 2
    count, problems = 0, []
    for page in pages:
        parser = Images()
        parser.feed(page.read_text(encoding="utf-8"))
        for src in parser.sources:
            count += 1
            why = broken(page, src)
            if why:
                shown = src if len(src) < 80 else src[:77] + "..."
                problems.append(f"{page.relative_to(DOC)}: {shown}: {why}")
    for p in problems:
        print(f"broken image: {p}", file=sys.stderr)
    if expect is not None and count != expect:
        problems.append("count")
        print(f"error: {count} images in the pages, expected {expect}", file=sys.stderr)
    print(f"{count} images in {len(pages)} pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
