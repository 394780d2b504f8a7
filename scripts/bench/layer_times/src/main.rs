//! DeepConvNet's layers (batch 100, f32) timed one by one: for each, the median of REPS calls
//! of forward and of backward, after three untimed, on random values of the input's shape
//! (conv1's four fifths zeros, as MNIST's pixels), in ms per call, and for conv2 … conv6 the
//! GFLOP/s those times make of their multiply-adds (two flops each); then the sums.
use dldw::DeepConvNet;
use dldw::layers::{Convolution, FirstLayer, ImageShape, Layer};
use nalgebra::SMatrix;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::hint::black_box;
use std::time::Instant;

const N: usize = 100;

/// A batch of values in [−1, 1), the share `zeros` of them 0.
fn batch<const C: usize>(rng: &mut StdRng, zeros: f64) -> Box<SMatrix<f32, N, C>> {
    let mut m = dldw::zeros_boxed::<f32, N, C>();
    for v in m.iter_mut() {
        if !rng.random_bool(zeros) {
            *v = rng.random_range(-1.0..1.0);
        }
    }
    m
}

/// The median of `reps` timings of `f` in ms, after three untimed calls.
fn median(reps: usize, mut f: impl FnMut()) -> f64 {
    (0..3).for_each(|_| f());
    let mut ms: Vec<f64> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    ms[reps / 2]
}

/// Forward and backward of `layer` (its input `I` values an image, its output `O`), printed,
/// with the GFLOP/s of `macs` (forward's and backward's multiply-adds) if given.
fn layer<L, const I: usize, const O: usize>(
    name: &str,
    layer: &mut L,
    rng: &mut StdRng,
    reps: usize,
    macs: Option<[f64; 2]>,
) -> [f64; 2]
where
    L: Layer<SMatrix<f32, N, I>, Output = SMatrix<f32, N, O>>,
{
    let (x, dout) = (batch::<I>(rng, 0.0), batch::<O>(rng, 0.0));
    let forward = median(reps, || _ = black_box(layer.forward(&x)));
    let backward = median(reps, || _ = black_box(layer.backward(&dout)));
    let rates = macs.map_or(String::new(), |[f, b]| {
        format!("   GFLOP/s {:5.1} {:5.1}", 2.0 * f / forward / 1e6, 2.0 * b / backward / 1e6)
    });
    println!("{name:<8} forward {forward:7.2} ms   backward {backward:7.2} ms{rates}");
    [forward, backward]
}

/// A convolution's multiply-adds on a batch: forward N·(output values)·C·FH·FW; backward as
/// many for dW and, for dx, N·(input values)·FN·FH·FW (each input value gets a product per
/// filter and tap that reads it, with stride 1).
fn macs<In: ImageShape, Out: ImageShape, const FH: usize, const FW: usize, const P: usize, const S: usize>(
    _: &Convolution<In, Out, FH, FW, P, S, f32>,
) -> Option<[f64; 2]> {
    let [fnum, c, ..] = Convolution::<In, Out, FH, FW, P, S, f32>::DIMS;
    let forward = (N * Out::SIZE * c * FH * FW) as f64;
    Some([forward, forward + (N * In::SIZE * fnum * FH * FW) as f64])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cores = args.first().map_or("1", String::as_str);
    let reps: usize = args.get(1).map_or(Ok(10), |r| r.parse()).unwrap_or_else(|_| {
        eprintln!("REPS must be a whole number, not {:?}", args[1]);
        std::process::exit(2)
    });
    if !matches!(cores, "1" | "2") || reps == 0 {
        eprintln!("usage: layer-times [1|2] [REPS ≥ 1]");
        std::process::exit(2);
    }
    let run = || {
        let mut rng = StdRng::seed_from_u64(0);
        let mut net = DeepConvNet::<f32>::new(&mut rng);
        let x = batch::<784>(&mut rng, 0.8);
        let dout = batch::<12544>(&mut rng, 0.0);
        let forward = median(reps, || _ = black_box(net.conv1.forward_first(&*x)));
        let backward = median(reps, || net.conv1.backward_first(&*x, &dout));
        println!("{:<8} forward {forward:7.2} ms   backward {backward:7.2} ms", "conv1");
        let m = [macs(&net.conv2), macs(&net.conv3), macs(&net.conv4), macs(&net.conv5), macs(&net.conv6)];
        let convs = [
            layer("conv2", &mut net.conv2, &mut rng, reps, m[0]),
            layer("conv3", &mut net.conv3, &mut rng, reps, m[1]),
            layer("conv4", &mut net.conv4, &mut rng, reps, m[2]),
            layer("conv5", &mut net.conv5, &mut rng, reps, m[3]),
            layer("conv6", &mut net.conv6, &mut rng, reps, m[4]),
        ];
        let others = [
            layer::<_, 12544, 12544>("relu2", &mut net.relu2, &mut rng, reps, None),
            layer::<_, 8192, 8192>("relu4", &mut net.relu4, &mut rng, reps, None),
            layer("pool1", &mut net.pool1, &mut rng, reps, None),
            layer("pool2", &mut net.pool2, &mut rng, reps, None),
        ];
        let sum = |rows: &[[f64; 2]], i: usize| rows.iter().map(|r| r[i]).sum::<f64>();
        let work = |i: usize| m.iter().map(|m| m.map_or(0.0, |m| m[i])).sum::<f64>() * 2.0 / 1e6;
        let [forward, backward] = [sum(&convs, 0), sum(&convs, 1)];
        println!(
            "conv2 … conv6: forward {forward:.2} ms, backward {backward:.2} ms (GFLOP/s {:.1}, {:.1})",
            work(0) / forward,
            work(1) / backward
        );
        println!(
            "relu2, relu4, pool1, pool2: forward {:.2} ms, backward {:.2} ms",
            sum(&others, 0),
            sum(&others, 1)
        );
    };
    if cores == "2" { dldw::kernels::with_all_cores(run) } else { run() }
}
