//! The tutorial's Markdown pages (`docs/`) and the module that turns them into doc tests
//! (`src/tutorial.rs`) must stay in step: a page that is not included is never tested, a Korean
//! page whose code differs from the English one tests something else, and a link with no target
//! is broken either on GitHub (the `.md` files) or in rustdoc (where `src/tutorial.rs` defines
//! each label again, first, so that it wins).

use std::fs;
use std::path::{Path, PathBuf};

/// The repository's root: this test crate is its `tests/` directory.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the repository").to_path_buf()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every `.md` file under `dir`, sorted, searched recursively.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())) {
        let path = entry.expect("a readable directory entry").path();
        if path.is_dir() {
            found.extend(pages(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The path of `page` relative to the crate root, with `/` separators.
fn relative(page: &Path) -> String {
    let rel = page.strip_prefix(root()).expect("pages are inside the crate");
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The contents of the fenced blocks in language `lang`, one string per block.
fn fenced(text: &str, lang: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    // While inside a block: whether it is a `lang` block, and its lines so far.
    let mut open: Option<(bool, Vec<&str>)> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some((wanted, lines)) = &mut open {
            if trimmed != "```" {
                lines.push(line);
                continue;
            }
            if *wanted {
                blocks.push(lines.join("\n"));
            }
            open = None;
        } else if trimmed.starts_with("```") {
            // The language is the first word of the info string: `rust,compile_fail` is rust.
            let info = trimmed.trim_start_matches('`');
            open = Some((info.split(',').next() == Some(lang), Vec::new()));
        }
    }
    blocks
}

/// The text outside fenced blocks and inline code spans: the prose, where links live.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            // Inline code alternates with prose between backticks; keep the even parts.
            out.extend(line.split('`').step_by(2));
            out.push('\n');
        }
    }
    out
}

/// Rust code without its `//` comments and blank lines: the comments are what a translation
/// changes. A `//` inside a string literal is kept.
fn code_only(code: &str) -> Vec<String> {
    code.lines()
        .map(|line| {
            let mut in_string = false;
            let mut prev = ' ';
            let mut end = line.len();
            for (i, c) in line.char_indices() {
                if c == '"' && prev != '\\' {
                    in_string = !in_string;
                }
                if !in_string && c == '/' && prev == '/' {
                    end = i - 1;
                    break;
                }
                prev = c;
            }
            line[..end].trim_end().to_string()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// The reference definitions `[label]: target` of a page, labels lower-cased (Markdown matches
/// labels without regard to case).
fn definitions(text: &str) -> Vec<(String, String)> {
    prose(text)
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix('[')?;
            let (label, target) = rest.split_once("]: ")?;
            Some((label.to_lowercase(), target.trim().to_string()))
        })
        .collect()
}

/// The labels a page's prose refers to with `[text][label]` or `![alt][label]`.
fn references(text: &str) -> Vec<String> {
    let prose = prose(text);
    prose
        .match_indices("][")
        .filter_map(|(i, _)| prose[i + 2..].split_once(']').map(|(label, _)| label.to_lowercase()))
        .collect()
}

#[test]
fn every_page_under_docs_is_included_in_the_tutorial_module() {
    let module = read(&root().join("src/tutorial.rs"));
    let all = pages(&root().join("docs"));
    assert!(all.len() >= 15, "expected the tutorial pages in both languages, found {all:?}");
    for page in all {
        let include = format!("include_str!(\"../{}\")", relative(&page));
        assert!(
            module.contains(&include),
            "src/tutorial.rs does not include {}: its code is never tested",
            relative(&page)
        );
    }
}

#[test]
fn the_korean_pages_carry_the_same_code_and_output_as_the_english_ones() {
    let (en_dir, ko_dir) = (root().join("docs/tutorial"), root().join("docs/ko/tutorial"));
    let names = |dir: &Path| {
        pages(dir).iter().map(|p| p.strip_prefix(dir).unwrap().to_path_buf()).collect::<Vec<_>>()
    };
    assert_eq!(names(&en_dir), names(&ko_dir), "the two languages must have the same pages");
    for name in names(&en_dir) {
        let (en, ko) = (read(&en_dir.join(&name)), read(&ko_dir.join(&name)));
        let code = |text: &str| fenced(text, "rust").iter().map(|b| code_only(b)).collect::<Vec<_>>();
        assert_eq!(code(&en), code(&ko), "{}: the rust blocks differ beyond their comments", name.display());
        if name != Path::new("README.md") {
            assert_eq!(
                fenced(&en, "text"),
                fenced(&ko, "text"),
                "{}: the printed output differs",
                name.display()
            );
        }
    }
}

#[test]
fn every_link_has_a_target_on_github_and_in_rustdoc() {
    let module = read(&root().join("src/tutorial.rs"));
    for page in pages(&root().join("docs")) {
        let text = read(&page);
        let defs = definitions(&text);
        for label in references(&text) {
            assert!(
                defs.iter().any(|(l, _)| *l == label),
                "{}: [{label}] is used but not defined",
                relative(&page)
            );
        }
        for (label, target) in &defs {
            if target.starts_with("https://") {
                continue;
            }
            let file = page.parent().expect("a page is in a directory").join(target);
            assert!(file.exists(), "{}: [{label}] points to {target}, which does not exist", relative(&page));
            let for_rustdoc = module.to_lowercase().contains(&format!("[{label}]: "));
            assert!(for_rustdoc, "{}: [{label}] has no rustdoc target in src/tutorial.rs", relative(&page));
        }
        // An inline link to a relative path cannot be redirected for rustdoc; use a reference.
        let inline = prose(&text).match_indices("](").map(|(i, _)| i).collect::<Vec<_>>();
        assert!(inline.is_empty(), "{}: use reference-style links, not inline ones", relative(&page));
    }
}

#[test]
fn each_index_lists_every_page_of_its_language() {
    for dir in ["docs/tutorial", "docs/ko/tutorial"] {
        let dir = root().join(dir);
        let index = read(&dir.join("README.md"));
        for page in pages(&dir) {
            let name = page.file_name().expect("a file").to_string_lossy().into_owned();
            if name != "README.md" {
                assert!(
                    index.contains(&format!("]: {name}")),
                    "{}/README.md does not list {name}",
                    dir.display()
                );
            }
        }
    }
}

/// Page 14 quotes the compiler's message for a pooling layer written for 26 × 26 after a
/// convolution that gives 24 × 24: the quote is the start of the message the compile-fail suite
/// pins, so it is what rustc says today (the Korean page's text blocks equal the English ones).
#[test]
fn page_14_quotes_the_compilers_message_as_the_compile_fail_suite_pins_it() {
    let page = read(&root().join("docs/tutorial/14-convolution.md"));
    let quoted = fenced(&page, "text").into_iter().find(|b| b.starts_with("error[E0277]"));
    let quoted = quoted.expect("page 14 quotes an error[E0277]");
    let pinned = read(&root().join("tests/shape_errors/compile_fail/pool_for_another_image.stderr"));
    assert!(quoted.lines().count() >= 5, "{quoted}");
    assert!(pinned.starts_with(&quoted), "page 14's quote is not the start of the pinned message:\n{quoted}");
}

#[test]
fn every_committed_picture_is_shown_by_a_page() {
    let shown: String = pages(&root().join("docs")).iter().map(|p| read(p)).collect();
    let dir = root().join("docs/img");
    let mut pictures = 0;
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())) {
        let name = entry.expect("a readable directory entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".png") {
            pictures += 1;
            assert!(
                shown.contains(&format!("img/{name}")),
                "docs/img/{name} is shown by no page: show it where the book does, or remove it"
            );
        }
    }
    assert!(pictures >= 30, "expected the tutorial's pictures in docs/img, found {pictures}");
}

#[test]
fn every_page_links_to_the_same_page_in_the_other_language() {
    for (dir, other) in [("docs/tutorial", "../ko/tutorial/"), ("docs/ko/tutorial", "../../tutorial/")] {
        for page in pages(&root().join(dir)) {
            let name = page.file_name().expect("a file").to_string_lossy().into_owned();
            let text = read(&page);
            let (label, target) = if name == "README.md" {
                (if dir == "docs/tutorial" { "ko" } else { "en" }, format!("{other}README.md"))
            } else {
                ("other-language", format!("{other}{name}"))
            };
            assert!(
                definitions(&text).iter().any(|(l, t)| l == label && *t == target),
                "{}: no [{label}] link to {target}",
                relative(&page)
            );
            assert!(
                references(&text).iter().any(|l| l == label),
                "{}: [{label}] is defined but not used",
                relative(&page)
            );
        }
    }
}

#[test]
fn the_helpers_find_what_they_look_for() {
    // The checks above pass vacuously if these find nothing, so pin them on a small page.
    let page = "See [a][x] and ![b][Y].\n\n```rust\nlet s = \"a//b\"; // note\n```\n\n`[c][z]`\n\n\
                ```rust,compile_fail\nlet n: u8 = -1;\n```\n\n```text\n1\n```\n\n[x]: a.md\n[y]: b.png\n";
    assert_eq!(references(page), ["x", "y"]);
    assert_eq!(definitions(page), [("x".into(), "a.md".into()), ("y".into(), "b.png".into())]);
    assert_eq!(fenced(page, "rust"), ["let s = \"a//b\"; // note", "let n: u8 = -1;"]);
    assert_eq!(fenced(page, "text"), ["1"]);
    assert_eq!(code_only(&fenced(page, "rust")[0]), ["let s = \"a//b\";"]);
}

/// The chapters of `book/sheets.py`, `(chapter, first page, page after the last)`, read from
/// its `CHAPTERS = {4: range(1, 7), …}` line.
fn sheet_chapters() -> Vec<(usize, usize, usize)> {
    let script = read(&root().join("book/sheets.py"));
    let line = script.lines().find(|l| l.starts_with("CHAPTERS = {")).expect("sheets.py has a CHAPTERS line");
    let number = |s: &str| s.trim().parse::<usize>().unwrap_or_else(|e| panic!("{s:?} in {line:?}: {e}"));
    line.trim_start_matches("CHAPTERS = {")
        .trim_end_matches('}')
        .split("),")
        .map(|entry| {
            let (chapter, range) =
                entry.split_once(": range(").unwrap_or_else(|| panic!("{entry:?} in {line:?}"));
            let (first, end) =
                range.trim_end_matches(')').split_once(',').unwrap_or_else(|| panic!("{range:?}"));
            (number(chapter), number(first), number(end))
        })
        .collect()
}

/// The book `book/build.sh` builds: its contents list every page of both languages and a
/// question sheet per chapter, the sheets cover every numbered page, and each chapter's last
/// page ends with the chapter's summary, as the book's chapters do.
#[test]
fn the_book_lists_every_page_and_a_question_sheet_and_a_summary_per_chapter() {
    let summary = read(&root().join("book/SUMMARY.md"));
    for dir in ["docs/tutorial", "docs/ko/tutorial"] {
        for page in pages(&root().join(dir)) {
            let link = format!("]({})", relative(&page));
            assert!(summary.contains(&link), "book/SUMMARY.md does not list {}", relative(&page));
        }
    }
    let chapters = sheet_chapters();
    let numbered = pages(&root().join("docs/tutorial"))
        .iter()
        .filter_map(|p| p.file_name()?.to_str()?.get(..2)?.parse::<usize>().ok())
        .collect::<Vec<_>>();
    let covered = chapters.iter().flat_map(|&(_, first, end)| first..end).collect::<Vec<_>>();
    assert_eq!(covered, numbered, "book/sheets.py's CHAPTERS must cover every numbered page once, in order");
    for (chapter, _, end) in chapters {
        for (dir, sheet) in [("docs/tutorial", "Question sheet"), ("docs/ko/tutorial", "문제지")] {
            let link = format!("({dir}/questions-ch{chapter}.md)");
            assert!(summary.contains(&link), "book/SUMMARY.md has no {sheet} for chapter {chapter}");
        }
        let last = pages(&root().join("docs/tutorial"))
            .into_iter()
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&format!("{:02}-", end - 1)))
            })
            .unwrap_or_else(|| panic!("no page {} for chapter {chapter}", end - 1));
        let name = last.file_name().expect("a file").to_owned();
        let english = read(&last);
        let korean = read(&root().join("docs/ko/tutorial").join(&name));
        assert!(
            english.contains(&format!("\n## What chapter {chapter} taught\n")),
            "{}: no chapter summary",
            relative(&last)
        );
        assert!(
            korean.contains(&format!("\n## 이번 장에서 배운 내용 ({chapter}장)\n")),
            "the Korean {name:?}: no chapter summary"
        );
    }
}
