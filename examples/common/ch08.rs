//! What the chapter-8 examples share: the book's trained DeepConvNet, and the class it gives
//! each image of a set (the book's `network.predict(x, train_flg=False)`, 100 images at a time).
//! Examples include it with `#[path = "common/ch08.rs"] mod ch08;`.
#![allow(dead_code)] // each example uses a different part

use dldw::io::ModelIoError;
use dldw::mnist::{ImageSet, PIXELS};
use dldw::params::{Name, Parameters};
use dldw::{DeepConvNet, Float};
use rand::SeedableRng;
use std::error::Error;
use std::path::{Path, PathBuf};

/// The book's trained weights (`ch08/deep_convnet_params.pkl`, 2016, as safetensors).
pub fn book_weights() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/book_weights/deep_convnet.safetensors")
}

/// The book's weights, float64 as the file holds them, in a DeepConvNet of `T`: loaded into
/// an `f64` network through the public API, then each value converted (rounded to nearest for
/// `f32`). A file saved from a DeepConvNet of `T` itself loads as it is; one of the other
/// float type (`ch08_train_deepnet` saves `f32`) is loaded into a network of its own type and
/// converted the same way.
pub fn book_net<T: Float>(path: &Path) -> Result<DeepConvNet<T>, Box<dyn Error>> {
    // The weights are replaced by the file's; the seed only fills them until then.
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut net = DeepConvNet::<T>::new(&mut rng);
    let found = match dldw::io::load_into(&mut net, path) {
        Err(ModelIoError::DtypeMismatch { found, .. }) => found,
        loaded => return loaded.map(|()| net).map_err(Into::into),
    };
    let values = match found.as_str() {
        "F32" => file_values::<f32>(path)?,
        _ => file_values::<f64>(path)?,
    };
    let mut tensors = values.into_iter();
    net.visit_params(&Name::Root, &mut |p| {
        let from = tensors.next().unwrap_or_default();
        p.value.iter_mut().zip(from).for_each(|(v, w)| *v = T::lit(w));
    });
    Ok(net)
}

/// Every parameter of the DeepConvNet of `F` in the file at `path`, as `f64` (exact for `f32`).
fn file_values<F: Float>(path: &Path) -> Result<Vec<Vec<f64>>, Box<dyn Error>> {
    let mut net = DeepConvNet::<F>::new(&mut rand::rngs::StdRng::seed_from_u64(0));
    dldw::io::load_into(&mut net, path)?;
    let mut values = Vec::new();
    net.visit_params(&Name::Root, &mut |p| values.push(p.value.iter().map(|v| v.as_f64()).collect()));
    Ok(values)
}

/// The class `net` gives each image of `set`, in order, in test mode, 100 images at a time.
/// Each pixel is the book's `float32(byte) / 255` (`load_mnist(normalize=True)`), then
/// converted to `T` and passed through `input` (the identity, or a rounding to 16 bits).
pub fn predictions<T: Float>(net: &mut DeepConvNet<T>, set: &ImageSet, input: impl Fn(T) -> T) -> Vec<u8> {
    let mut x32 = dldw::zeros_boxed::<f32, 100, PIXELS>();
    let mut x = dldw::zeros_boxed::<T, 100, PIXELS>();
    let mut classes = Vec::with_capacity(set.len());
    for chunk in set.chunks::<100>() {
        set.gather_pixels(&chunk.indices, &mut x32);
        x.zip_apply(&x32, |v, p| *v = input(T::lit(f64::from(p))));
        let y = net.predict(&x);
        classes.extend((0..chunk.valid).map(|n| y.row(n).transpose().argmax().0 as u8));
    }
    classes
}

/// The share of `set` that `predictions` classifies rightly (the book's
/// `np.sum(y == t) / x.shape[0]`).
pub fn accuracy(set: &ImageSet, predictions: &[u8]) -> f64 {
    let right = set.labels().iter().zip(predictions).filter(|(l, p)| l == p).count();
    right as f64 / set.len() as f64
}

/// `(index, label, prediction)` of every image `predictions` classifies wrongly, in order.
pub fn wrong(set: &ImageSet, predictions: &[u8]) -> Vec<(usize, u8, u8)> {
    let labels = set.labels().iter().zip(predictions);
    labels.enumerate().filter(|(_, (l, p))| l != p).map(|(i, (&l, &p))| (i, l, p)).collect()
}
