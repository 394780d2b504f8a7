//! The IDX reader on arbitrary bytes: raw, or gzip when they start with `1f 8b` (the seed
//! corpus holds both). It must return a typed error, or an array whose data is exactly what
//! its dimensions announce; never panic, and never allocate more than libFuzzer's
//! `-malloc_limit_mb` (README.md runs it at 64 MB, above the reader's 47 MB cap).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(idx) = dldw::mnist::read_idx(bytes) {
        // A zero dimension empties the array however large the others: their product alone
        // may not fit a usize (the fuzzer's first find, in this harness rather than the reader).
        let dims = idx.dims();
        let items = if dims.contains(&0) { 0 } else { dims.iter().product::<usize>() };
        assert_eq!(idx.data().len(), items);
        assert_eq!(idx.magic(), 0x0800 | idx.dims().len() as u32);
    }
});
