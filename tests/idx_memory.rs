//! The IDX reader allocates for the bytes that are there, not for the bytes a header claims.
//!
//! This test binary installs a counting global allocator. Implementing `GlobalAlloc` takes an
//! `unsafe impl`; it is confined to this test file, only forwards to `std::alloc::System` and
//! adds bookkeeping, and the library itself stays free of `unsafe`. The binary holds a single
//! test so that no other test's allocations are counted.

use dldw::mnist::{IdxError, read_idx};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Bytes currently allocated, and the most allocated at once since the last [`reset_peak`].
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

struct Counting;

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the counters are atomics and never affect the returned pointers.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received; the caller upholds `alloc`'s contract.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (all allocations go through it).
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; `new_size` is forwarded as received.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // Counted as if in place: a moving realloc briefly holds both blocks, which is at
            // most the old size more than counted.
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The most bytes allocated at once, beyond what was live before, while `f` ran.
fn peak_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let result = f();
    (result, PEAK.load(Relaxed) - before)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

#[test]
fn memory_follows_the_data_present_not_the_header_claim() {
    const KIB: usize = 1024;
    // A header claiming MNIST's 47 MB of training images, in front of 1 KiB of them.
    let mut lying = vec![0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28];
    lying.resize(16 + KIB, 7);
    let lying_gz = gzip(&lying);
    // A true header over 8 MB of data.
    let mut honest = vec![0, 0, 8, 1];
    honest.extend_from_slice(&(8_000_000u32).to_be_bytes());
    honest.resize(8 + 8_000_000, 1);
    let honest_gz = gzip(&honest);

    let (result, peak) = peak_during(|| read_idx(&lying[..]));
    assert!(matches!(result, Err(IdxError::Truncated { expected: 47_040_000, got: 1024, .. })));
    // The first growth step of the data buffer (64 KiB) and nothing in proportion to the claim.
    assert!(peak <= 80 * KIB, "raw, lying header: peak {peak} bytes");

    let (result, peak) = peak_during(|| read_idx(&lying_gz[..]));
    assert!(matches!(result, Err(IdxError::Truncated { expected: 47_040_000, got: 1024, .. })));
    // Plus the inflater's state and window and flate2's 32 KiB input buffer.
    assert!(peak <= 256 * KIB, "gzipped, lying header: peak {peak} bytes");

    for (name, input) in [("raw", &honest), ("gzipped", &honest_gz)] {
        let (result, peak) = peak_during(|| read_idx(&input[..]));
        let data = result.unwrap().into_data();
        assert_eq!((data.len(), data.capacity()), (8_000_000, 8_000_000));
        // The data itself and the decoder's fixed overhead: no second copy, no spare room.
        assert!(peak <= 8_000_000 + 256 * KIB, "{name}, honest header: peak {peak} bytes");
    }
}
