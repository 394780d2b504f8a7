//! Writes the seed corpus (`corpus/<target>/`): small valid files of each kind, as dldw and
//! the MNIST files have them, from which the fuzzers mutate. Run from `fuzz/`:
//!
//! ```sh
//! cargo run --example make_seeds
//! ```

use dldw::TwoLayerNet;
use dldw::init::Init;
use dldw::mnist::encode_idx;
use flate2::Compression;
use flate2::write::GzEncoder;
use rand::SeedableRng;
use std::fs;
use std::io::Write;
use std::path::Path;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).expect("writing to a Vec cannot fail");
    gz.finish().expect("writing to a Vec cannot fail")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::create_dir_all(dir).expect("the corpus directory can be created");
    fs::write(dir.join(name), bytes).expect("the seed can be written");
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let labels = encode_idx(&[5], &[5, 0, 4, 1, 9]);
    let image: Vec<u8> = (0..2 * 4 * 4).map(|i| (i * 8) as u8).collect();
    let images = encode_idx(&[2, 4, 4], &image);
    for target in ["idx", "idx_gzipped"] {
        let dir = corpus.join(target);
        write(&dir, "labels", &labels);
        write(&dir, "images", &images);
    }
    // The raw target also meets gzip streams; the gzipped one gzips its input itself.
    write(&corpus.join("idx"), "labels.gz", &gzip(&labels));
    write(&corpus.join("idx"), "images.gz", &gzip(&images));

    let dir = corpus.join("model");
    fs::create_dir_all(&dir).expect("the corpus directory can be created");
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let net32 = TwoLayerNet::<4, 3, 2, f32>::new(Init::he(), &mut rng);
    dldw::io::save(&net32, dir.join("two_layer_net_f32")).expect("the seed can be saved");
    // Right names and shapes, wrong dtype: reaches the dtype check.
    let net64 = TwoLayerNet::<4, 3, 2, f64>::new(Init::he(), &mut rng);
    dldw::io::save(&net64, dir.join("two_layer_net_f64")).expect("the seed can be saved");

    // The model_header target frames its input itself: its seeds are the files' JSON headers.
    for name in ["two_layer_net_f32", "two_layer_net_f64"] {
        let file = fs::read(dir.join(name)).expect("the seed was just written");
        let len = u64::from_le_bytes(file[..8].try_into().expect("8 bytes")) as usize;
        write(&corpus.join("model_header"), &format!("{name}.json"), &file[8..8 + len]);
    }
}
