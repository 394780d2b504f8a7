//! The model loader behind a well-framed file: the fuzzer's bytes are the JSON header, the
//! 8-byte length in front of it is always right, and 92 bytes of finite f32 data follow (the
//! 23 parameters of the 4 → 3 → 2 network). Random bytes rarely frame a header correctly (see
//! the `model` target); here mutations reach the header's fields (dtype, shape, offsets,
//! names) and dldw's own checks. Same invariant: a typed error with every parameter bit for
//! bit unchanged, or finite numbers loaded; never a panic.
#![no_main]

use dldw::TwoLayerNet;
use dldw::init::Init;
use dldw::params::{Name, Parameters};
use libfuzzer_sys::fuzz_target;
use rand::SeedableRng;

fn bits(net: &mut TwoLayerNet<4, 3, 2, f32>) -> Vec<u32> {
    let mut bits = Vec::new();
    net.visit_params(&Name::Root, &mut |p| bits.extend(p.value.iter().map(|x| x.to_bits())));
    bits
}

fuzz_target!(|header: &[u8]| {
    let mut file = (header.len() as u64).to_le_bytes().to_vec();
    file.extend_from_slice(header);
    file.extend((0..23u8).flat_map(|k| (f32::from(k) * 0.25 - 2.0).to_le_bytes()));
    let mut net = TwoLayerNet::<4, 3, 2, f32>::new(Init::he(), &mut rand::rngs::StdRng::seed_from_u64(0));
    let before = bits(&mut net);
    match dldw::io::load_from_bytes(&mut net, &file) {
        Ok(()) => assert!(bits(&mut net).iter().all(|&b| f32::from_bits(b).is_finite())),
        Err(_) => assert_eq!(bits(&mut net), before),
    }
});
