//! Accuracy over a whole set, in chunks of a fixed batch size, on every core.

use super::Classifier;
use crate::Float;
use crate::accuracy::argmax;
use crate::data::{Batch, Chunk, Chunks, Dataset};
use crate::kernels::{cores, on_cores};

/// The share of the whole `data` set that `model` classifies correctly, computed in chunks of
/// `E` samples (the book evaluates the full 60000 and 10000 at once), `E` given as
/// [`EvalBatch::<E>`](EvalBatch): the one size the types do not know.
///
/// The chunks come from [`Chunks`]: when `E` does not divide the set's size, the last chunk
/// wraps around and only its first `valid` rows are scored, so every sample counts once.
///
/// The chunks are shared out over the machine's cores
/// ([`available_parallelism`](std::thread::available_parallelism)): `model` scores some of
/// them and a clone of it on each further thread the others. Counts of correct answers are
/// whole numbers, so the result is the same whatever the number of threads.
///
/// ```
/// use dldw::train::{evaluate, Dataset, EvalBatch};
/// use dldw::loss::Labels;
/// use nalgebra::SMatrix;
/// struct Signs(Vec<f64>);
/// impl Dataset<f64, 2, 2> for Signs {
///     type Batch<const N: usize> = SMatrix<f64, N, 2>;
///     fn len(&self) -> usize { self.0.len() }
///     fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 2>) -> Labels<N, 2> {
///         for (n, &i) in idx.iter().enumerate() { x[(n, 0)] = self.0[i]; x[(n, 1)] = -self.0[i]; }
///         Labels::new(idx.map(|i| usize::from(self.0[i] > 0.0))).expect("two classes")
///     }
/// }
/// // Scores (relu(x), relu(−x)) pick class 0 for x > 0 and class 1 for x < 0: the opposite
/// // of the labels, so not one of the 5 samples (in chunks of 2, the last one overlapping) is right.
/// let mut net = dldw::Network::new(dldw::layers::Relu::<f64>::new(), dldw::layers::SoftmaxWithLoss::<f64>::new());
/// let data = Signs(vec![-1.0, 2.0, 3.0, -4.0, 5.0]);
/// assert_eq!(evaluate(&mut net, &data, EvalBatch::<2>), 0.0);
/// ```
pub fn evaluate<T: Float, const E: usize, const I: usize, const C: usize, M, D>(
    model: &mut M,
    data: &D,
    _chunk: EvalBatch<E>,
) -> f64
where
    M: Classifier<D::Batch<E>, T, E, C>,
    D: Dataset<T, I, C> + Sync,
{
    evaluate_on(model, data, EvalBatch::<E>, cores())
}

/// The number of samples [`evaluate`] scores at once, as a type: `EvalBatch::<1000>`.
///
/// The result does not depend on it (every sample counts once); a larger chunk uses more memory
/// and, up to a point, less time.
///
/// ```
/// let chunk = dldw::train::EvalBatch::<1000>;
/// assert_eq!(chunk.size(), 1000);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvalBatch<const E: usize>;

impl<const E: usize> EvalBatch<E> {
    /// `E`.
    ///
    /// ```
    /// assert_eq!(dldw::train::EvalBatch::<50>.size(), 50);
    /// ```
    pub fn size(self) -> usize {
        E
    }
}

/// [`evaluate`] on at most `threads` threads (this one included), for a caller that runs
/// several models at once and shares the cores out itself (the chapter-6 examples train
/// their runs side by side). With `threads` ≤ 1 the model is scored on this thread and not
/// cloned. The result is the same for any number of threads.
///
/// ```
/// use dldw::mnist::{Dataset, PIXELS};
/// use dldw::layers::{Affine, SoftmaxWithLoss};
/// use dldw::train::{evaluate, evaluate_on, EvalBatch};
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut net = dldw::Network::new(
///     Affine::<PIXELS, 10, f32>::new(dldw::init::Init::he(), &mut rng),
///     SoftmaxWithLoss::new(),
/// );
/// let set = Dataset::new((0..7 * PIXELS).map(|i| (i % 251) as u8).collect(), vec![0, 1, 2, 3, 4, 5, 6])?;
/// let all_cores = evaluate(&mut net, &set, EvalBatch::<2>);
/// assert_eq!(evaluate_on(&mut net, &set, EvalBatch::<2>, 1), all_cores);
/// assert_eq!(evaluate_on(&mut net, &set, EvalBatch::<2>, 3), all_cores);
/// # Ok::<(), dldw::mnist::MnistError>(())
/// ```
pub fn evaluate_on<T: Float, const E: usize, const I: usize, const C: usize, M, D>(
    model: &mut M,
    data: &D,
    _chunk: EvalBatch<E>,
    threads: usize,
) -> f64
where
    M: Classifier<D::Batch<E>, T, E, C>,
    D: Dataset<T, I, C> + Sync,
{
    evaluate_between(model, data, EvalBatch::<E>, threads, &mut || ())
}

/// [`evaluate_on`], calling `between` after each chunk this thread scores: the trainer's
/// helper thread fills the batches asked for meanwhile.
pub(super) fn evaluate_between<T: Float, const E: usize, const I: usize, const C: usize, M, D>(
    model: &mut M,
    data: &D,
    _chunk: EvalBatch<E>,
    threads: usize,
    between: &mut dyn FnMut(),
) -> f64
where
    M: Classifier<D::Batch<E>, T, E, C>,
    D: Dataset<T, I, C> + Sync,
{
    const { assert!(E > 0, "an evaluation batch must hold at least 1 sample") };
    let chunks = data.len().div_ceil(E);
    let threads = threads.min(chunks);
    // Thread t scores chunks t, t + threads, t + 2·threads, …
    let share = |t: usize| Chunks::<E>::new(data.len()).skip(t).step_by(threads.max(1));
    // This thread scores share 0, calling `between` after each chunk; a clone of the model on
    // each further thread scores another.
    let counts = on_cores(
        model,
        threads,
        |model| count_correct(model, data, share(0), between),
        |clone, t| count_correct(clone, data, share(t), &mut || ()),
    );
    let correct: usize = counts.iter().sum();
    if data.is_empty() { 0.0 } else { correct as f64 / data.len() as f64 }
}

/// The number of valid rows of `chunks` that `model` classifies correctly, calling `between`
/// after each chunk.
fn count_correct<T: Float, const E: usize, const I: usize, const C: usize, D: Dataset<T, I, C>>(
    model: &mut impl Classifier<D::Batch<E>, T, E, C>,
    data: &D,
    chunks: impl Iterator<Item = Chunk<E>>,
    between: &mut dyn FnMut(),
) -> usize {
    let mut x = D::Batch::<E>::empty_batch();
    let mut correct = 0;
    for chunk in chunks {
        let t = data.gather(&chunk.indices, &mut x);
        let y = model.predict(&x);
        correct += (0..chunk.valid).filter(|&n| argmax(y, n) == t.classes()[n]).count();
        between();
    }
    correct
}
