//! The download against mirrors served from 127.0.0.1 by a small HTTP server written here with
//! std's `TcpListener`: one that serves the repository's files, and one for each way a mirror
//! can fail (a cut-short file, a wrong file, a 404, no answer at all).

use super::*;
use crate::mnist::{Mnist, default_data_dir};
use std::io::Write;
use std::net::{TcpListener, TcpStream};

/// What a test mirror does with every request.
#[derive(Clone, Copy)]
enum Serve {
    /// The file asked for, from the repository's `data/mnist`.
    Good,
    /// The file's full length announced, half of it sent, then the connection closed.
    Truncated,
    /// Another MNIST file (the test labels) whatever was asked for.
    Wrong,
    /// 404 Not Found.
    NotFound,
    /// The request read, then no answer for ten seconds.
    Hang,
}

/// Starts a mirror on 127.0.0.1 that serves as `serve` says; returns its base URL.
fn mirror(serve: Serve) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
    let url = format!("http://{}/mnist/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream, serve));
        }
    });
    url
}

/// Reads one request from `stream` and answers it as `serve` says.
fn answer(mut stream: TcpStream, serve: Serve) {
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/");
    let name = path.rsplit('/').next().unwrap_or("");
    let file = |name: &str| std::fs::read(default_data_dir().join(name)).unwrap_or_default();
    let ok = |len: usize| format!("HTTP/1.1 200 OK\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n");
    let _ = match serve {
        Serve::Good => {
            let body = file(name);
            stream.write_all(ok(body.len()).as_bytes()).and_then(|()| stream.write_all(&body))
        }
        Serve::Truncated => {
            let body = file(name);
            stream
                .write_all(ok(body.len()).as_bytes())
                .and_then(|()| stream.write_all(&body[..body.len() / 2]))
        }
        Serve::Wrong => {
            let body = file(TEST_LABELS);
            stream.write_all(ok(body.len()).as_bytes()).and_then(|()| stream.write_all(&body))
        }
        Serve::NotFound => stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"),
        Serve::Hang => {
            std::thread::sleep(Duration::from_secs(10));
            Ok(())
        }
    };
}

/// A new empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dldw-download-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A directory holding placeholders for every file but the test labels, so that only those
/// are fetched (the download skips files that are there).
fn all_but_test_labels(name: &str) -> PathBuf {
    let dir = scratch(name);
    for file in [TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES] {
        std::fs::write(dir.join(file), b"placeholder").unwrap();
    }
    dir
}

/// The one failure of fetching the test labels from `serve`, and what it left in the directory.
fn failure_of(serve: Serve, name: &str) -> (DownloadError, Vec<String>) {
    let dir = all_but_test_labels(name);
    let download = Download::new().mirrors([mirror(serve)]).timeout(Duration::from_millis(300));
    let err = download.fetch(&dir, &mut |_| {}).unwrap_err();
    let left = names(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    (err, left)
}

const PLACEHOLDERS: [&str; 3] = [TEST_IMAGES, TRAIN_IMAGES, TRAIN_LABELS];

#[test]
fn a_good_mirror_fills_an_empty_directory_with_files_the_loader_reads() {
    let dir = scratch("good");
    let mut last = std::collections::HashMap::new();
    Download::new()
        .mirrors([mirror(Serve::Good)])
        .fetch(&dir.join("mnist"), &mut |p| {
            last.insert(p.file.to_string(), (p.done, p.total));
        })
        .unwrap();
    let dir = dir.join("mnist");
    assert_eq!(names(&dir), [TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS]);
    for file in [TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS] {
        let original = std::fs::read(default_data_dir().join(file)).unwrap();
        assert_eq!(std::fs::read(dir.join(file)).unwrap(), original, "{file}");
        // The last progress report is the whole file, of the announced size.
        let size = original.len() as u64;
        assert_eq!(last[file], (size, Some(size)), "{file}");
    }
    let mnist = Mnist::load(&dir).unwrap();
    assert_eq!((mnist.train.len(), mnist.test.len()), (60_000, 10_000));
    assert_eq!((mnist.train.label(0), mnist.test.label(0)), (5, 7));
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

#[test]
fn a_truncated_file_is_refused_and_leaves_nothing() {
    let (err, left) = failure_of(Serve::Truncated, "truncated");
    let msg = err.to_string();
    assert!(msg.contains("sent 2258 bytes of the 4517 it announced and closed the connection"), "{msg}");
    assert_eq!(left, PLACEHOLDERS);
}

#[test]
fn a_wrong_file_is_refused_by_its_checksum_and_leaves_nothing() {
    // The mirror serves the test labels for every name: asked for the training labels, it is
    // refused by the sum of the training labels.
    let dir = scratch("wrong");
    for file in [TRAIN_IMAGES, TEST_IMAGES, TEST_LABELS] {
        std::fs::write(dir.join(file), b"placeholder").unwrap();
    }
    let err = Download::new().mirrors([mirror(Serve::Wrong)]).fetch(&dir, &mut |_| {}).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains(&format!(
            "sent a file whose content has SHA-256 {} (10008 bytes), not MNIST's {} (60008 bytes)",
            FILES[3].sha256, FILES[1].sha256
        )),
        "{msg}"
    );
    assert_eq!(names(&dir), [TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_404_is_reported_with_the_url_and_leaves_nothing() {
    let (err, left) = failure_of(Serve::NotFound, "404");
    let DownloadError::AllMirrorsFailed { file, failures, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*file, failures.len()), (TEST_LABELS, 1));
    assert_eq!(failures[0].reason, Failure::Status(404));
    assert!(failures[0].url.ends_with("/mnist/t10k-labels-idx1-ubyte.gz"), "{}", failures[0].url);
    assert_eq!(left, PLACEHOLDERS);
}

#[test]
fn a_mirror_that_does_not_answer_times_out_and_leaves_nothing() {
    // Were the timeout not applied, the mirror would close after ten seconds and the error
    // would be a broken connection, not this.
    let (err, left) = failure_of(Serve::Hang, "hang");
    assert!(err.to_string().contains("did not answer within 0.3 s"), "{err}");
    assert_eq!(left, PLACEHOLDERS);
}

#[test]
fn the_next_mirror_is_tried_and_the_error_says_what_each_did_and_what_to_do() {
    let dir = all_but_test_labels("fallback");
    let download = Download::new().mirrors([mirror(Serve::NotFound), mirror(Serve::Good)]);
    download.fetch(&dir, &mut |_| {}).unwrap();
    let fetched = std::fs::read(dir.join(TEST_LABELS)).unwrap();
    assert_eq!(fetched, std::fs::read(default_data_dir().join(TEST_LABELS)).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();

    let dir = all_but_test_labels("all-bad");
    let (not_found, wrong) = (mirror(Serve::NotFound), mirror(Serve::Truncated));
    let err = Download::new().mirrors([&not_found, &wrong]).fetch(&dir, &mut |_| {}).unwrap_err();
    let msg = err.to_string();
    assert_eq!(msg.lines().count(), 1, "{msg}");
    let expected_start = format!(
        "cannot download {TEST_LABELS}: {not_found}{TEST_LABELS} answered HTTP 404; {wrong}{TEST_LABELS} sent 2258 bytes"
    );
    assert!(msg.starts_with(&expected_start), "{msg}");
    for needle in [&dir.display().to_string(), "by hand", "--data-dir", "DLDW_MNIST_DIR", "DLDW_MNIST_MIRROR"]
    {
        assert!(msg.contains(needle), "{needle:?} missing from: {msg}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreachable_mirror_and_no_mirror_at_all_say_so() {
    // A port just released: nothing listens there (connection refused).
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (dir, url) = (all_but_test_labels("refused"), format!("http://127.0.0.1:{port}/"));
    let err = Download::new().mirrors([url]).fetch(&dir, &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("t10k-labels-idx1-ubyte.gz could not be reached: "), "{err}");
    let err = Download::new().mirrors(Vec::<String>::new()).fetch(&dir, &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("there is no mirror to try"), "{err}");
    assert_eq!(names(&dir), PLACEHOLDERS);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_directory_that_cannot_be_created_is_named() {
    let dir = scratch("not-a-dir");
    std::fs::write(dir.join("file"), b"x").unwrap();
    let err =
        Download::new().mirrors(["http://127.0.0.1:9/"]).fetch(&dir.join("file").join("mnist"), &mut |_| {});
    let msg = err.unwrap_err().to_string();
    assert!(msg.starts_with(&format!("cannot create {}", dir.join("file/mnist").display())), "{msg}");
    std::fs::remove_dir_all(&dir).unwrap();
}
