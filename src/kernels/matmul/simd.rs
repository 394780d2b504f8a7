//! Which SIMD instructions the kernels use: the widest the CPU running the program has, found
//! once at the first product, whatever the CPU the program was compiled for.
//!
//! `pulp` does the detection and the dispatch in safe code: [`run`] hands a kernel (a
//! [`WithSimd`]) a token `S` for AVX-512 (`V4`), AVX2 + FMA (`V3`) or the baseline (`Scalar`),
//! and the kernel, inlined into a function compiled for those instructions, uses them both
//! through `S`'s explicit vector operations ([`Elem`]) and through LLVM's auto-vectorisation
//! of its plain loops. So a crate that depends on dldw, built with cargo's defaults (x86-64's
//! SSE2), gets 8 or 16 lanes and fused multiply-adds on a CPU that has them.
//!
//! The sums are the same on every instruction set that has fused multiply-adds (AVX2, AVX-512,
//! aarch64): the tile sizes change with the vector width, the order of each sum does not.

use pulp::{Arch, Simd, WithSimd};
use std::any::TypeId;
use std::sync::LazyLock;

/// The instruction set, detected once.
static ARCH: LazyLock<Arch> = LazyLock::new(Arch::new);

#[cfg(all(test, target_arch = "x86_64"))]
thread_local! {
    /// The instruction set a test of dldw's own forces on this thread, if any (`levels.rs`
    /// runs every set this CPU has).
    pub(super) static FORCED: std::cell::Cell<Option<Arch>> = const { std::cell::Cell::new(None) };
}

/// The instruction set to run on: the CPU's widest, or in dldw's own tests the one
/// `FORCED` holds.
#[inline(always)]
fn arch() -> Arch {
    #[cfg(all(test, target_arch = "x86_64"))]
    if let Some(arch) = FORCED.get() {
        return arch;
    }
    *ARCH
}

/// Runs an `f32` kernel with the widest instruction set of this CPU.
#[inline(always)]
pub(crate) fn run<K: WithSimd>(kernel: K) -> K::Output {
    arch().dispatch(kernel)
}

/// AVX2 + FMA, if this CPU has it.
#[cfg(target_arch = "x86_64")]
static V3: LazyLock<Option<pulp::x86::V3>> = LazyLock::new(pulp::x86::V3::try_new);

/// AVX2 + FMA, if this CPU has it and the instruction set to run on is not the baseline: for
/// code written with AVX2's own instructions (`transpose.rs`).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) fn v3() -> Option<pulp::x86::V3> {
    if matches!(arch(), Arch::Scalar) { None } else { *V3 }
}

/// Runs an `f64` kernel with AVX2 + FMA at most, even on a CPU with AVX-512: `f64` is the type
/// of the book's small examples and of gradient checks, where speed matters little, and each
/// instruction set a kernel runs on is one more copy of it compiled with dldw (the first build
/// of a newcomer's first command). The sums are the same either way (see the module).
#[inline(always)]
pub(crate) fn run_f64<K: WithSimd>(kernel: K) -> K::Output {
    #[cfg(target_arch = "x86_64")]
    if let Some(v3) = v3() {
        return Simd::vectorize(v3, kernel);
    }
    #[cfg(target_arch = "x86_64")]
    return Simd::vectorize(pulp::Scalar, kernel);
    #[cfg(not(target_arch = "x86_64"))]
    arch().dispatch(kernel)
}

/// Whether `S` has fused multiply-adds: every instruction set `pulp` dispatches to beyond the
/// baseline does (x86-64's AVX2 level includes FMA), and the baseline has them when the crate
/// is compiled for a CPU that has them (aarch64, or x86-64 with `target-cpu` set).
#[inline(always)]
pub(super) fn fused<S: Simd>() -> bool {
    !S::IS_SCALAR || cfg!(any(target_feature = "fma", target_arch = "aarch64"))
}

/// `x·y + acc` for the plain loops of a kernel running under `S`: one fused instruction where
/// `S` has one; elsewhere a fused multiply-add would be a slow library call, so it is a
/// multiply and an add.
#[inline(always)]
pub(super) fn mul_add<S: Simd, T: crate::Float>(x: T, y: T, acc: T) -> T {
    if fused::<S>() { x.mul_add(y, acc) } else { x * y + acc }
}

/// The vector operations of the dense kernel's inner loop, for `f32` and `f64`.
pub(crate) trait Elem: crate::Float {
    /// A vector of `Self` under `S`.
    type V<S: Simd>: Copy + bytemuck::Pod;

    /// The lanes of a vector under `S`.
    fn lanes<S: Simd>() -> usize {
        size_of::<Self::V<S>>() / size_of::<Self>()
    }

    /// `[x, x, …]`.
    fn broadcast<S: Simd>(simd: S, x: Self) -> Self::V<S>;

    /// `a·b + c` lane by lane, fused where `S` can (as [`mul_add`]).
    fn mul_add_lanes<S: Simd>(simd: S, a: Self::V<S>, b: Self::V<S>, c: Self::V<S>) -> Self::V<S>;

    /// `a + b` lane by lane.
    fn add_lanes<S: Simd>(simd: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;

    /// `x` (a whole number of vectors long) as vectors.
    fn vectors<S: Simd>(x: &[Self]) -> &[Self::V<S>];

    /// Whether any lane of `v` has a bit set (a −0 counts): one comparison of the whole
    /// vector with zero into a mask (AVX-512's mask registers), where folding the lanes'
    /// words together took a shuffle and an OR for each halving.
    fn any_bits<S: Simd>(simd: S, v: Self::V<S>) -> bool;
}

impl Elem for f32 {
    type V<S: Simd> = S::f32s;

    #[inline(always)]
    fn broadcast<S: Simd>(simd: S, x: f32) -> S::f32s {
        simd.splat_f32s(x)
    }

    #[inline(always)]
    fn mul_add_lanes<S: Simd>(simd: S, a: S::f32s, b: S::f32s, c: S::f32s) -> S::f32s {
        if fused::<S>() { simd.mul_add_f32s(a, b, c) } else { simd.mul_add_e_f32s(a, b, c) }
    }

    #[inline(always)]
    fn add_lanes<S: Simd>(simd: S, a: S::f32s, b: S::f32s) -> S::f32s {
        simd.add_f32s(a, b)
    }

    #[inline(always)]
    fn vectors<S: Simd>(x: &[f32]) -> &[S::f32s] {
        S::as_simd_f32s(x).0
    }

    #[inline(always)]
    fn any_bits<S: Simd>(simd: S, v: S::f32s) -> bool {
        let zero = simd.equal_u32s(simd.transmute_u32s_f32s(v), simd.splat_u32s(0));
        simd.first_true_m32s(simd.not_m32s(zero)) < Self::lanes::<S>()
    }
}

impl Elem for f64 {
    type V<S: Simd> = S::f64s;

    #[inline(always)]
    fn broadcast<S: Simd>(simd: S, x: f64) -> S::f64s {
        simd.splat_f64s(x)
    }

    #[inline(always)]
    fn mul_add_lanes<S: Simd>(simd: S, a: S::f64s, b: S::f64s, c: S::f64s) -> S::f64s {
        if fused::<S>() { simd.mul_add_f64s(a, b, c) } else { simd.mul_add_e_f64s(a, b, c) }
    }

    #[inline(always)]
    fn add_lanes<S: Simd>(simd: S, a: S::f64s, b: S::f64s) -> S::f64s {
        simd.add_f64s(a, b)
    }

    #[inline(always)]
    fn vectors<S: Simd>(x: &[f64]) -> &[S::f64s] {
        S::as_simd_f64s(x).0
    }

    #[inline(always)]
    fn any_bits<S: Simd>(simd: S, v: S::f64s) -> bool {
        let zero = simd.equal_u64s(simd.transmute_u64s_f64s(v), simd.splat_u64s(0));
        simd.first_true_m64s(simd.not_m64s(zero)) < Self::lanes::<S>()
    }
}

/// Whether every value is finite (neither NaN nor infinite), with the CPU's widest vectors: the
/// trainer checks every batch (78,400 values for a dense batch of 100 MNIST images) and, at
/// each record, every parameter, and in a crate built for x86-64's baseline the plain loop ran
/// as SSE2 code, 4 % of a dense run on one core.
pub(crate) fn all_finite<T: crate::Float>(values: &[T]) -> bool {
    if let Some(values) = as_elem::<T, f32>(values) {
        all_finite_f32(values)
    } else if let Some(values) = as_elem::<T, f64>(values) {
        all_finite_f64(values)
    } else {
        unreachable!("Float is sealed: only f32 and f64 implement it");
    }
}

// Not generic, so compiled once, with dldw (as `products.rs` explains for the products).
#[inline(never)]
fn all_finite_f32(values: &[f32]) -> bool {
    run(AllFinite(values))
}

#[inline(never)]
fn all_finite_f64(values: &[f64]) -> bool {
    run_f64(AllFinite(values))
}

/// [`all_finite`]'s loop, handed to [`run`].
struct AllFinite<'a, E>(&'a [E]);

impl<E: Elem> WithSimd for AllFinite<'_, E> {
    type Output = bool;

    /// x·0 is 0 for a finite x and NaN otherwise, so one sum of them all tells; it is kept in 32
    /// running sums, enough independent additions to keep the adder busy on any vector width,
    /// in a loop the compiler vectorizes with `S`'s instructions.
    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) -> bool {
        let (chunks, rest) = self.0.as_chunks::<32>();
        let mut acc = [E::zero(); 32];
        for chunk in chunks {
            for (a, &v) in acc.iter_mut().zip(chunk) {
                *a += v * E::zero();
            }
        }
        acc.iter().chain(rest).all(|v| v.is_finite())
    }
}

/// `x` as a slice of `E` when `T` is `E`: the kernels' vector operations are written for `f32`
/// and `f64`, the two `Float` types, and a generic product picks its kernel with this.
pub(crate) fn as_elem<T: crate::Float, E: Elem>(x: &[T]) -> Option<&[E]> {
    (TypeId::of::<T>() == TypeId::of::<E>()).then(|| bytemuck::cast_slice(x))
}

/// `x` as a mutable slice of `E` when `T` is `E`, as [`as_elem`].
pub(crate) fn as_elem_mut<T: crate::Float, E: Elem>(x: &mut [T]) -> Option<&mut [E]> {
    (TypeId::of::<T>() == TypeId::of::<E>()).then(|| bytemuck::cast_slice_mut(x))
}
