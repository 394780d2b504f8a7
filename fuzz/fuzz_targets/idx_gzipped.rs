//! The IDX reader through gzip: the fuzzer's bytes are gzipped, so mutations reach the IDX
//! parser behind a valid gzip stream (random bytes rarely form one). The verdict must be the
//! one the same bytes get raw: the same array, or the same error, word for word.
#![no_main]

use flate2::Compression;
use flate2::write::GzEncoder;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|bytes: &[u8]| {
    // Raw bytes starting 1f 8b are read as gzip themselves: nothing to compare with.
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return;
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(bytes).expect("writing to a Vec cannot fail");
    let gz = gz.finish().expect("writing to a Vec cannot fail");
    let raw = dldw::mnist::read_idx(bytes);
    let zipped = dldw::mnist::read_idx(&gz[..]);
    match (raw, zipped) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("raw and gzipped disagree: {a:?} vs {b:?}"),
    }
});
