//! The model loader against broken files: every mutation of a file that `dldw::io::save` wrote
//! is a typed [`ModelIoError`] that leaves the model bit for bit as it was, or it loads exactly
//! what the file holds. Never a panic.
//!
//! The files are the book's two-layer network in miniature (4 → 3 → 2, tensors W1 [4, 3],
//! b1 [3], W2 [3, 2], b2 [2]) in f32 and f64, saved with random weights, then cut, bit-flipped,
//! edited (dtype, shape, offsets, names, header length) or replaced.

use dldw::io::{ModelIoError, load_from_bytes, load_into, save};
use dldw::params::{Name, Parameters};
use dldw::{Float, TwoLayerNet};
use proptest::prelude::*;
use rand::SeedableRng;
use safetensors::{Dtype, SafeTensorError, SafeTensors};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

type Net<T> = TwoLayerNet<4, 3, 2, T>;

/// The tensors as the file names them, with their file shapes.
const TENSORS: [(&str, &[usize]); 4] = [("W1", &[4, 3]), ("b1", &[3]), ("W2", &[3, 2]), ("b2", &[2])];

fn net<T: Float + Default>(seed: u64) -> Net<T> {
    Net::new(dldw::init::Init::he(), &mut rand::rngs::StdRng::seed_from_u64(seed))
}

/// A file of its own under the system's temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(what: &str) -> TempFile {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        TempFile(std::env::temp_dir().join(format!("dldw-model-{what}-{}-{n}", std::process::id())))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The bytes `dldw::io::save` writes for a network with weights drawn from `seed`.
fn saved<T: Float + Default>(seed: u64) -> Vec<u8> {
    let file = TempFile::new("saved");
    save(&net::<T>(seed), &file.0).unwrap();
    std::fs::read(&file.0).unwrap()
}

/// Every parameter, row-major as the file holds it, each element's value as `f64` bits
/// (exact for f32 and f64).
fn model_values<T: Float + Default>(model: &mut Net<T>) -> BTreeMap<String, Vec<u64>> {
    let mut values = BTreeMap::new();
    model.visit_params(&Name::Root, &mut |p| {
        let row_major = (0..p.rows).flat_map(|i| (0..p.cols).map(move |j| i + j * p.rows));
        let row_major: Vec<u64> = row_major.map(|k| p.value[k].as_f64().to_bits()).collect();
        values.insert(p.name.to_string(), row_major);
    });
    values
}

/// What a valid file holds, read by the safetensors crate alone, in the same form.
fn file_values<T: Float + Default>(bytes: &[u8]) -> BTreeMap<String, Vec<u64>> {
    let file = SafeTensors::deserialize(bytes).unwrap();
    file.iter()
        .map(|(name, view)| {
            let values = view.data().chunks_exact(size_of::<T>()).map(|c| match size_of::<T>() {
                4 => f64::from(f32::from_le_bytes(c.try_into().unwrap())).to_bits(),
                _ => f64::from_le_bytes(c.try_into().unwrap()).to_bits(),
            });
            (name.to_string(), values.collect())
        })
        .collect()
}

/// Loads `bytes` into a fresh network; on an error, checks that the network is unchanged.
fn load<T: Float + Default>(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u64>>, ModelIoError> {
    let mut model = net::<T>(99);
    let before = model_values(&mut model);
    match load_from_bytes(&mut model, bytes) {
        Ok(()) => Ok(model_values(&mut model)),
        Err(e) => {
            assert_eq!(model_values(&mut model), before, "the model changed although loading failed: {e}");
            Err(e)
        }
    }
}

/// The safetensors error inside a format error, or a test failure naming what came instead.
fn format_source(result: Result<BTreeMap<String, Vec<u64>>, ModelIoError>) -> SafeTensorError {
    match result {
        Err(ModelIoError::Format { path: None, source }) => source,
        other => panic!("expected a format error, got {other:?}"),
    }
}

/// The header length, the JSON header and the data of a file.
fn split(bytes: &[u8]) -> (usize, Value, &[u8]) {
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    (n, serde_json::from_slice(&bytes[8..8 + n]).unwrap(), &bytes[8 + n..])
}

/// A file from a header and data, with the header's length recomputed.
fn join(header: &Value, data: &[u8]) -> Vec<u8> {
    let json = serde_json::to_vec(header).unwrap();
    [&(json.len() as u64).to_le_bytes()[..], &json, data].concat()
}

#[test]
fn a_saved_file_loads_back_exactly_in_f32_and_f64() {
    let bytes = saved::<f32>(1);
    assert_eq!(load::<f32>(&bytes).unwrap(), model_values(&mut net::<f32>(1)));
    assert_eq!(load::<f32>(&bytes).unwrap(), file_values::<f32>(&bytes));
    let bytes = saved::<f64>(1);
    assert_eq!(load::<f64>(&bytes).unwrap(), model_values(&mut net::<f64>(1)));
}

#[test]
fn a_file_cut_anywhere_is_a_format_error_naming_the_part_that_is_short() {
    fn check<T: Float + Default>() {
        let bytes = saved::<T>(2);
        let (n, _, data) = split(&bytes);
        // 23 elements of 4 or 8 bytes after the 8-byte length and the JSON header.
        assert_eq!(data.len(), 23 * size_of::<T>());
        for cut in 0..bytes.len() {
            let source = format_source(load::<T>(&bytes[..cut]));
            match cut {
                0..8 => assert!(matches!(source, SafeTensorError::HeaderTooSmall), "{cut}: {source:?}"),
                c if c < 8 + n => {
                    assert!(matches!(source, SafeTensorError::InvalidHeaderLength), "{cut}: {source:?}")
                }
                _ => {
                    assert!(matches!(source, SafeTensorError::MetadataIncompleteBuffer), "{cut}: {source:?}")
                }
            }
        }
    }
    check::<f32>();
    check::<f64>();
}

#[test]
fn a_truncated_file_on_disk_names_the_file_and_says_what_to_do() {
    let bytes = saved::<f32>(3);
    let file = TempFile::new("truncated");
    std::fs::write(&file.0, &bytes[..bytes.len() - 10]).unwrap();
    let mut model = net::<f32>(4);
    let before = model_values(&mut model);
    let err = load_into(&mut model, &file.0).unwrap_err();
    assert_eq!(model_values(&mut model), before);
    assert!(matches!(&err, ModelIoError::Format { path: Some(p), .. } if *p == file.0), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not a valid safetensors file (incomplete metadata, file not fully covered): it \
             may be truncated or of another format; save the model again to replace it",
            file.0.display()
        )
    );
}

#[test]
fn an_empty_file_a_directory_and_a_missing_file_are_typed_errors() {
    let empty = TempFile::new("empty");
    std::fs::write(&empty.0, b"").unwrap();
    let mut model = net::<f32>(5);
    let before = model_values(&mut model);
    let err = load_into(&mut model, &empty.0).unwrap_err();
    assert!(matches!(err, ModelIoError::Format { source: SafeTensorError::HeaderTooSmall, .. }), "{err:?}");
    assert!(err.to_string().contains("is not a valid safetensors file (header too small)"), "{err}");

    let err = load_into(&mut model, std::env::temp_dir()).unwrap_err();
    assert!(matches!(err, ModelIoError::Io { action: "read", .. }), "{err:?}");
    let err = load_into(&mut model, "/nonexistent/model.safetensors").unwrap_err();
    assert!(matches!(&err, ModelIoError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound));
    assert_eq!(model_values(&mut model), before);
}

#[test]
fn other_files_are_refused() {
    // An MNIST file given as a model: its first 8 bytes (1f 8b 08 00 00 …) read as a header
    // of 559903 bytes, longer than the 4.5 KB file.
    let mnist = std::fs::read(dldw::mnist::default_data_dir().join(dldw::mnist::TEST_LABELS)).unwrap();
    assert_eq!(u64::from_le_bytes(mnist[..8].try_into().unwrap()), 559_903);
    assert!(matches!(format_source(load::<f32>(&mnist)), SafeTensorError::InvalidHeaderLength));
    // A header length of 0: no JSON at all.
    assert!(matches!(format_source(load::<f32>(&[0; 8])), SafeTensorError::InvalidHeaderDeserialization(_)));
    // A valid file with no tensors: the first parameter is missing.
    let empty_model = join(&json!({}), &[]);
    assert!(matches!(load::<f32>(&empty_model), Err(ModelIoError::MissingTensor { name }) if name == "W1"));
    // A valid model followed by more bytes.
    let mut longer = saved::<f32>(6);
    longer.extend_from_slice(&[0; 4]);
    assert!(matches!(format_source(load::<f32>(&longer)), SafeTensorError::MetadataIncompleteBuffer));
}

#[test]
fn a_file_of_the_other_float_type_is_a_dtype_mismatch() {
    let err = load::<f64>(&saved::<f32>(7)).unwrap_err();
    assert!(
        matches!(&err, ModelIoError::DtypeMismatch { name, expected: "F64", found } if name == "W1" && found == "F32"),
        "{err:?}"
    );
}

#[test]
fn a_nan_in_the_data_is_refused_by_name_and_position() {
    let bytes = saved::<f32>(8);
    let (_, header, data) = split(&bytes);
    // The tensor b2, elements 0 and 1, lies where its data_offsets say.
    let start = header["b2"]["data_offsets"][0].as_u64().unwrap() as usize;
    let mut data = data.to_vec();
    data[start + 4..start + 8].copy_from_slice(&f32::NAN.to_le_bytes());
    let err = load::<f32>(&join(&header, &data)).unwrap_err();
    assert!(
        matches!(&err, ModelIoError::NonFinite { name, index: 1, value } if name == "b2" && value.is_nan())
    );
}

/// The bytes of each dtype the safetensors format knows, for editing the dtype field.
const DTYPES: [&str; 20] = [
    "BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16", "F16",
    "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64",
];

proptest! {
    #[test]
    fn a_flipped_bit_is_refused_or_loads_exactly_what_the_file_then_holds(
        seed in any::<u64>(), f64_file in any::<bool>(), at in any::<prop::sample::Index>(), bit in 0..8u8,
    ) {
        fn check<T: Float + Default>(seed: u64, at: prop::sample::Index, bit: u8) -> Result<(), TestCaseError> {
            let mut bytes = saved::<T>(seed);
            let (n, _, _) = split(&bytes);
            let at = at.index(bytes.len());
            bytes[at] ^= 1 << bit;
            match (at, load::<T>(&bytes)) {
                // The header length: too long for the file, or cutting the JSON short.
                (0..8, result) => prop_assert!(matches!(result, Err(ModelIoError::Format { .. })), "{:?}", result),
                // A value of the data: it loads as the file now has it, unless it is no number.
                (a, Err(ModelIoError::NonFinite { value, .. })) if a >= 8 + n => prop_assert!(!value.is_finite()),
                (a, result) if a >= 8 + n => prop_assert_eq!(result.unwrap(), file_values::<T>(&bytes)),
                // The JSON header: any typed error (the model unchanged, `load` checks), or a
                // change the loader may ignore (the metadata, a space) and the values the file holds.
                (_, Ok(values)) => prop_assert_eq!(values, file_values::<T>(&bytes)),
                (_, Err(_)) => {}
            }
            Ok(())
        }
        if f64_file { check::<f64>(seed, at, bit)? } else { check::<f32>(seed, at, bit)? }
    }

    #[test]
    fn an_edited_shape_is_a_shape_mismatch_or_a_format_error(
        tensor in 0..4usize, shape in prop::collection::vec(0..13usize, 0..4),
    ) {
        let bytes = saved::<f32>(9);
        let (_, mut header, data) = split(&bytes);
        let (name, expected) = TENSORS[tensor];
        header[name]["shape"] = json!(shape);
        let result = load::<f32>(&join(&header, data));
        let elements = expected.iter().product::<usize>();
        if shape.iter().product::<usize>() != elements {
            // The byte count no longer matches dtype × shape: safetensors refuses the file.
            prop_assert!(matches!(format_source(result), SafeTensorError::TensorInvalidInfo));
        } else if shape == expected {
            prop_assert!(result.is_ok());
        } else {
            let err = result.unwrap_err();
            prop_assert!(matches!(&err, ModelIoError::ShapeMismatch { name: n, expected: e, found }
                if n == name && e == expected && *found == shape), "{:?}", err);
        }
    }

    #[test]
    fn an_edited_dtype_is_a_dtype_mismatch_or_a_format_error(
        tensor in 0..4usize, dtype in prop::sample::select(&DTYPES[..]),
    ) {
        let bytes = saved::<f32>(10);
        let (_, mut header, data) = split(&bytes);
        let (name, shape) = TENSORS[tensor];
        header[name]["dtype"] = json!(dtype);
        let result = load::<f32>(&join(&header, data));
        let bits = shape.iter().product::<usize>() * serde_json::from_value::<Dtype>(json!(dtype)).unwrap().bitsize();
        match (bits, dtype) {
            (b, _) if b % 8 != 0 => prop_assert!(matches!(format_source(result), SafeTensorError::MisalignedSlice)),
            (b, _) if b != 32 * shape.iter().product::<usize>() => {
                prop_assert!(matches!(format_source(result), SafeTensorError::TensorInvalidInfo));
            }
            (_, "F32") => prop_assert!(result.is_ok()),
            _ => {
                let err = result.unwrap_err();
                prop_assert!(matches!(&err, ModelIoError::DtypeMismatch { name: n, expected: "F32", found }
                    if n == name && found == dtype), "{:?}", err);
            }
        }
    }

    #[test]
    fn an_unknown_dtype_is_a_format_error(dtype in "[A-Z][A-Z0-9_]{0,6}") {
        prop_assume!(!DTYPES.contains(&dtype.as_str()));
        let bytes = saved::<f32>(11);
        let (_, mut header, data) = split(&bytes);
        header["W2"]["dtype"] = json!(dtype);
        let source = format_source(load::<f32>(&join(&header, data)));
        prop_assert!(matches!(source, SafeTensorError::InvalidHeaderDeserialization(_)), "{:?}", source);
    }

    #[test]
    fn edited_offsets_are_a_format_error_unless_unchanged(tensor in 0..4usize, start in 0..120u64, len in 0..60u64) {
        let bytes = saved::<f32>(12);
        let (_, mut header, data) = split(&bytes);
        let name = TENSORS[tensor].0;
        let original = header[name]["data_offsets"].clone();
        header[name]["data_offsets"] = json!([start, start + len]);
        let result = load::<f32>(&join(&header, data));
        if header[name]["data_offsets"] == original {
            prop_assert!(result.is_ok());
        } else {
            prop_assert!(matches!(result, Err(ModelIoError::Format { .. })), "{:?}", result);
        }
    }

    #[test]
    fn a_renamed_tensor_is_missing_and_an_added_one_unexpected(tensor in 0..4usize, new in "[a-zA-Z0-9._]{1,6}") {
        prop_assume!(TENSORS.iter().all(|(name, _)| *name != new) && new != "__metadata__");
        let bytes = saved::<f32>(13);
        let (_, header, data) = split(&bytes);
        let name = TENSORS[tensor].0;

        let mut renamed = header.clone();
        let entry = renamed.as_object_mut().unwrap().remove(name).unwrap();
        renamed[&new] = entry;
        let err = load::<f32>(&join(&renamed, data)).unwrap_err();
        prop_assert!(matches!(&err, ModelIoError::MissingTensor { name: n } if n == name), "{:?}", err);

        let mut added = header.clone();
        added[&new] = json!({ "dtype": "F32", "shape": [1], "data_offsets": [data.len(), data.len() + 4] });
        let err = load::<f32>(&join(&added, &[data, &[0; 4]].concat())).unwrap_err();
        prop_assert!(matches!(&err, ModelIoError::UnexpectedTensor { name: n } if *n == new), "{:?}", err);
    }

    #[test]
    fn a_header_length_that_does_not_fit_the_file_is_a_format_error(
        claim in prop_oneof![any::<u64>(), 0..2_000u64, 100_000_000..200_000_000u64],
    ) {
        let mut bytes = saved::<f64>(14);
        let (n, _, _) = split(&bytes);
        prop_assume!(claim != n as u64);
        bytes[..8].copy_from_slice(&claim.to_le_bytes());
        let source = format_source(load::<f64>(&bytes));
        if claim > 100_000_000 {
            // safetensors' cap on the header: the length alone is refused, nothing is allocated.
            prop_assert!(matches!(source, SafeTensorError::HeaderTooLarge), "{:?}", source);
        } else if claim as usize > bytes.len() - 8 {
            prop_assert!(matches!(source, SafeTensorError::InvalidHeaderLength), "{:?}", source);
        }
    }
}

#[test]
fn a_header_length_of_gigabytes_is_refused_by_the_cap() {
    for gigabytes in [1u64, 4, 1 << 20] {
        let mut bytes = saved::<f32>(15);
        bytes[..8].copy_from_slice(&(gigabytes << 30).to_le_bytes());
        assert!(matches!(format_source(load::<f32>(&bytes)), SafeTensorError::HeaderTooLarge));
    }
    let mut bytes = saved::<f32>(15);
    bytes[..8].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(format_source(load::<f32>(&bytes)), SafeTensorError::HeaderTooLarge));
}

/// The most bytes a file for `Net<T>` can have: the 8-byte header length, safetensors' 100 MB
/// cap on the header, and the 23 values.
fn limit<T: Float>() -> u64 {
    8 + 100_000_000 + 23 * size_of::<T>() as u64
}

/// Loads the file at `path` into a fresh network; on an error, checks that the network is
/// unchanged.
fn load_path<T: Float + Default>(path: &std::path::Path) -> Result<(), ModelIoError> {
    let mut model = net::<T>(98);
    let before = model_values(&mut model);
    let result = load_into(&mut model, path);
    if let Err(e) = &result {
        assert_eq!(model_values(&mut model), before, "the model changed although loading failed: {e}");
    }
    result
}

#[test]
fn a_disk_image_given_as_a_model_is_refused_from_its_length_without_being_read() {
    // 10 GB, sparse: no disk used. Were it read, the test would take minutes and 10 GB of memory.
    let image = TempFile::new("disk-image");
    std::fs::File::create(&image.0).unwrap().set_len(10 << 30).unwrap();
    let err = load_path::<f32>(&image.0).unwrap_err();
    assert!(
        matches!(&err, ModelIoError::TooLarge { path, size: Some(10_737_418_240), limit: 100_000_100,
            elements: 23, dtype: "F32" } if *path == image.0),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{} is 10737418240 bytes, more than the 100000100 bytes a model of 23 F32 parameters can \
             take: is it the right file?",
            image.0.display()
        )
    );
    let err = load_path::<f64>(&image.0).unwrap_err();
    assert!(matches!(err, ModelIoError::TooLarge { limit: 100_000_192, dtype: "F64", .. }), "{err:?}");
}

#[test]
fn the_largest_valid_file_loads_and_one_byte_more_is_too_large() {
    // A valid file of exactly the limit: the saved model with its header padded to 100 MB by
    // a metadata entry, as a file from elsewhere may carry.
    let bytes = saved::<f32>(16);
    let (_, mut header, data) = split(&bytes);
    header["__metadata__"]["pad"] = json!("");
    let unpadded = serde_json::to_vec(&header).unwrap().len();
    header["__metadata__"]["pad"] = json!("x".repeat(100_000_000 - unpadded));
    let largest = join(&header, data);
    assert_eq!(largest.len() as u64, limit::<f32>());
    let file = TempFile::new("largest");
    std::fs::write(&file.0, &largest).unwrap();
    drop(largest);
    let mut model = net::<f32>(17);
    load_into(&mut model, &file.0).unwrap();
    assert_eq!(model_values(&mut model), model_values(&mut net::<f32>(16)));

    // One byte more, which no valid file for this model can have (safetensors would refuse a
    // longer header, and the data must end the file): refused from the length.
    std::io::Write::write_all(&mut std::fs::OpenOptions::new().append(true).open(&file.0).unwrap(), b" ")
        .unwrap();
    let err = load_path::<f32>(&file.0).unwrap_err();
    assert!(
        matches!(err, ModelIoError::TooLarge { size: Some(100_000_101), limit: 100_000_100, .. }),
        "{err:?}"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn a_device_that_never_ends_is_read_only_to_the_limit() {
    // /dev/zero reports a length of 0 and never ends: the reading stops one byte past the limit.
    let err = load_path::<f32>(std::path::Path::new("/dev/zero")).unwrap_err();
    assert!(matches!(err, ModelIoError::TooLarge { size: None, limit: 100_000_100, .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "/dev/zero goes on past the 100000100 bytes a model of 23 F32 parameters can take (a device, \
         or a file still being written): is it the right file?"
    );
}
