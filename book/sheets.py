#!/usr/bin/env python3
"""Writes the tutorial's question sheets, one per chapter and language, into the staged book.

Each sheet gathers the exercises of the chapter's pages: first the questions alone, to hand out,
then, after a page break, the answer key (the answers that the pages fold away, with their code).
The pages in docs/ stay the only copy of the exercises; the sheets exist only in the built book.

Usage: sheets.py STAGE  (STAGE holds docs/tutorial and docs/ko/tutorial, as build.sh lays it out)
"""
import re
import sys
from pathlib import Path

CHAPTERS = {4: range(1, 7), 5: range(7, 11), 6: range(11, 14), 7: range(14, 16), 8: range(16, 17)}
WORDS = {
    "en": {"dir": "docs/tutorial", "exercises": "## Exercises", "next": ("Next", "This is the end"),
           "title": "Question sheet: chapter {}", "questions": "Questions", "key": "Answer key",
           "name": "Name: ______________________", "page": "Page"},
    "ko": {"dir": "docs/ko/tutorial", "exercises": "## 연습 문제", "next": ("다음", "6장은 여기까지", "8장은 여기까지"),
           "title": "문제지: {}장", "questions": "문제", "key": "답안",
           "name": "이름: ______________________", "page": ""},
}


def exercises(text, words):
    """The (question, answer) pairs of a page's exercise section."""
    start = text.index(words["exercises"])
    lines = text[start:].split("\n")[1:]
    pairs, question, answer, in_answer = [], [], [], False
    for line in lines:
        if not in_answer and line.startswith(words["next"]):
            break
        if line.startswith("<details>"):
            in_answer = True
            continue
        if line.startswith("<summary>"):
            continue
        if line.startswith("</details>"):
            pairs.append(("\n".join(question).strip(), "\n".join(answer).strip()))
            question, answer, in_answer = [], [], False
            continue
        (answer if in_answer else question).append(line)
    return pairs


def sheet(stage, lang, chapter):
    words = WORDS[lang]
    pages = sorted(p for p in (stage / words["dir"]).glob("[01][0-9]-*.md") if int(p.name[:2]) in CHAPTERS[chapter])
    head = [f"# {words['title'].format(chapter)}", "", words["name"], "", f"## {words['questions']}", ""]
    key = ['<div style="break-before: page"></div>', "", f"## {words['key']}", ""]
    for page in pages:
        text = page.read_text()
        title = text.split("\n", 1)[0].lstrip("# ").strip()
        link = f"[{title}]({page.name})"
        pairs = exercises(text, words)
        head += [f"### {link}", ""] + [q + "\n" for q, _ in pairs]
        key += [f"### {link}", ""]
        for n, (_, a) in enumerate(pairs, 1):
            a = re.sub(r"^\*(Answer|답)\.\* ?", "", a)
            key += [f"**{n}.** {a}", ""]
    (stage / words["dir"] / f"questions-ch{chapter}.md").write_text("\n".join(head + key) + "\n")


def main():
    stage = Path(sys.argv[1])
    for lang in WORDS:
        for chapter in CHAPTERS:
            sheet(stage, lang, chapter)


if __name__ == "__main__":
    main()
