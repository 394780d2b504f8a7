//! The command line of the chapter examples: the book's knobs as flags (parsed by clap), a
//! wrong command line refused in one line with exit status 2 before any work, and output closed
//! early (`… | head`) ending the example quietly. Examples include it with
//! `#[path = "common/cli.rs"] mod cli;` (or through `mod common;`).
#![allow(dead_code)] // each example uses a different part

use clap::Parser;
use clap::error::ErrorKind;
use std::path::PathBuf;

/// Parses the flags `A`. `--help` and `--version` print and exit 0; anything clap refuses (an
/// unknown flag, a value that is not a number) is one line, `error: …`, and exit status 2.
/// Also makes a closed standard output end the example quietly ([`quiet_broken_pipe`]).
pub fn parse<A: Parser>() -> A {
    quiet_broken_pipe();
    A::try_parse().unwrap_or_else(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => e.exit(),
        _ => {
            // clap's first line names the flag and the value, and its tip (if any) a flag that
            // exists; its usage block would be more lines.
            let rendered = e.render().to_string();
            let line = rendered.lines().next().unwrap_or_default();
            let tip = rendered.lines().find_map(|l| l.trim().strip_prefix("tip: "));
            let tip = tip.map(|t| format!("; {t}")).unwrap_or_default();
            fail(&format!("{}{tip} (see --help)", line.strip_prefix("error: ").unwrap_or(line)))
        }
    })
}

/// Prints `error: <msg>` and exits with status 2: the command line was wrong.
pub fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(2)
}

/// Exits with status 2 and `error: --<flag> <value>: <why>` unless `ok`: for the checks clap
/// cannot make (a value in range, a list of the right length), before any work starts.
pub fn check(ok: bool, flag: &str, value: impl std::fmt::Display, why: &str) {
    if !ok {
        fail(&format!("--{flag} {value}: {why}"));
    }
}

/// Makes a write to a closed standard output (`cargo run --example … | head`) end the program
/// with status 0 and no message, instead of the panic and backtrace of `println!`. (Rust
/// programs ignore SIGPIPE, so the write fails with `BrokenPipe` and `println!` panics; this
/// panic hook recognises that one panic and passes every other to the default hook.)
pub fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message =
            payload.downcast_ref::<String>().map(String::as_str).or(payload.downcast_ref::<&str>().copied());
        let closed =
            message.is_some_and(|m| m.starts_with("failed printing to stdout") && m.contains("Broken pipe"));
        if closed {
            std::process::exit(0);
        }
        default(info)
    }));
}

/// The MNIST directory for `--data-dir` (`explicit`): the first of dldw's search order
/// (`--data-dir DIR`, else `$DLDW_MNIST_DIR`, else the checkout's `data/mnist`, then the cache:
/// `dldw::mnist::search_order`) that holds the four files.
///
/// Built with the `download` feature (`cargo run --features download --example …`), an
/// example fetches the files when no directory has them, into `--data-dir`, `$DLDW_MNIST_DIR`
/// or the per-user cache, with a progress bar: no flag to remember, and nothing is fetched
/// when the files are there. Without the feature, or when the download fails, the example ends
/// with a one-line error saying where it looked and what to do (status 2 when the files are
/// not there, as for any wrong command line; 1 when a download failed).
pub fn mnist_dir(explicit: Option<PathBuf>) -> PathBuf {
    #[cfg(feature = "download")]
    {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} {bar:30} {bytes}/{total_bytes} ({eta})")
                .expect("a valid template"),
        );
        let mut current = String::new();
        let dir = dldw::mnist::download::Download::new().data_dir(explicit, &mut |p| {
            if current != p.file {
                current = p.file.to_string();
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.reset();
                bar.set_length(p.total.unwrap_or(0));
                bar.set_message(format!("downloading {}", p.file));
            }
            bar.set_position(p.done);
        });
        bar.finish_and_clear();
        dir.unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(1)
        })
    }
    #[cfg(not(feature = "download"))]
    dldw::mnist::search(explicit).unwrap_or_else(|e| fail(&e.to_string()))
}
