//! Chapter 4's learning algorithm (book 4.5): a two-layer sigmoid network trained by
//! mini-batch SGD with *numerical* gradients, next to the same steps with backpropagation.
//!
//! ```sh
//! cargo run --release --example ch04_train_numerical
//! ```
//!
//! The book's 784-50-10 needs 79,520 forward passes per numerical gradient (11–16 s per
//! iteration in NumPy, days for the full run). To keep this runnable the network here is
//! 784-10-10 on batches of 10 — still 15,920 forward passes per step. Both runs start from the
//! same weights and see the same batches, so their losses agree to about 1e-6: the same
//! gradients, thousands of times apart in cost. Backpropagation then goes on alone to 20000
//! steps, which the numerical gradient would need hours for.

use dldw::TwoLayerNetSigmoid;
use dldw::init::Init;
use dldw::mnist::{Mnist, data_dir};
use dldw::optim::{Optimizer, Sgd};
use dldw::train::{RandomChoice, Sampler};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::time::Instant;

const ITERS: usize = 20;
const CONTINUE: usize = 20_000;

fn main() {
    let data = Mnist::load(data_dir(None)).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    });
    let init = TwoLayerNetSigmoid::<784, 10, 10, f64>::new(Init::book(), &mut StdRng::seed_from_u64(0));
    let (mut numerical, mut backprop) = (init.clone(), init);
    let mut sgd = Sgd::new(1.0).expect("a valid learning rate");
    let mut sampler = RandomChoice::new(data.train.len());
    let mut rng = StdRng::seed_from_u64(1);
    let mut x = dldw::zeros_boxed::<f64, 10, 784>();
    let mut idx = [0; 10];
    let (mut t_numerical, mut t_backprop) = (0.0, 0.0);

    println!("iter  loss (numerical gradient)  loss (backprop)");
    for i in 0..ITERS {
        sampler.fill(&mut idx, &mut rng);
        let t = data.train.gather(&idx, &mut x);

        let started = Instant::now();
        let loss_n = numerical.loss(&x, &t);
        numerical.numerical_gradient(&x, &t);
        sgd.step(&mut numerical);
        t_numerical += started.elapsed().as_secs_f64();

        let started = Instant::now();
        let loss_b = backprop.gradient(&x, &t);
        sgd.step(&mut backprop);
        t_backprop += started.elapsed().as_secs_f64();

        println!("{i:4}  {loss_n:25.6}  {loss_b:15.6}");
    }
    let (n, b) = (t_numerical / ITERS as f64, t_backprop / ITERS as f64);
    println!("time per iteration: numerical {:.3} s, backprop {:.1} µs ({:.0}× faster)", n, b * 1e6, n / b);

    // What the numerical gradient could not afford: many more steps.
    for _ in ITERS..CONTINUE {
        sampler.fill(&mut idx, &mut rng);
        let t = data.train.gather(&idx, &mut x);
        backprop.gradient(&x, &t);
        sgd.step(&mut backprop);
    }
    let acc = dldw::train::evaluate(&mut backprop, &data.test, dldw::train::EvalBatch::<1000>);
    println!("backprop alone, after {CONTINUE} iterations: test accuracy {acc:.4}");
}
