//! Data augmentation (book 8.1.2, 데이터 확장): more training images made from the ones there
//! are, here by moving each image a few pixels, a change that does not change its digit.
//!
//! The book names it as a way to raise accuracy (rotations, shifts, crops, flips) and shows no
//! code; [`Shifts`] is the simplest of them, applied to each training batch as it is gathered,
//! so every epoch sees every image at new positions. Test images are never shifted.

use super::dataset::{COLS, PIXELS, ROWS};
use crate::Float;
use crate::error::HyperParamError;
use nalgebra::SMatrix;
use rand::{Rng, RngExt};

/// Moves each image of a batch by a random whole number of pixels, from −`max` to `max` across
/// and, independently, up and down (each of the (2·max + 1)² moves equally likely); what moves
/// past the border is lost and the pixels it uncovers are 0, MNIST's background.
///
/// ```
/// use dldw::mnist::{ImageSet, PIXELS, Shifts};
/// use rand::SeedableRng;
/// let mut image = vec![0u8; PIXELS];
/// image[14 * 28 + 14] = 255; // one ink pixel in the middle
/// let set = ImageSet::new(image, vec![1])?;
/// let mut x = dldw::zeros_boxed::<f32, 1, PIXELS>();
/// set.gather_pixels(&[0], &mut x);
/// Shifts::new(2)?.apply(&mut x, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let at = x.iter().position(|&v| v == 1.0).unwrap();
/// let (row, col) = (at / 28, at % 28);
/// assert!((12..=16).contains(&row) && (12..=16).contains(&col));
/// assert_eq!(x.sum(), 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shifts {
    max: usize,
}

impl Shifts {
    /// Moves of at most `max` pixels each way; 0 leaves the images as they are.
    ///
    /// # Errors
    /// [`HyperParamError::OutOfRange`] if `max` is more than 8: an MNIST digit's box is
    /// 20 × 20 centred in 28 × 28, so larger moves cut digits off.
    ///
    /// ```
    /// assert_eq!(dldw::mnist::Shifts::new(2).unwrap().max(), 2);
    /// let err = dldw::mnist::Shifts::new(9).unwrap_err();
    /// assert!(err.to_string().starts_with("the largest shift must be"), "{err}");
    /// ```
    pub fn new(max: usize) -> Result<Self, HyperParamError> {
        if max <= 8 {
            Ok(Shifts { max })
        } else {
            Err(HyperParamError::OutOfRange {
                name: "the largest shift",
                expected: "0 to 8 pixels (a digit's 20 × 20 box leaves 4 on each side; 1 or 2 is usual)",
                got: max as f64,
            })
        }
    }

    /// The largest move, in pixels.
    ///
    /// ```
    /// assert_eq!(dldw::mnist::Shifts::new(0).unwrap().max(), 0);
    /// ```
    pub fn max(&self) -> usize {
        self.max
    }

    /// Moves each row of `x` (one 28 × 28 image, row after row) by its own random offset,
    /// drawn from `rng`.
    ///
    /// ```
    /// use dldw::mnist::{PIXELS, Shifts};
    /// use rand::SeedableRng;
    /// let mut x = dldw::zeros_boxed::<f64, 3, PIXELS>();
    /// x.fill(0.5); // a full image has no room to move: its border rows and columns empty
    /// Shifts::new(1).unwrap().apply(&mut x, &mut rand::rngs::StdRng::seed_from_u64(1));
    /// assert!(x.row(0).sum() >= 0.5 * 27.0 * 27.0);
    /// ```
    pub fn apply<T: Float, const N: usize>(&self, x: &mut SMatrix<T, N, PIXELS>, rng: &mut impl Rng) {
        if self.max == 0 {
            return;
        }
        let max = self.max as i32;
        let mut image = [T::zero(); PIXELS];
        for n in 0..N {
            let (dy, dx) = (rng.random_range(-max..=max), rng.random_range(-max..=max));
            image.iter_mut().enumerate().for_each(|(p, v)| *v = x[(n, p)]);
            for y in 0..ROWS {
                for c in 0..COLS {
                    let (from_y, from_c) = (y as i32 - dy, c as i32 - dx);
                    let inside = (0..ROWS as i32).contains(&from_y) && (0..COLS as i32).contains(&from_c);
                    x[(n, y * COLS + c)] =
                        if inside { image[from_y as usize * COLS + from_c as usize] } else { T::zero() };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    /// One ink pixel at (10, 10) in every image: after a shift it is at (10 + dy, 10 + dx),
    /// alone; over 1000 draws with max 2 each of the 25 moves turns up (a given move is
    /// missed with odds (24/25)¹⁰⁰⁰ ≈ 2e-18), and none larger.
    #[test]
    fn every_move_up_to_max_is_drawn_and_nothing_else() {
        let mut seen = [[0_usize; 5]; 5];
        let mut rng = StdRng::seed_from_u64(9);
        let mut x = crate::zeros_boxed::<f32, 100, PIXELS>();
        for _ in 0..10 {
            x.fill(0.0);
            x.column_mut(10 * COLS + 10).fill(1.0);
            Shifts::new(2).unwrap().apply(&mut x, &mut rng);
            for n in 0..100 {
                let row: Vec<usize> = (0..PIXELS).filter(|&p| x[(n, p)] != 0.0).collect();
                assert_eq!(row.len(), 1, "image {n} has one ink pixel");
                let (y, c) = (row[0] / COLS, row[0] % COLS);
                assert!((8..=12).contains(&y) && (8..=12).contains(&c), "moved to ({y}, {c})");
                seen[y - 8][c - 8] += 1;
            }
        }
        assert!(seen.iter().flatten().all(|&k| k > 0), "{seen:?}");
    }

    /// Ink at the border moved outwards is lost; the uncovered pixels are 0.
    #[test]
    fn what_moves_past_the_border_is_lost() {
        let mut rng = StdRng::seed_from_u64(4);
        let mut x = crate::zeros_boxed::<f64, 50, PIXELS>();
        x.column_mut(0).fill(1.0); // the top-left corner
        Shifts::new(1).unwrap().apply(&mut x, &mut rng);
        let kept = x.sum();
        // Kept where the move was (0 or +1, 0 or +1): 4 of 9 moves, about 22 of 50 images.
        assert!((10.0..35.0).contains(&kept), "{kept}");
        assert!(x.iter().all(|&v| v == 0.0 || v == 1.0));
    }

    #[test]
    fn a_largest_shift_of_zero_changes_nothing() {
        let mut x = crate::zeros_boxed::<f64, 2, PIXELS>();
        x.iter_mut().enumerate().for_each(|(k, v)| *v = (k % 17) as f64);
        let before = x.clone();
        Shifts::new(0).unwrap().apply(&mut x, &mut StdRng::seed_from_u64(0));
        assert_eq!(x, before);
    }
}
