//! The IDX reader against broken input: every bad file is a typed error, never a panic, and the
//! reader's buffers are sized by the bytes present, not by what a header claims.
//!
//! Files are built in memory: small valid IDX files (1–3 dimensions of 0–8), raw and gzipped,
//! then cut, bit-flipped, edited or padded.

use dldw::mnist::{IdxArray, IdxError, IdxPart, MAX_IDX_BYTES, encode_idx, read_idx};
use flate2::Compression;
use flate2::write::GzEncoder;
use proptest::prelude::*;
use std::io::{Read, Write};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// The number of items `dims` announce. A zero dimension empties the array however large the
/// others are, whose product alone may not fit a `usize` (so multiply only without a zero).
fn items(dims: &[usize]) -> usize {
    if dims.contains(&0) { 0 } else { dims.iter().product() }
}

/// Dimensions and data of a valid file.
fn valid() -> impl Strategy<Value = (Vec<u32>, Vec<u8>)> {
    prop::collection::vec(0u32..=8, 1..=3).prop_flat_map(|dims| {
        let len = dims.iter().product::<u32>() as usize;
        (Just(dims), prop::collection::vec(any::<u8>(), len))
    })
}

/// What a header with `dims` in front of `present` data bytes must give, derived in `u128`
/// arithmetic (which cannot overflow for four `u32` factors) independently of the reader.
fn judge(dims: &[u32], present: usize, result: Result<IdxArray, IdxError>) -> Result<(), TestCaseError> {
    let claim: u128 = dims.iter().map(|&d| u128::from(d)).product();
    match result {
        Err(IdxError::DimensionOverflow { dims: got }) => {
            prop_assert!(claim > usize::MAX as u128);
            prop_assert_eq!(got, dims.to_vec());
        }
        Err(IdxError::TooLarge { bytes, max }) => {
            prop_assert!(claim > MAX_IDX_BYTES as u128 && claim <= usize::MAX as u128);
            prop_assert_eq!((bytes as u128, max), (claim, MAX_IDX_BYTES));
        }
        Err(IdxError::Truncated { part: IdxPart::Data, expected, got }) => {
            prop_assert!(claim <= MAX_IDX_BYTES as u128);
            prop_assert_eq!((expected as u128, got), (claim, present));
            prop_assert!(claim > present as u128);
        }
        Err(IdxError::TrailingData { expected }) => {
            prop_assert_eq!(expected as u128, claim);
            prop_assert!(claim < present as u128);
        }
        Ok(idx) => {
            prop_assert_eq!(claim, present as u128);
            prop_assert_eq!(idx.dims().iter().map(|&d| d as u32).collect::<Vec<_>>(), dims.to_vec());
        }
        Err(other) => prop_assert!(false, "unexpected error for dims {:?}: {:?}", dims, other),
    }
    Ok(())
}

proptest! {
    #[test]
    fn valid_files_read_back_raw_and_gzipped_without_spare_capacity((dims, data) in valid()) {
        let raw = encode_idx(&dims, &data);
        for idx in [read_idx(&raw[..]).unwrap(), read_idx(&gzip(&raw)[..]).unwrap()] {
            prop_assert_eq!(idx.dims().iter().map(|&d| d as u32).collect::<Vec<_>>(), dims.clone());
            prop_assert_eq!(idx.magic(), 0x0800 | dims.len() as u32);
            let bytes = idx.into_data();
            // The buffer holds the data and nothing more: it was sized by the bytes read.
            prop_assert_eq!(bytes.capacity(), data.len());
            prop_assert_eq!(bytes, data.clone());
        }
    }

    #[test]
    fn a_raw_file_cut_anywhere_says_which_part_is_short_and_by_how_much((dims, data) in valid()) {
        let raw = encode_idx(&dims, &data);
        let header = 4 + 4 * dims.len();
        for cut in 0..raw.len() {
            let err = read_idx(&raw[..cut]).unwrap_err();
            match (cut, err) {
                (0, IdxError::Empty) => {}
                (1..4, IdxError::Truncated { part: IdxPart::Magic, expected: 4, got }) => prop_assert_eq!(got, cut),
                (c, IdxError::Truncated { part: IdxPart::Dimensions, expected, got }) if c >= 4 && c < header => {
                    prop_assert_eq!((expected, got), (header - 4, cut - 4));
                }
                (c, IdxError::Truncated { part: IdxPart::Data, expected, got }) if c >= header => {
                    prop_assert_eq!((expected, got), (data.len(), cut - header));
                }
                (cut, err) => prop_assert!(false, "cut at {}: {:?}", cut, err),
            }
        }
    }

    #[test]
    fn a_gzip_stream_cut_anywhere_is_an_error((dims, data) in valid()) {
        let gz = gzip(&encode_idx(&dims, &data));
        for cut in 0..gz.len() {
            match (cut, read_idx(&gz[..cut])) {
                (0, Err(IdxError::Empty)) => {}
                // One byte 1f is not yet a gzip magic number, and not an IDX one either.
                (1, Err(IdxError::Truncated { part: IdxPart::Magic, expected: 4, got: 1 })) => {}
                // Cut in the deflate data or in the CRC/size trailer: the decoder refuses.
                (_, Err(IdxError::Gzip(e))) => prop_assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof),
                (cut, other) => prop_assert!(false, "cut at {} of {}: {:?}", cut, gz.len(), other),
            }
        }
    }

    #[test]
    fn a_flipped_bit_in_a_raw_header_is_refused_and_in_the_data_changes_one_byte(
        (dims, data) in valid(), at in any::<prop::sample::Index>(), bit in 0..8u8,
    ) {
        let raw = encode_idx(&dims, &data);
        let at = at.index(raw.len());
        let mut bad = raw.clone();
        bad[at] ^= 1 << bit;
        let result = read_idx(&bad[..]);
        match at {
            0 | 1 => prop_assert!(matches!(result, Err(IdxError::BadMagic { .. })), "{:?}", result),
            2 => prop_assert!(
                matches!(result, Err(IdxError::UnsupportedType { code }) if code == 0x08 ^ (1 << bit)),
                "{:?}",
                result
            ),
            // The number of dimensions: the rest of the file is read with another layout.
            3 => match result {
                Err(IdxError::BadMagic { .. }) => prop_assert_eq!(bad[3], 0),
                Ok(idx) => {
                    prop_assert_eq!(idx.dims().len(), usize::from(bad[3]));
                    prop_assert_eq!(idx.data().len(), items(idx.dims()));
                }
                Err(_) => {}
            },
            a if a < 4 + 4 * dims.len() => {
                let mut edited = dims.clone();
                let k = (a - 4) / 4;
                edited[k] = u32::from_be_bytes(bad[4 + 4 * k..8 + 4 * k].try_into().unwrap());
                judge(&edited, data.len(), result)?;
            }
            _ => prop_assert_eq!(result.unwrap().into_data(), bad[4 + 4 * dims.len()..].to_vec()),
        }
    }

    #[test]
    fn a_flipped_bit_in_a_gzip_stream_is_refused_or_harmless(
        (dims, data) in valid(), at in any::<prop::sample::Index>(), bit in 0..8u8,
    ) {
        let raw = encode_idx(&dims, &data);
        let mut gz = gzip(&raw);
        let at = at.index(gz.len());
        gz[at] ^= 1 << bit;
        // Harmless flips hit fields the decoder ignores (modification time, OS); any change to
        // the inflated bytes is caught by the CRC-32 in the trailer.
        if let Ok(idx) = read_idx(&gz[..]) {
            prop_assert_eq!(encode_idx(&dims, idx.data()), raw);
        }
    }

    #[test]
    fn edited_dimensions_are_judged_against_the_data_present(
        dims in prop::collection::vec(prop_oneof![0u32..=8, any::<u32>(), Just(65_536u32)], 1..=4),
        present in 0usize..64,
    ) {
        let raw = encode_idx(&dims, &vec![3; present]);
        judge(&dims, present, read_idx(&raw[..]))?;
        judge(&dims, present, read_idx(&gzip(&raw)[..]))?;
    }

    #[test]
    fn a_gzip_stream_longer_than_its_header_claims_is_trailing_data(
        (dims, data) in valid(), extra in 1usize..200_000,
    ) {
        let mut raw = encode_idx(&dims, &data);
        raw.resize(raw.len() + extra, 0);
        let result = read_idx(&gzip(&raw)[..]);
        prop_assert!(matches!(result, Err(IdxError::TrailingData { expected }) if expected == data.len()), "{:?}", result);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64), gz in any::<bool>()) {
        let mut input = if gz { vec![0x1f, 0x8b] } else { Vec::new() };
        input.extend_from_slice(&bytes);
        if let Ok(idx) = read_idx(&input[..]) {
            prop_assert_eq!(idx.data().len(), items(idx.dims()));
        }
    }

    #[test]
    fn a_gzip_file_of_several_members_reads_as_their_concatenation(
        (dims, data) in valid(), at in any::<prop::sample::Index>(),
    ) {
        // RFC 1952 2.2: a gzip file is a series of members; `cat a.gz b.gz` is valid gzip.
        let raw = encode_idx(&dims, &data);
        let at = at.index(raw.len() + 1);
        let two = [gzip(&raw[..at]), gzip(&raw[at..])].concat();
        let idx = read_idx(&two[..]);
        prop_assert!(matches!(&idx, Ok(idx) if idx.data() == &data[..]), "{:?}", idx);
    }

    #[test]
    fn bytes_after_the_last_gzip_member_are_refused(
        (dims, data) in valid(), junk in prop::collection::vec(any::<u8>(), 1..32),
    ) {
        // Not another member (which starts 1f 8b): the stream is corrupt, not silently cut.
        prop_assume!(junk[0] != 0x1f);
        let file = [gzip(&encode_idx(&dims, &data)), junk].concat();
        let result = read_idx(&file[..]);
        prop_assert!(matches!(result, Err(IdxError::Gzip(_))), "{:?}", result);
    }
}

#[test]
fn the_fuzzers_first_find_a_zero_among_huge_dimensions_reads_as_empty() {
    // From `cargo fuzz run idx` (fuzz/README.md): 15 dimensions, one of them 0, the others up to
    // 4·10⁹, and no data. Correct: zero items. The fuzz harness, not the reader, overflowed
    // multiplying the dimensions; this file pins the reader's answer.
    let file: [u8; 64] = [
        0, 0, 8, 15, 0, 0, 0, 5, 243, 48, 0, 0, 0, 2, 0, 91, 231, 255, 255, 255, 91, 21, 72, 80, 96, 104,
        235, 235, 235, 235, 88, 235, 2, 0, 0, 0, 144, 152, 160, 168, 0, 0, 0, 0, 0, 42, 176, 184, 192, 200,
        208, 216, 34, 34, 34, 31, 34, 34, 34, 34, 139, 8, 34, 0,
    ];
    let idx = read_idx(&file[..]).unwrap();
    assert_eq!(idx.dims().len(), 15);
    assert_eq!((idx.dims()[0], idx.dims()[9]), (5, 0));
    assert!(idx.data().is_empty());
}

#[test]
fn an_empty_file_is_empty_whether_raw_or_gzipped() {
    assert!(matches!(read_idx(&[][..]), Err(IdxError::Empty)));
    assert!(matches!(read_idx(&gzip(&[])[..]), Err(IdxError::Empty)));
}

#[test]
fn a_bad_magic_number_is_named() {
    let html = b"<!DOCTYPE html><html>404</html>";
    assert!(matches!(read_idx(&html[..]), Err(IdxError::BadMagic { found }) if &found == b"<!DO"));
    assert!(matches!(read_idx(&[0, 0, 8, 0][..]), Err(IdxError::BadMagic { .. })), "no dimensions");
    let floats = [0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0];
    assert!(matches!(read_idx(&floats[..]), Err(IdxError::UnsupportedType { code: 0x0d })));
}

#[test]
fn dimensions_multiplying_past_usize_overflow_and_just_below_are_too_large() {
    // 65536⁴ = 2⁶⁴ does not fit a 64-bit usize; 65535⁴ does, but is far beyond the cap.
    let err = read_idx(&encode_idx(&[65_536; 4], &[])[..]).unwrap_err();
    assert!(matches!(err, IdxError::DimensionOverflow { ref dims } if dims == &[65_536; 4]), "{err:?}");
    assert!(err.to_string().contains("corrupt"));
    let err = read_idx(&encode_idx(&[65_535; 4], &[])[..]).unwrap_err();
    assert!(matches!(err, IdxError::TooLarge { bytes, .. } if bytes as u128 == 65_535u128.pow(4)));
    let err = read_idx(&encode_idx(&[60_001, 28, 28], &[])[..]).unwrap_err();
    assert!(matches!(err, IdxError::TooLarge { bytes: 47_040_784, max: 47_040_000 }));
}

/// A gzip stream whose deflate data is one fixed-Huffman block: the literal bytes of `prefix`,
/// then `repeats` copies of "length 258, distance 1" (repeat the last byte). Built by hand so
/// that a 256 MB bomb costs no compression time; its trailer is left zero (never reached).
fn gzip_bomb(prefix: &[u8], repeats: usize) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let (mut acc, mut nbits) = (0u64, 0u32);
    let mut put = |value: u64, bits: u32, out: &mut Vec<u8>| {
        acc |= value << nbits;
        nbits += bits;
        while nbits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            nbits -= 8;
        }
    };
    // Huffman codes go most significant bit first, so they are written reversed.
    let code = |c: u64, bits: u32| c.reverse_bits() >> (64 - bits);
    put(1, 1, &mut out); // BFINAL
    put(1, 2, &mut out); // BTYPE = 01, fixed Huffman codes
    for &b in prefix {
        assert!(b < 144, "literals 0–143 have 8-bit codes 0x30 + b");
        put(code(0x30 + u64::from(b), 8), 8, &mut out);
    }
    for _ in 0..repeats {
        put(code(0xc5, 8), 8, &mut out); // length code 285: 258 bytes
        put(0, 5, &mut out); // distance code 0: distance 1
    }
    put(0, 7, &mut out); // end of block (code 256 is seven 0 bits)
    put(0, 7, &mut out); // flush the last partial byte
    out.extend_from_slice(&[0; 8]);
    out
}

/// Counts the bytes read through it.
struct Counted<'a> {
    inner: &'a [u8],
    read: usize,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n;
        Ok(n)
    }
}

#[test]
fn a_gzip_bomb_is_inflated_only_one_byte_past_its_header() {
    let file = encode_idx(&[10], &[0; 10]);
    let repeats = 1 << 20; // 258 MiB of zeros behind the 18-byte file
    let bomb = gzip_bomb(&file, repeats);

    // The fixture is what it claims: it starts with the file and goes on with zeros.
    let mut head = Vec::new();
    flate2::read::GzDecoder::new(&bomb[..]).take(1 << 20).read_to_end(&mut head).unwrap();
    assert_eq!((&head[..18], head.len()), (&file[..], 1 << 20));
    assert!(head[18..].iter().all(|&b| b == 0));

    let mut counted = Counted { inner: &bomb, read: 0 };
    let err = read_idx(&mut counted).unwrap_err();
    assert!(matches!(err, IdxError::TrailingData { expected: 10 }), "{err:?}");
    // flate2 reads its input 32 KiB at a time: the reader stopped within the first buffers of
    // a 1.7 MB stream, rather than inflating all 258 MiB.
    assert!(counted.read <= 64 * 1024, "read {} of {} compressed bytes", counted.read, bomb.len());
}
