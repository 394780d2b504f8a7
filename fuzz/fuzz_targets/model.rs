//! The model loader on arbitrary bytes, into the book's two-layer network in miniature
//! (4 → 3 → 2, f32: tensors W1 [4, 3], b1 [3], W2 [3, 2], b2 [2]). It must return a typed
//! error and leave every parameter bit for bit as it was, or load finite numbers; never panic.
#![no_main]

use dldw::TwoLayerNet;
use dldw::init::Init;
use dldw::params::{Name, Parameters};
use libfuzzer_sys::fuzz_target;
use rand::SeedableRng;

/// Every parameter element's bits, in walk order.
fn bits(net: &mut TwoLayerNet<4, 3, 2, f32>) -> Vec<u32> {
    let mut bits = Vec::new();
    net.visit_params(&Name::Root, &mut |p| bits.extend(p.value.iter().map(|x| x.to_bits())));
    bits
}

fuzz_target!(|bytes: &[u8]| {
    let mut net = TwoLayerNet::<4, 3, 2, f32>::new(Init::he(), &mut rand::rngs::StdRng::seed_from_u64(0));
    let before = bits(&mut net);
    match dldw::io::load_from_bytes(&mut net, bytes) {
        Ok(()) => assert!(bits(&mut net).iter().all(|&b| f32::from_bits(b).is_finite())),
        Err(_) => assert_eq!(bits(&mut net), before),
    }
});
