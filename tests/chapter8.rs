//! Chapter 8: the book's trained DeepConvNet (`ch08/deep_convnet_params.pkl`, 2016), loaded
//! through the public API, classifies the 10 000 test images exactly as the book's own code
//! does (`data/book_weights/expected_predictions.json`, computed with the book's classes).

#[path = "../examples/common/ch08.rs"]
mod ch08;

use dldw::mnist::{Mnist, default_data_dir};
use nalgebra::SMatrix;
use std::path::PathBuf;

fn book_weights(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/book_weights").join(file)
}

fn expected() -> serde_json::Value {
    let json = std::fs::read(book_weights("expected_predictions.json")).unwrap();
    serde_json::from_slice::<serde_json::Value>(&json).unwrap()["DeepConvNet"].clone()
}

/// The book's classes for the test images `first..first + 2500`, scored in f32. The book's data
/// records that its float32 forward moves no logit by more than 3.9e-6 from the float64 one
/// (`float32_max_abs_logit_diff`), while the smallest gap between an image's two best float64
/// scores is 0.0057 (image 4874), so the float64 classes are what f32 must give; the float64
/// arithmetic itself is pinned by the logits of image 0 below (to 1e-9) and by the images around
/// 4874. The four quarters are four tests so that the harness runs them side by side.
fn classifies_as_the_book_does(first: usize) {
    let expected = expected();
    let mut net = ch08::book_net::<f32>(&book_weights("deep_convnet.safetensors")).unwrap();
    let test = Mnist::load(default_data_dir()).unwrap().test;
    let indices: Vec<usize> = (first..first + 2500).collect();
    let predictions = ch08::predictions(&mut net, &test.subset(&indices), |x| x);
    let book = &expected["predictions"].as_str().unwrap().as_bytes()[first..first + 2500];
    let first_difference = predictions.iter().zip(book).position(|(&a, &b)| a + b'0' != b);
    assert_eq!(
        first_difference.map(|k| first + k),
        None,
        "the first test image classified otherwise than by the book's code"
    );
    assert_eq!(predictions.len(), 2500);
}

#[test]
fn test_images_0_to_2499_get_the_books_classes() {
    classifies_as_the_book_does(0);
}

#[test]
fn test_images_2500_to_4999_get_the_books_classes() {
    classifies_as_the_book_does(2500);
}

#[test]
fn test_images_5000_to_7499_get_the_books_classes() {
    classifies_as_the_book_does(5000);
}

#[test]
fn test_images_7500_to_9999_get_the_books_classes() {
    classifies_as_the_book_does(7500);
}

/// With every class the book's (the four tests above), the score is the book's: 65 wrong,
/// accuracy 0.9935, and the list of mistakes (index, label, prediction) the book's
/// `misclassified_mnist.py` draws from, computed here from the book's classes and the labels.
#[test]
fn the_books_classes_are_65_mistakes_and_accuracy_0_9935() {
    let expected = expected();
    let test = Mnist::load(default_data_dir()).unwrap().test;
    let book: Vec<u8> = expected["predictions"].as_str().unwrap().bytes().map(|b| b - b'0').collect();
    assert_eq!(book.len(), 10_000);
    let wrong = ch08::wrong(&test, &book);
    assert_eq!(wrong.len(), 65);
    assert_eq!(ch08::accuracy(&test, &book), 0.9935);
    let book_wrong: Vec<(usize, u8, u8)> = expected["wrong"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (w[0].as_u64().unwrap() as usize, w[1].as_u64().unwrap() as u8, w[2].as_u64().unwrap() as u8)
        })
        .collect();
    assert_eq!(wrong, book_wrong);
    // The book's README's first three, as misclassified_mnist.py shows them: (label, inference).
    assert_eq!(wrong[..3], [(445, 6, 0), (449, 3, 5), (450, 3, 5)]);
}

/// In float64, as the book computes, the 100 test images 4800..4900 get the book's classes,
/// among them image 4874, whose two best scores are the closest of the test set (0.0057 apart).
#[test]
fn in_f64_the_closest_call_gets_the_books_class() {
    let expected = expected();
    let mut net = ch08::book_net::<f64>(&book_weights("deep_convnet.safetensors")).unwrap();
    let test = Mnist::load(default_data_dir()).unwrap().test;
    let closest = &expected["smallest_top2_margins_float64"][0];
    assert_eq!(closest[0].as_u64(), Some(4874));
    let indices: Vec<usize> = (4800..4900).collect();
    let predictions = ch08::predictions(&mut net, &test.subset(&indices), |x| x);
    let book = &expected["predictions"].as_str().unwrap().as_bytes()[4800..4900];
    let first_difference = predictions.iter().zip(book).position(|(&a, &b)| a + b'0' != b);
    assert_eq!(
        first_difference.map(|k| 4800 + k),
        None,
        "the first test image classified otherwise than by the book's code"
    );
}

/// The scores of test image 0 in test mode, after the last Dropout's × 0.5, to 1e-9 of the
/// book's float64 logits (input the book's float32 `byte / 255`): the same forward pass to
/// float64's rounding, through six convolutions, three pools and both Dropouts.
#[test]
fn the_logits_of_image_0_are_the_books() {
    let expected = expected();
    let mut net = ch08::book_net::<f64>(&book_weights("deep_convnet.safetensors")).unwrap();
    let test = Mnist::load(default_data_dir()).unwrap().test;
    let x = SMatrix::<f64, 1, 784>::from_fn(|_, k| f64::from(f32::from(test.image(0)[k]) / 255.0));
    let y = net.predict(&x);
    for (k, l) in expected["logits_test0_float64"].as_array().unwrap().iter().enumerate() {
        let l = l.as_f64().unwrap();
        assert!((y[k] - l).abs() < 1e-9, "logit {k} of image 0: {} against the book's {l}", y[k]);
    }
}

/// Book 8.3.4 (`half_float_network.py`): every parameter and every pixel rounded to 16-bit
/// half precision, the arithmetic in f32, and each of the 10 000 test images still gets the
/// book's float64 class (65 wrong, 0.9935). Rounding to binary16 moves each weight by at most
/// 2⁻¹¹ of itself; the smallest margin between the two best float64 scores, 0.0057 (image
/// 4874), is what such errors would have to overcome. Needs the `half` feature:
/// `cargo test -p dldw-tests --features half --test all chapter8::`.
#[cfg(feature = "half")]
#[test]
fn rounded_to_sixteen_bits_the_books_weights_classify_as_in_sixty_four() {
    use dldw::half_float::{round, round_params};
    let mut net = ch08::book_net::<f32>(&book_weights("deep_convnet.safetensors")).unwrap();
    round_params(&mut net);
    assert!(net.conv1.W.iter().all(|&w| round(w) == w));
    let test = Mnist::load(default_data_dir()).unwrap().test;
    let predictions = ch08::predictions(&mut net, &test, round);
    let book = expected()["predictions"].as_str().unwrap().as_bytes().to_vec();
    let first_difference = predictions.iter().zip(&book).position(|(&a, &b)| a + b'0' != b);
    assert_eq!(first_difference, None, "the first test image classified otherwise than in float64");
    assert_eq!(ch08::wrong(&test, &predictions).len(), 65);
}

/// Binary16 has 10 stored significand bits: between 1 and 2 its values are 2⁻¹⁰ apart, so
/// [`round`](dldw::half_float::round) moves a value by at most half of that and a value already
/// on the grid not at all; the same relative bound, 2⁻¹¹, holds over f16's normal range (2⁻¹⁴
/// to 65 504).
#[cfg(feature = "half")]
#[test]
fn sixteen_bits_round_a_value_by_at_most_half_a_step() {
    use dldw::half_float::round;
    for k in 0..10_000 {
        let x = 1.0 + k as f64 / 10_000.0;
        assert!((round(x) - x).abs() <= 2f64.powi(-11), "{x}");
        assert_eq!(round(round(x)), round(x));
        let big = x * 1000.0;
        assert!((round(big) - big).abs() <= big * 2f64.powi(-11), "{big}");
    }
    assert_eq!(round(1.0 + 2f64.powi(-10)), 1.0 + 2f64.powi(-10));
    assert_eq!(round(-65_504.0_f64), -65_504.0);
}

/// A model `ch08_train_deepnet` saved (`f32`) loads through `book_net::<f32>` as it is, every
/// parameter the same bits, and through `book_net::<f64>` (`ch08_misclassified`, or
/// `ch08_book_weights` without `--float f32`) with every value converted exactly.
#[test]
fn a_deep_conv_net_saved_in_f32_loads_as_it_is() {
    use rand::SeedableRng;
    let net = dldw::DeepConvNet::<f32>::new(&mut rand::rngs::StdRng::seed_from_u64(3));
    let dir = std::env::temp_dir().join(format!("dldw-ch8-f32-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("deep_convnet.safetensors");
    dldw::io::save(&net, &path).unwrap();
    let back = ch08::book_net::<f32>(&path).unwrap();
    assert_eq!((&back.conv1.W, &back.conv6.b), (&net.conv1.W, &net.conv6.b));
    assert_eq!(back.affine2.W, net.affine2.W);
    let wide = ch08::book_net::<f64>(&path).unwrap();
    assert_eq!(wide.conv1.W.iter().map(|&w| w as f32).collect::<Vec<_>>(), net.conv1.W.to_vec());
    assert_eq!(
        wide.affine2.b.iter().map(|&b| b as f32).collect::<Vec<_>>(),
        net.affine2.b.as_slice().to_vec()
    );
    assert_eq!(wide.conv6.W[7], f64::from(net.conv6.W[7]));
}
