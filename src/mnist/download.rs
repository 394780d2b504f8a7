//! Fetching the MNIST files on first use (feature `download`), as torchvision's
//! `MNIST(root, download=True)` and Keras' `mnist.load_data()` do.
//!
//! Each missing file is fetched from the first mirror that serves it whole and right: its
//! bytes are held in memory, decompressed and checked against the SHA-256 of the decompressed
//! file that the crate carries ([`FILES`]), and only then written, atomically
//! ([`write_atomically`]). A cut-short, corrupt or wrong download therefore never becomes a
//! file the loader reads, and leaves nothing behind. The sums are those of the decompressed
//! IDX files, so any faithful gzip of them passes: the mirrors' originals and the copies in
//! the repository's `data/mnist` alike.
//!
//! ```no_run
//! use dldw::mnist::{Mnist, download::Download};
//! // The first run fetches about 11 MB into the cache; later runs find the files there.
//! let dir = Download::new().data_dir(None, &mut |p| eprint!("\r{} {}/{}", p.file, p.done, p.total.unwrap_or(0)))?;
//! let mnist = Mnist::load(dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use super::files::cache_dir;
use super::files::{DATA_DIR_ENV, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS, find, search_order};
use crate::files::{WriteError, write_atomically};
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// The mirrors tried in order, each a base URL the file names are appended to: the copies
/// PyTorch (torchvision) and TensorFlow fetch.
///
/// ```
/// assert!(dldw::mnist::download::MIRRORS.iter().all(|m| m.starts_with("https://") && m.ends_with('/')));
/// ```
pub const MIRRORS: [&str; 2] =
    ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"];

/// The environment variable that replaces [`MIRRORS`] by one base URL (a local mirror, a proxy,
/// or a test server).
///
/// ```
/// assert_eq!(dldw::mnist::download::MIRROR_ENV, "DLDW_MNIST_MIRROR");
/// ```
pub const MIRROR_ENV: &str = "DLDW_MNIST_MIRROR";

/// One MNIST file as a download must deliver it.
///
/// ```
/// let labels = &dldw::mnist::download::FILES[3];
/// assert_eq!((labels.name, labels.bytes), ("t10k-labels-idx1-ubyte.gz", 10_008));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expected {
    /// The file name on the mirrors and on disk (gzipped).
    pub name: &'static str,
    /// Size of the decompressed IDX file in bytes.
    pub bytes: u64,
    /// SHA-256 of the decompressed IDX file, in lower-case hex (as `sha256sum` prints it).
    pub sha256: &'static str,
}

/// The four files with the size and SHA-256 of their decompressed content (the sums in the
/// repository's `data/mnist/README.md`, which other projects publish too).
///
/// ```
/// use dldw::mnist::{TRAIN_IMAGES, download::FILES};
/// assert_eq!(FILES[0].name, TRAIN_IMAGES);
/// assert_eq!(FILES[0].bytes, 16 + 60_000 * 784);
/// ```
pub const FILES: [Expected; 4] = [
    Expected {
        name: TRAIN_IMAGES,
        bytes: 47_040_016,
        sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    },
    Expected {
        name: TRAIN_LABELS,
        bytes: 60_008,
        sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    },
    Expected {
        name: TEST_IMAGES,
        bytes: 7_840_016,
        sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    },
    Expected {
        name: TEST_LABELS,
        bytes: 10_008,
        sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
];

/// How far a file's download has come, for a progress bar.
///
/// ```
/// let p = dldw::mnist::download::Progress { file: "t10k-labels-idx1-ubyte.gz", url: "http://127.0.0.1/", done: 10, total: Some(20) };
/// assert_eq!(p.total.map(|t| p.done * 100 / t), Some(50));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Progress<'a> {
    /// The file being fetched.
    pub file: &'a str,
    /// The URL it is fetched from.
    pub url: &'a str,
    /// Bytes received so far.
    pub done: u64,
    /// The size the server announced (`Content-Length`), if it did.
    pub total: Option<u64>,
}

/// Fetches the MNIST files that a directory lacks, from a list of mirrors.
///
/// ```no_run
/// use dldw::mnist::download::Download;
/// use std::time::Duration;
/// let dir = std::path::Path::new("my/mnist");
/// Download::new().timeout(Duration::from_secs(10)).fetch(dir, &mut |_| {})?;
/// assert!(dldw::mnist::locate(dir).is_ok());
/// # Ok::<(), dldw::mnist::download::DownloadError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Download {
    mirrors: Vec<String>,
    timeout: Duration,
}

impl Default for Download {
    fn default() -> Self {
        Download::new()
    }
}

impl Download {
    /// [`MIRRORS`], or the one base URL in `$DLDW_MNIST_MIRROR` if it is set and not empty;
    /// a mirror that does not connect, answer or send for 30 seconds is given up.
    ///
    /// ```
    /// let download = dldw::mnist::download::Download::new();
    /// assert!(!download.mirror_urls().is_empty());
    /// ```
    pub fn new() -> Download {
        let env = std::env::var(MIRROR_ENV).ok().filter(|url| !url.is_empty());
        let mirrors = env.map_or_else(|| MIRRORS.map(String::from).to_vec(), |url| vec![url]);
        Download { mirrors, timeout: Duration::from_secs(30) }
    }

    /// The same with these base URLs instead, tried in order (a file's URL is the base, a `/`
    /// if the base lacks one, and the file name).
    ///
    /// ```
    /// let d = dldw::mnist::download::Download::new().mirrors(["http://127.0.0.1:8000"]);
    /// assert_eq!(d.mirror_urls(), ["http://127.0.0.1:8000"]);
    /// ```
    pub fn mirrors(mut self, urls: impl IntoIterator<Item = impl Into<String>>) -> Download {
        self.mirrors = urls.into_iter().map(Into::into).collect();
        self
    }

    /// The same with another timeout: how long to wait for a connection, for the answer, and
    /// for each read of the body, before trying the next mirror.
    ///
    /// ```
    /// use std::time::Duration;
    /// let d = dldw::mnist::download::Download::new().timeout(Duration::from_secs(5));
    /// # let _ = d;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Download {
        self.timeout = timeout;
        self
    }

    /// The base URLs tried, in order.
    ///
    /// ```
    /// use dldw::mnist::download::{Download, MIRRORS};
    /// assert_eq!(Download::new().mirrors(MIRRORS).mirror_urls(), MIRRORS);
    /// ```
    pub fn mirror_urls(&self) -> &[String] {
        &self.mirrors
    }

    /// The directory to load MNIST from, fetching the files first if no directory of the
    /// [search order](super::search_order) holds them: the first that does, else the last of
    /// the order (`explicit`, else `$DLDW_MNIST_DIR`, else the [cache](cache_dir)), filled.
    ///
    /// ```no_run
    /// use dldw::mnist::{Mnist, download::Download};
    /// let mnist = Mnist::load(Download::new().data_dir(None, &mut |_| {})?)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`fetch`](Download::fetch); [`DownloadError::NoDirectory`] when there is nowhere to
    /// put the files (no directory given and no cache directory on this platform).
    pub fn data_dir(
        &self,
        explicit: Option<PathBuf>,
        progress: &mut dyn FnMut(&Progress<'_>),
    ) -> Result<PathBuf, DownloadError> {
        let order = search_order(explicit, std::env::var_os(DATA_DIR_ENV));
        if let Some(found) = order.iter().find(|dir| super::locate(dir).is_ok()) {
            return Ok(found.clone());
        }
        let dir = order.last().ok_or(DownloadError::NoDirectory)?;
        self.fetch(dir, progress)?;
        Ok(dir.clone())
    }

    /// Fetches into `dir` (created if need be) each of the four files it lacks (neither
    /// gzipped nor decompressed there), trying the mirrors in order; files already there are
    /// left as they are.
    ///
    /// # Errors
    /// [`DownloadError::CreateDir`] if `dir` cannot be created; [`DownloadError::AllMirrorsFailed`]
    /// naming, for the first file no mirror delivered, what each mirror did wrong;
    /// [`DownloadError::Save`] if the verified file cannot be written. Files fetched before the
    /// error stay (each is complete and verified).
    pub fn fetch(&self, dir: &Path, progress: &mut dyn FnMut(&Progress<'_>)) -> Result<(), DownloadError> {
        std::fs::create_dir_all(dir)
            .map_err(|source| DownloadError::CreateDir { dir: dir.to_path_buf(), source })?;
        let agent = self.agent();
        for expected in FILES.iter().filter(|e| find(dir, e.name).is_err()) {
            let mut failures = Vec::new();
            let mut fetched = None;
            for base in &self.mirrors {
                let url = format!("{base}{}{}", if base.ends_with('/') { "" } else { "/" }, expected.name);
                match self.get(&agent, &url, expected, progress) {
                    Ok(bytes) => {
                        fetched = Some(bytes);
                        break;
                    }
                    Err(reason) => failures.push(MirrorFailure { url, reason }),
                }
            }
            let bytes = fetched.ok_or_else(|| DownloadError::AllMirrorsFailed {
                file: expected.name,
                dir: dir.to_path_buf(),
                failures,
            })?;
            write_atomically(dir.join(expected.name), &bytes)
                .map_err(|source| DownloadError::Save { file: expected.name, source })?;
        }
        Ok(())
    }

    /// An HTTP agent with the timeouts, reporting 4xx and 5xx answers as errors.
    fn agent(&self) -> ureq::Agent {
        let t = Some(self.timeout);
        ureq::Agent::config_builder()
            .timeout_connect(t)
            .timeout_recv_response(t)
            .timeout_per_read(t)
            .build()
            .into()
    }

    /// `url`'s body, if it is a faithful gzip of `expected`.
    fn get(
        &self,
        agent: &ureq::Agent,
        url: &str,
        expected: &Expected,
        progress: &mut dyn FnMut(&Progress<'_>),
    ) -> Result<Vec<u8>, Failure> {
        let mut response = agent.get(url).call().map_err(|e| self.failure(e))?;
        let total = response.body().content_length();
        // A gzip is smaller than what it holds, but for a few bytes of header on data that
        // does not compress: no mirror of the right file sends more than this.
        let limit = expected.bytes + 4096;
        if total.is_some_and(|t| t > limit) {
            return Err(Failure::TooLarge { limit });
        }
        let mut reader = response.body_mut().with_config().limit(limit).reader();
        let mut bytes = Vec::with_capacity(total.unwrap_or(0) as usize);
        let mut chunk = vec![0; 64 * 1024];
        loop {
            let n = match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(self.read_failure(e, bytes.len() as u64, total, limit)),
            };
            bytes.extend_from_slice(&chunk[..n]);
            progress(&Progress { file: expected.name, url, done: bytes.len() as u64, total });
        }
        if let Some(total) = total.filter(|&t| t != bytes.len() as u64) {
            return Err(Failure::Truncated { got: bytes.len() as u64, announced: Some(total) });
        }
        verify(&bytes, expected)?;
        Ok(bytes)
    }

    /// What an error of the request or the answer means for the user.
    fn failure(&self, e: ureq::Error) -> Failure {
        match e {
            ureq::Error::StatusCode(code) => Failure::Status(code),
            ureq::Error::Timeout(_) => Failure::Timeout(self.timeout),
            ureq::Error::Io(e) if e.kind() == io::ErrorKind::TimedOut => Failure::Timeout(self.timeout),
            other => Failure::Connection(other.to_string()),
        }
    }

    /// What an error while reading the body means for the user.
    fn read_failure(&self, e: io::Error, got: u64, announced: Option<u64>, limit: u64) -> Failure {
        let inner = e.get_ref().and_then(|inner| inner.downcast_ref::<ureq::Error>());
        match (e.kind(), inner) {
            (_, Some(ureq::Error::BodyExceedsLimit(_))) => Failure::TooLarge { limit },
            (_, Some(ureq::Error::Timeout(_))) | (io::ErrorKind::TimedOut, _) => {
                Failure::Timeout(self.timeout)
            }
            (io::ErrorKind::UnexpectedEof, _) => Failure::Truncated { got, announced },
            _ => Failure::Connection(e.to_string()),
        }
    }
}

/// Checks that `gz` decompresses to `expected`'s size and SHA-256.
fn verify(gz: &[u8], expected: &Expected) -> Result<(), Failure> {
    let mut decoder = flate2::read::GzDecoder::new(gz).take(expected.bytes + 1);
    let mut hasher = Sha256::new();
    let mut size = 0;
    let mut chunk = vec![0; 64 * 1024];
    loop {
        match decoder.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&chunk[..n]);
                size += n as u64;
            }
            Err(e) => return Err(Failure::NotGzip(e.to_string())),
        }
    }
    let found = format!("{:x}", hasher.finalize());
    if size != expected.bytes || found != expected.sha256 {
        return Err(Failure::Checksum { found, size, expected: *expected });
    }
    Ok(())
}

/// Why one mirror did not deliver a file.
///
/// ```
/// use dldw::mnist::download::Failure;
/// assert_eq!(Failure::Status(404).to_string(), "answered HTTP 404");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Failure {
    /// The server answered with an HTTP error status (404: no such file there).
    #[error("answered HTTP {0}")]
    Status(u16),
    /// No connection, answer or data within the timeout.
    #[error("did not answer within {} s", .0.as_secs_f32())]
    Timeout(Duration),
    /// The connection closed before the whole file arrived.
    #[error("sent {got} bytes{} and closed the connection (a cut-short download)", announced.map(|a| format!(" of the {a} it announced")).unwrap_or_default())]
    Truncated {
        /// Bytes received.
        got: u64,
        /// The size the server announced, if it did.
        announced: Option<u64>,
    },
    /// More bytes than any gzip of the file can take.
    #[error("sent more than {limit} bytes, more than the file can take: not the MNIST file")]
    TooLarge {
        /// The most bytes accepted.
        limit: u64,
    },
    /// The bytes are not a whole gzip stream.
    #[error("sent something that is not a whole gzip file ({0})")]
    NotGzip(String),
    /// The file decompresses to other content than MNIST's.
    #[error(
        "sent a file whose content has SHA-256 {found} ({size} bytes), not MNIST's {} ({} bytes): a wrong or corrupt file",
        expected.sha256, expected.bytes
    )]
    Checksum {
        /// SHA-256 of the decompressed content received.
        found: String,
        /// Its size in bytes.
        size: u64,
        /// What the file should be.
        expected: Expected,
    },
    /// The connection could not be made or broke (DNS, refused, TLS, …).
    #[error("could not be reached: {0}")]
    Connection(String),
}

/// One mirror's failure to deliver a file.
///
/// ```
/// use dldw::mnist::download::{Failure, MirrorFailure};
/// let f = MirrorFailure { url: "http://127.0.0.1/x.gz".into(), reason: Failure::Status(404) };
/// assert_eq!(f.to_string(), "http://127.0.0.1/x.gz answered HTTP 404");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MirrorFailure {
    /// The file's URL on that mirror.
    pub url: String,
    /// What went wrong.
    pub reason: Failure,
}

impl fmt::Display for MirrorFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.url, self.reason)
    }
}

/// The MNIST files could not be fetched. Every message is one line: what failed, and what to
/// do (offline: where to put the files by hand).
///
/// ```
/// use dldw::mnist::download::DownloadError;
/// let err = DownloadError::NoDirectory;
/// assert!(err.to_string().contains("DLDW_MNIST_DIR"));
/// ```
#[derive(Debug, Error)]
pub enum DownloadError {
    /// There is no directory to put the files in.
    #[error(
        "no directory to download MNIST into: this platform has no per-user cache directory; \
         pass one with --data-dir DIR or the environment variable DLDW_MNIST_DIR"
    )]
    NoDirectory,
    /// The directory could not be created.
    #[error(
        "cannot create {} to download MNIST into ({source}); pass a writable directory with \
         --data-dir DIR or the environment variable DLDW_MNIST_DIR",
        dir.display()
    )]
    CreateDir {
        /// The directory.
        dir: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// No mirror delivered the file whole and right.
    #[error(
        "cannot download {file}: {}. Offline or behind a firewall? Put the four MNIST files \
         (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, \
         t10k-labels-idx1-ubyte.gz) in {} by hand, or pass their directory with --data-dir DIR \
         or DLDW_MNIST_DIR; DLDW_MNIST_MIRROR=URL names another mirror",
        list(failures),
        dir.display()
    )]
    AllMirrorsFailed {
        /// The file.
        file: &'static str,
        /// The directory it was to go to.
        dir: PathBuf,
        /// What each mirror did, in the order tried (empty if there was no mirror).
        failures: Vec<MirrorFailure>,
    },
    /// The verified file could not be written.
    #[error("cannot save the downloaded {file}: {source}")]
    Save {
        /// The file.
        file: &'static str,
        /// What failed (no partial file is left).
        source: WriteError,
    },
}

/// The failures of [`DownloadError::AllMirrorsFailed`], for its message.
fn list(failures: &[MirrorFailure]) -> String {
    if failures.is_empty() {
        return "there is no mirror to try (DLDW_MNIST_MIRROR or Download::mirrors gave none)".into();
    }
    failures.iter().map(MirrorFailure::to_string).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
#[path = "download_tests.rs"]
mod tests;
