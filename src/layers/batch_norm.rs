//! Batch Normalization (book 6.3): normalise each feature over the batch, then scale and shift.

use super::{AnyWidth, Layer, Shape, Takes, Width};
use crate::Float;
use crate::buffer::Buffer;
use crate::params::{Name, Param, Parameters};
use nalgebra::{RowSVector, SMatrix};

/// The book's ε, written `10e-7` in its `BatchNormalization` (that is 10⁻⁶), added to the
/// variance before the square root so that a feature constant over the batch does not divide
/// by 0.
pub const EPSILON: f64 = 10e-7;

/// How much of the running statistics is kept at each training step (the book's `momentum`).
pub const MOMENTUM: f64 = 0.9;

/// Batch Normalization of `D` features: per feature j, over the N rows of the batch,
///
/// μⱼ = 1/N Σₙ xₙⱼ, σ²ⱼ = 1/N Σₙ (xₙⱼ − μⱼ)² (the biased variance), x̂ₙⱼ = (xₙⱼ − μⱼ) / √(σ²ⱼ + ε),
/// yₙⱼ = γⱼ x̂ₙⱼ + βⱼ,
///
/// with learnable γ (starting at 1) and β (at 0), and ε = 10e-7 (the book's). Each training
/// `forward` also moves the running statistics towards the batch's, with
/// momentum 0.9 from 0: m ← 0.9 m + 0.1 μ, v ← 0.9 v + 0.1 σ². At test time
/// ([`Layer::predict`]) they replace the batch's: x̂ = (x − m) / √(v + ε).
///
/// γ and β are the layer's parameters (`gamma`, `beta`), reached by optimizers and files;
/// the running mean and variance are its state (`running_mean`, `running_var`, see
/// [`Parameters::visit_state`]), saved and loaded with the model but never touched by an
/// optimizer. `D` is in the type, so `BatchNorm<100>` fits only after a layer of width 100.
///
/// ```
/// use dldw::layers::{BatchNorm, Layer};
/// use nalgebra::{Matrix2x1, RowSVector};
/// let mut bn = BatchNorm::<1, f64>::new();
/// let y = *bn.forward(&Matrix2x1::new(1.0, 3.0)); // μ = 2, σ² = 1
/// assert!((y - Matrix2x1::new(-1.0, 1.0)).amax() < 1e-6);
/// assert!((bn.running_mean[0] - 0.2).abs() < 1e-15); // 0.9 · 0 + 0.1 · 2
/// assert!((bn.running_var[0] - 0.1).abs() < 1e-15); //  0.9 · 0 + 0.1 · 1
/// ```
#[derive(Clone, Debug)]
pub struct BatchNorm<const D: usize, T: Float = f32> {
    /// The scale γ, one per feature.
    pub gamma: RowSVector<T, D>,
    /// The shift β, one per feature.
    pub beta: RowSVector<T, D>,
    /// ∂L/∂γ from the last `backward`.
    pub dgamma: RowSVector<T, D>,
    /// ∂L/∂β from the last `backward`.
    pub dbeta: RowSVector<T, D>,
    /// The running mean m of each feature, used at test time.
    pub running_mean: RowSVector<T, D>,
    /// The running variance v of each feature, used at test time.
    pub running_var: RowSVector<T, D>,
    /// √(σ² + ε) of the last training batch.
    std: RowSVector<T, D>,
    /// x − μ of the last training batch.
    xc: Buffer<T>,
    /// x̂ of the last training batch.
    xn: Buffer<T>,
    out: Buffer<T>,
    dx: Buffer<T>,
}

impl<const D: usize, T: Float> BatchNorm<D, T> {
    /// γ = 1, β = 0, running mean and variance 0, as the book's `MultiLayerNetExtend` starts.
    ///
    /// ```
    /// let bn = dldw::layers::BatchNorm::<3, f32>::new();
    /// assert_eq!((bn.gamma.sum(), bn.beta.sum(), bn.running_var.sum()), (3.0, 0.0, 0.0));
    /// ```
    pub fn new() -> Self {
        BatchNorm {
            gamma: RowSVector::repeat(T::one()),
            beta: RowSVector::zeros(),
            dgamma: RowSVector::zeros(),
            dbeta: RowSVector::zeros(),
            running_mean: RowSVector::zeros(),
            running_var: RowSVector::zeros(),
            std: RowSVector::zeros(),
            xc: Buffer::new(),
            xn: Buffer::new(),
            out: Buffer::new(),
            dx: Buffer::new(),
        }
    }
}

impl<const D: usize, T: Float> Default for BatchNorm<D, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, const D: usize, T: Float> Layer<SMatrix<T, N, D>> for BatchNorm<D, T> {
    type Output = SMatrix<T, N, D>;

    /// Training: normalise by the batch's mean and variance, update the running ones.
    fn forward(&mut self, x: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let n = T::lit(N as f64);
        let (keep, take) = (T::lit(MOMENTUM), T::lit(1.0 - MOMENTUM));
        let xc = self.xc.get_mut::<N, D>();
        let xn = self.xn.get_mut::<N, D>();
        for j in 0..D {
            let mu = x.column(j).sum() / n;
            xc.column_mut(j).zip_apply(&x.column(j), |c, xi| *c = xi - mu);
            let var = xc.column(j).iter().map(|&c| c * c).sum::<T>() / n;
            let std = (var + T::lit(EPSILON)).sqrt();
            xn.column_mut(j).zip_apply(&xc.column(j), |z, c| *z = c / std);
            self.std[j] = std;
            self.running_mean[j] = keep * self.running_mean[j] + take * mu;
            self.running_var[j] = keep * self.running_var[j] + take * var;
        }
        let out = self.out.get_mut::<N, D>();
        scale_shift(out, xn, &self.gamma, &self.beta);
        out
    }

    /// The book's backward (figure 6-17), node by node from the output back to x, per
    /// feature, with x̂ = xc / std, xc = x − μ, std = √(σ² + ε):
    ///
    /// - dβ = Σₙ dout, dγ = Σₙ dout ∘ x̂ (the `+` and `×` nodes of y = γ x̂ + β)
    /// - dx̂ = γ · dout
    /// - dxc = dx̂ / std, and through std: dstd = −Σₙ dx̂ ∘ xc / std², dσ² = dstd / (2 std)
    /// - σ² = 1/N Σₙ xc², so dxc += (2/N) · xc · dσ²
    /// - xc = x − μ with μ = 1/N Σₙ x: dμ = Σₙ dxc, dx = dxc − dμ / N
    ///
    /// Together: dx = γ / (N·std) · (N·dout − Σₙ dout − x̂ · Σₙ dout ∘ x̂).
    fn backward(&mut self, dout: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let n = T::lit(N as f64);
        let xc = self.xc.get::<N, D>();
        let xn = self.xn.get::<N, D>();
        let dx = self.dx.get_mut::<N, D>();
        for j in 0..D {
            let (dout, xc, xn, std, gamma) =
                (dout.column(j), xc.column(j), xn.column(j), self.std[j], self.gamma[j]);
            self.dbeta[j] = dout.sum();
            self.dgamma[j] = dout.dot(&xn);
            let mut dxc = dx.column_mut(j);
            // dxc holds dx̂ = γ · dout for now.
            dxc.zip_apply(&dout, |d, g| *d = gamma * g);
            let dstd = -dxc.dot(&xc) / (std * std);
            let dvar = T::lit(0.5) * dstd / std;
            dxc.zip_apply(&xc, |d, c| *d = *d / std + T::lit(2.0) / n * c * dvar);
            let dmu = dxc.sum();
            dxc.apply(|d| *d -= dmu / n);
        }
        dx
    }

    /// Test: normalise by the running mean and variance; nothing is updated.
    fn predict(&mut self, x: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let out = self.out.get_mut::<N, D>();
        for j in 0..D {
            let (m, std) = (self.running_mean[j], (self.running_var[j] + T::lit(EPSILON)).sqrt());
            out.column_mut(j).zip_apply(&x.column(j), |o, xi| *o = (xi - m) / std);
        }
        let xn = *out;
        scale_shift(out, &xn, &self.gamma, &self.beta);
        out
    }
}

/// `BatchNorm<D, T>` takes width `D` in `T` and gives width `D` ([`shape`](super::shape)): a
/// `BatchNorm<50>` after an `Affine<784, 100>` is rejected where the model is written.
impl<const D: usize, T: Float> Shape for BatchNorm<D, T> {
    type Float = T;
    type Input = Width<D>;
}

impl<const D: usize, T: Float> Takes<T, Width<D>> for BatchNorm<D, T> {
    type Gives = Width<D>;
}

/// After an activation that starts a model, any width is given: BatchNorm fixes it, as
/// `Affine` does.
#[diagnostic::do_not_recommend]
impl<const D: usize, T: Float> Takes<T, AnyWidth> for BatchNorm<D, T> {
    type Gives = Width<D>;
}

/// y = γ x̂ + β on every row.
fn scale_shift<T: Float, const N: usize, const D: usize>(
    out: &mut SMatrix<T, N, D>,
    xn: &SMatrix<T, N, D>,
    gamma: &RowSVector<T, D>,
    beta: &RowSVector<T, D>,
) {
    for j in 0..D {
        let (g, b) = (gamma[j], beta[j]);
        out.column_mut(j).zip_apply(&xn.column(j), |o, z| *o = g * z + b);
    }
}

impl<const D: usize, T: Float> Parameters<T> for BatchNorm<D, T> {
    /// `gamma` and `beta`, each one row of `D` (the book's `gamma1`, `beta1`, …).
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        let (gamma, beta) = (name.child("gamma"), name.child("beta"));
        f(Param {
            name: &gamma,
            value: self.gamma.as_mut_slice(),
            grad: self.dgamma.as_slice(),
            rows: 1,
            cols: D,
            dims: None,
        });
        f(Param {
            name: &beta,
            value: self.beta.as_mut_slice(),
            grad: self.dbeta.as_slice(),
            rows: 1,
            cols: D,
            dims: None,
        });
    }

    /// `running_mean` and `running_var`, each one row of `D`, without gradients.
    fn visit_state(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        let (mean, var) = (name.child("running_mean"), name.child("running_var"));
        f(Param {
            name: &mean,
            value: self.running_mean.as_mut_slice(),
            grad: &[],
            rows: 1,
            cols: D,
            dims: None,
        });
        f(Param {
            name: &var,
            value: self.running_var.as_mut_slice(),
            grad: &[],
            rows: 1,
            cols: D,
            dims: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{Matrix4x2, RowVector2};

    // Worked by hand on a batch of 4 rows and 2 features, with ε taken as 0: ε = 1e-6 moves
    // std = √(σ² + ε) by a factor 1 + ε/(2σ²) ≤ 1 + 5e-7 here, so every value below is
    // within 5e-7 · |value| of the layer's, and TOL = 1e-5 holds them.
    //
    // Feature 0: x = [3, 3, 7, 7], μ = 5, xc = [−2, −2, 2, 2], σ² = 4, std = 2, x̂ = [−1, −1, 1, 1].
    // Feature 1: x = [2, 0, 0, 2], μ = 1, xc = [1, −1, −1, 1], σ² = 1, std = 1, x̂ = xc.
    const TOL: f64 = 1e-5;

    fn layer() -> BatchNorm<2, f64> {
        let mut bn = BatchNorm::new();
        bn.gamma = RowVector2::new(2.0, 0.5);
        bn.beta = RowVector2::new(1.0, -1.0);
        bn
    }

    fn x() -> Matrix4x2<f64> {
        Matrix4x2::new(3.0, 2.0, 3.0, 0.0, 7.0, 0.0, 7.0, 2.0)
    }

    #[test]
    fn forward_normalises_each_feature_then_scales_and_shifts() {
        let mut bn = layer();
        // y = γ x̂ + β: 2·[−1, −1, 1, 1] + 1 and 0.5·[1, −1, −1, 1] − 1.
        let expected = Matrix4x2::new(-1.0, -0.5, -1.0, -1.5, 3.0, -1.5, 3.0, -0.5);
        assert!((bn.forward(&x()) - expected).amax() < TOL);
        // Running statistics from 0: 0.1 · μ and 0.1 · σ².
        assert!((bn.running_mean - RowVector2::new(0.5, 0.1)).amax() < 1e-15);
        assert!((bn.running_var - RowVector2::new(0.4, 0.1)).amax() < 1e-15);
    }

    #[test]
    fn backward_gives_the_books_gradients() {
        let mut bn = layer();
        bn.forward(&x());
        let dout = Matrix4x2::new(1.0, 1.0, 0.0, 2.0, 0.0, 3.0, 0.0, 5.0);
        let dx = *bn.backward(&dout);
        // dβ = Σ dout = [1, 11]; dγ = Σ dout ∘ x̂ = [−1, 1 − 2 − 3 + 5] = [−1, 1].
        assert!((bn.dbeta - RowVector2::new(1.0, 11.0)).amax() < TOL);
        assert!((bn.dgamma - RowVector2::new(-1.0, 1.0)).amax() < TOL);
        // dx = γ/(N·std) · (N·dout − Σ dout − x̂ · Σ dout ∘ x̂):
        // feature 0: 2/8 · ([4, 0, 0, 0] − 1 + [−1, −1, 1, 1]) = [0.5, −0.5, 0, 0];
        // feature 1: 0.5/4 · ([4, 8, 12, 20] − 11 − [1, −1, −1, 1]) = [−1, −0.25, 0.25, 1].
        let expected = Matrix4x2::new(0.5, -1.0, -0.5, -0.25, 0.0, 0.25, 0.0, 1.0);
        assert!((dx - expected).amax() < TOL, "{dx}");
    }

    #[test]
    fn predict_uses_the_running_statistics_and_changes_nothing() {
        let mut bn = layer();
        bn.forward(&x());
        let (mean, var) = (bn.running_mean, bn.running_var);
        let y = *bn.predict(&x());
        // Feature 0 after one step: m = 0.5, v = 0.4, so x̂ = (x − 0.5)/√0.400001 and
        // y = 2 x̂ + 1; for x = 3: 2 · 2.5/0.632456… + 1 = 8.90569….
        assert!((y[(0, 0)] - (2.0 * 2.5 / (0.4 + EPSILON).sqrt() + 1.0)).abs() < 1e-12);
        assert!((y[(0, 0)] - 8.905694).abs() < 1e-5);
        assert_eq!((bn.running_mean, bn.running_var), (mean, var));
    }

    #[test]
    fn the_running_statistics_approach_the_data_s_with_momentum_0_9() {
        let mut bn = layer();
        for _ in 0..3 {
            bn.forward(&x());
        }
        // m after k steps of a constant μ: (1 − 0.9ᵏ) μ; k = 3: 0.271 μ.
        assert!((bn.running_mean - RowVector2::new(0.271 * 5.0, 0.271)).amax() < 1e-14);
        assert!((bn.running_var - RowVector2::new(0.271 * 4.0, 0.271)).amax() < 1e-14);
    }

    #[test]
    fn parameters_and_state_are_visited_apart() {
        let mut bn = BatchNorm::<3, f64>::new();
        let (mut params, mut state) = (Vec::new(), Vec::new());
        bn.visit_params(&Name::Root, &mut |p| params.push((p.name.to_string(), p.grad.len())));
        bn.visit_state(&Name::Root, &mut |p| state.push((p.name.to_string(), p.grad.len())));
        assert_eq!(params, [("gamma".to_string(), 3), ("beta".to_string(), 3)]);
        assert_eq!(state, [("running_mean".to_string(), 0), ("running_var".to_string(), 0)]);
    }
}
