//! The book's computational graphs as pictures (chapter 5's figures 5-7, 5-9 and 5-12, 5-16,
//! 5-17, 5-20, 5-27 and 5-30, and Batch Normalization's figure 6-17): nodes, the forward values
//! above each edge in black and the backward derivatives below in red. The numbers are computed
//! here by dldw's own `MulLayer`, `AddLayer`, `Affine` and `SoftmaxWithLoss`, not typed in.
//!
//! Run: `cargo run --release --example ch05_graph_figures` (writes `out/ch05_*.png`;
//! `-- --out docs/img` updates the tutorial's copies).

#[path = "common/cli.rs"]
mod cli;
use dldw_charts::diagram;
use dldw_charts::plot;

use clap::Parser;
use diagram::{BACKWARD, Diagram};
use dldw::graph::{AddLayer, MulLayer};
use dldw::layers::{Affine, Layer, LossLayer, SoftmaxWithLoss};
use dldw::loss::Labels;
use dldw_charts::BLACK;
use nalgebra::{Matrix2, Matrix2x3, RowVector3};
use std::error::Error;
use std::path::{Path, PathBuf};

/// Draws the book's computational graphs (chapter 5, and figure 6-17).
#[derive(Parser)]
struct Args {
    /// Directory the figures are written to (`docs/img` updates the tutorial's copies).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

/// A number as the book's figures print it: 220, 2.2, not 220.00000000000003.
fn n(v: f64) -> String {
    plot::tick(v)
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = cli::parse::<Args>().out;
    std::fs::create_dir_all(&dir)?;
    for (file, draw) in [
        ("ch05_apple.png", apple as fn(&Path) -> Result<(), Box<dyn Error>>),
        ("ch05_apple_orange.png", apple_orange),
        ("ch05_chain_rule.png", chain_rule),
        ("ch05_add_mul.png", add_mul),
        ("ch05_sigmoid.png", sigmoid),
        ("ch05_affine.png", affine),
        ("ch05_softmax_with_loss.png", softmax_with_loss),
        ("ch06_batch_norm_graph.png", batch_norm),
    ] {
        let path = dir.join(file);
        draw(&path)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Figure 5-16: 2 apples at 100 with tax 1.1, forward and backward.
fn apple(path: &Path) -> Result<(), Box<dyn Error>> {
    let (apple, apple_num, tax) = (100.0, 2.0, 1.1);
    let (mut mul_apple, mut mul_tax) = (MulLayer::new(), MulLayer::new());
    let apple_price = mul_apple.forward(apple, apple_num);
    let price = mul_tax.forward(apple_price, tax);
    let (dapple_price, dtax) = mul_tax.backward(1.0);
    let (dapple, dapple_num) = mul_apple.backward(dapple_price);

    let mut d =
        Diagram::new(path, (900, 420), "Figure 5-16: buying apples, forward (black) and backward (red)")?;
    d.text((80, 80), "apple", 20, &BLACK)?;
    d.text((80, 240), "apple num", 20, &BLACK)?;
    d.text((80, 350), "tax", 20, &BLACK)?;
    d.edge((140, 80), (355, 140), &n(apple), &n(dapple))?;
    d.edge((140, 240), (355, 170), &n(apple_num), &n(dapple_num))?;
    d.edge((408, 160), (612, 200), &n(apple_price), &n(dapple_price))?;
    d.edge((140, 350), (615, 235), &n(tax), &n(dtax))?;
    d.edge((668, 215), (810, 215), &n(price), "1")?;
    d.node((380, 155), 28, "×")?;
    d.node((640, 215), 28, "×")?;
    d.text((855, 215), "price", 20, &BLACK)?;
    d.finish()
}

/// Figure 5-17: 2 apples at 100 and 3 oranges at 150, summed, then tax 1.1.
fn apple_orange(path: &Path) -> Result<(), Box<dyn Error>> {
    let (apple, apple_num, orange, orange_num, tax) = (100.0, 2.0, 150.0, 3.0, 1.1);
    let (mut mul_apple, mut mul_orange, add, mut mul_tax) =
        (MulLayer::new(), MulLayer::new(), AddLayer::new(), MulLayer::new());
    let apple_price = mul_apple.forward(apple, apple_num);
    let orange_price = mul_orange.forward(orange, orange_num);
    let all_price = add.forward(apple_price, orange_price);
    let price = mul_tax.forward(all_price, tax);
    let (dall_price, dtax) = mul_tax.backward(1.0);
    let (dapple_price, dorange_price) = add.backward(dall_price);
    let (dorange, dorange_num) = mul_orange.backward(dorange_price);
    let (dapple, dapple_num) = mul_apple.backward(dapple_price);

    let mut d = Diagram::new(
        path,
        (1040, 540),
        "Figure 5-17: buying apples and oranges, forward (black) and backward (red)",
    )?;
    for (y, name) in [(60, "apple"), (200, "apple num"), (260, "orange"), (400, "orange num"), (500, "tax")] {
        d.text((80, y), name, 20, &BLACK)?;
    }
    d.edge((150, 60), (335, 105), &n(apple), &n(dapple))?;
    d.edge((150, 200), (335, 138), &n(apple_num), &n(dapple_num))?;
    d.edge((150, 260), (335, 300), &n(orange), &n(dorange))?;
    d.edge((150, 400), (335, 330), &n(orange_num), &n(dorange_num))?;
    d.edge((388, 125), (552, 195), &n(apple_price), &n(dapple_price))?;
    d.edge((388, 310), (552, 225), &n(orange_price), &n(dorange_price))?;
    d.edge((608, 210), (752, 230), &n(all_price), &n(dall_price))?;
    d.edge((150, 500), (762, 260), &n(tax), &n(dtax))?;
    d.edge((808, 240), (940, 240), &n(price), "1")?;
    d.node((360, 120), 28, "×")?;
    d.node((360, 315), 28, "×")?;
    d.node((580, 210), 28, "+")?;
    d.node((780, 240), 28, "×")?;
    d.text((985, 240), "price", 20, &BLACK)?;
    d.finish()
}

/// Figure 5-7: the chain rule on z = t², t = x + y, with the numbers at x = 1, y = 2.
fn chain_rule(path: &Path) -> Result<(), Box<dyn Error>> {
    let (x, y) = (1.0, 2.0);
    let add = AddLayer::new();
    let mut square = MulLayer::new();
    let t = add.forward(x, y);
    let z = square.forward(t, t);
    let (left, right) = square.backward(1.0);
    let (dx, dy) = add.backward(left + right);

    let mut d = Diagram::new(path, (1000, 420), "Figure 5-7: the chain rule, z = t², t = x + y")?;
    d.text((70, 120), "x", 22, &BLACK)?;
    d.text((70, 290), "y", 22, &BLACK)?;
    d.edge((95, 120), (380, 190), "x", "∂z/∂z · ∂z/∂t · ∂t/∂x")?;
    d.edge((95, 290), (380, 225), "y", "∂z/∂z · ∂z/∂t · ∂t/∂y")?;
    d.edge((438, 205), (652, 205), "t", "∂z/∂z · ∂z/∂t")?;
    d.edge((708, 205), (900, 205), "z", "∂z/∂z")?;
    d.node((410, 205), 28, "+")?;
    d.node((680, 205), 28, "**2")?;
    let numbers = format!(
        "at x = {}, y = {}: t = {}, z = {}; ∂z/∂t = 2t = {}, ∂t/∂x = 1, so ∂z/∂x = {} and ∂z/∂y = {}",
        n(x),
        n(y),
        n(t),
        n(z),
        n(left + right),
        n(dx),
        n(dy)
    );
    d.text((500, 385), &numbers, 18, &BACKWARD)?;
    d.finish()
}

/// Figures 5-9 and 5-12: how an addition node and a multiplication node pass dout back, with the
/// book's numbers (10 and 5, dout = 1.3).
fn add_mul(path: &Path) -> Result<(), Box<dyn Error>> {
    let (x, y, dout) = (10.0, 5.0, 1.3);
    let add = AddLayer::new();
    let mut mul = MulLayer::new();
    let sum = add.forward(x, y);
    let product = mul.forward(x, y);
    let (dx_add, dy_add) = add.backward(dout);
    let (dx_mul, dy_mul) = mul.backward(dout);

    let mut d = Diagram::new(
        path,
        (1100, 440),
        "Figures 5-9 and 5-12: backward through an addition and a multiplication node",
    )?;
    for (x0, label, z, bx, by, nx, ny, nz) in [
        (0, "+", "z = x + y", "∂L/∂z · 1", "∂L/∂z · 1", dx_add, dy_add, sum),
        (550, "×", "z = x · y", "∂L/∂z · y", "∂L/∂z · x", dx_mul, dy_mul, product),
    ] {
        d.text((x0 + 50, 110), "x", 22, &BLACK)?;
        d.text((x0 + 50, 270), "y", 22, &BLACK)?;
        d.edge((x0 + 70, 110), (x0 + 252, 175), "x", bx)?;
        d.edge((x0 + 70, 270), (x0 + 252, 205), "y", by)?;
        d.edge((x0 + 308, 190), (x0 + 470, 190), "z", "∂L/∂z")?;
        d.node((x0 + 280, 190), 28, label)?;
        d.text((x0 + 280, 330), z, 20, &BLACK)?;
        let example = format!(
            "x = {}, y = {}: z = {}; dout = {} gives {}, {}",
            n(x),
            n(y),
            n(nz),
            n(dout),
            n(nx),
            n(ny)
        );
        d.text((x0 + 275, 380), &example, 18, &BACKWARD)?;
    }
    d.finish()
}

/// Figure 5-20: the Sigmoid layer as four nodes, and what backward multiplies at each.
fn sigmoid(path: &Path) -> Result<(), Box<dyn Error>> {
    let mut d =
        Diagram::new(path, (1400, 420), "Figure 5-20: the Sigmoid layer as a graph, y = 1 / (1 + exp(−x))")?;
    d.text((45, 180), "x", 22, &BLACK)?;
    d.edge((65, 180), (232, 180), "x", "∂L/∂y · y² · exp(−x)")?;
    d.edge((288, 180), (512, 180), "−x", "−∂L/∂y · y² · exp(−x)")?;
    d.edge((568, 180), (792, 180), "exp(−x)", "−∂L/∂y · y²")?;
    d.edge((848, 180), (1072, 180), "1 + exp(−x)", "−∂L/∂y · y²")?;
    d.edge((1128, 180), (1330, 180), "y", "∂L/∂y")?;
    d.arrow((260, 300), (260, 210), &BLACK)?;
    d.text((260, 318), "−1", 20, &BLACK)?;
    d.arrow((820, 300), (820, 210), &BLACK)?;
    d.text((820, 318), "1", 20, &BLACK)?;
    d.node((260, 180), 28, "×")?;
    d.node((540, 180), 28, "exp")?;
    d.node((820, 180), 28, "+")?;
    d.node((1100, 180), 28, "/")?;
    let simplified = "∂L/∂y · y² · exp(−x) = ∂L/∂y · y (1 − y): backward needs only the output y";
    d.text((700, 380), simplified, 19, &BACKWARD)?;
    d.finish()
}

/// Figure 5-27: the Affine layer for a batch of N, the shapes of every value and derivative,
/// and the book's numbers for dB.
fn affine(path: &Path) -> Result<(), Box<dyn Error>> {
    let w = Matrix2x3::new(2.0, 4.0, 6.0, 4.0, 3.0, 2.0);
    let mut layer = Affine::<2, 3, f64>::from_weights(Box::new(w), RowVector3::new(1.0, 2.0, 3.0));
    layer.forward(&Matrix2::new(0.0, 0.0, 1.0, 2.0));
    layer.backward(&Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));
    let db: Vec<String> = layer.db.iter().map(|&v| n(v)).collect();

    let mut d = Diagram::new(path, (1300, 470), "Figure 5-27: the Affine layer for a batch, shapes matched")?;
    d.text((75, 240), "X (N, 2)", 20, &BLACK)?;
    d.edge((130, 240), (462, 240), "X", "dX = dY · Wᵀ   (N, 3)(3, 2) → (N, 2)")?;
    d.text((490, 62), "W (2, 3)", 20, &BLACK)?;
    d.arrow((490, 80), (490, 212), &BLACK)?;
    d.arrow((500, 212), (500, 80), &BACKWARD)?;
    d.text((660, 140), "dW = Xᵀ · dY   (2, N)(N, 3) → (2, 3)", 19, &BACKWARD)?;
    d.edge((518, 240), (822, 240), "X · W  (N, 3)", "dY  (N, 3)")?;
    d.text((850, 425), "B (3,)", 20, &BLACK)?;
    d.arrow((850, 408), (850, 268), &BLACK)?;
    d.arrow((860, 268), (860, 408), &BACKWARD)?;
    d.text((1030, 345), "dB = Σ over the batch of dY  (3,)", 19, &BACKWARD)?;
    d.edge((878, 240), (1180, 240), "Y  (N, 3)", "dY  (N, 3)")?;
    d.node((490, 240), 28, "dot")?;
    d.node((850, 240), 28, "+")?;
    let book = format!("the book's numbers: dY = [[1, 2, 3], [4, 5, 6]] gives dB = [{}]", db.join(", "));
    d.text((430, 440), &book, 19, &BACKWARD)?;
    d.finish()
}

/// Figure 5-30 (simplified, as the book draws it): Softmax then Cross Entropy Error, and the
/// backward y − t, with the book's y = (0.3, 0.2, 0.5) and t = (0, 1, 0).
fn softmax_with_loss(path: &Path) -> Result<(), Box<dyn Error>> {
    let y = RowVector3::new(0.3, 0.2, 0.5);
    let mut last = SoftmaxWithLoss::<f64>::new();
    let loss = last.forward(&y.map(f64::ln), &Labels::<1, 3>::new([1])?);
    let da = *last.backward::<1, 3>();

    let mut d = Diagram::new(path, (1200, 520), "Figure 5-30: the Softmax-with-Loss layer, backward y − t")?;
    for k in 0..3 {
        let row = 120 + 120 * k as i32;
        d.text((55, row), &format!("a{}", k + 1), 22, &BLACK)?;
        d.edge(
            (80, row),
            (340, row),
            &format!("a{}", k + 1),
            &format!("y{0} − t{0} = {1}", k + 1, n(da[k])),
        )?;
        d.edge((560, row), (800, row), &format!("y{} = {}", k + 1, n(y[k])), "")?;
        d.text((1050, row + 40), &format!("t{} = {}", k + 1, if k == 1 { 1 } else { 0 }), 20, &BLACK)?;
        d.arrow((1005, row + 40), (962, row), &BLACK)?;
    }
    d.layer((450, 240), (220, 330), "Softmax")?;
    d.layer((880, 240), (160, 330), "Cross Entropy")?;
    d.edge((960, 100), (1150, 100), &format!("L = {:.4}", loss), "1")?;
    d.text(
        (600, 495),
        "the book's y = (0.3, 0.2, 0.5) against t = (0, 1, 0): the error itself goes back",
        19,
        &BACKWARD,
    )?;
    d.finish()
}

/// Figure 6-17: Batch Normalization's forward pass as a graph of simple nodes, for one feature
/// over a batch of N, and the derivative that flows back along each edge (book 6.3.1; the
/// derivation is on the tutorial's page 12). `dout` arrives from the right; Σ sums over the batch.
fn batch_norm(path: &Path) -> Result<(), Box<dyn Error>> {
    let mut d = Diagram::new(
        path,
        (1500, 560),
        "Figure 6-17: Batch Normalization as a graph, forward (black) and backward (red)",
    )?;
    d.text((45, 330), "x", 22, &BLACK)?;
    // The mean μ, subtracted from x.
    d.edge((65, 330), (302, 330), "x", "dxc + dμ/N")?;
    d.arrow((90, 330), (90, 434), &BLACK)?;
    d.edge((124, 458), (302, 350), "μ", "dμ = −Σ dxc")?;
    d.node((90, 470), 36, "mean")?;
    // The variance and its inverse root.
    d.edge((345, 306), (470, 170), "xc", "")?;
    d.arrow((478, 186), (360, 318), &BACKWARD)?;
    d.text((500, 250), "2·xc·dvar/N", 19, &BACKWARD)?;
    d.edge((528, 150), (644, 150), "xc²", "dvar/N")?;
    d.edge((716, 150), (824, 150), "var", "dstd/(2·std)")?;
    d.edge((896, 150), (1012, 150), "std", "−divstd/std²")?;
    d.edge((1040, 178), (1040, 302), "1/std", "")?;
    d.text((1150, 240), "divstd = Σ dxhat·xc", 19, &BACKWARD)?;
    // x̂ = xc / std, then γ and β.
    d.edge((358, 330), (1012, 330), "xc", "dxc = dxhat/std + 2·xc·dvar/N")?;
    d.edge((1068, 330), (1184, 330), "xhat", "dxhat = dout·γ")?;
    d.edge((1256, 330), (1412, 330), "y", "dout")?;
    d.text((1220, 470), "γ: dγ = Σ dout·xhat", 19, &BACKWARD)?;
    d.text((1220, 510), "β: dβ = Σ dout", 19, &BACKWARD)?;
    d.arrow((1220, 450), (1220, 366), &BLACK)?;
    d.node((330, 330), 28, "−")?;
    d.node((500, 150), 28, "x²")?;
    d.node((680, 150), 36, "mean")?;
    d.node((860, 150), 36, "√+ε")?;
    d.node((1040, 150), 28, "1/x")?;
    d.node((1040, 330), 28, "×")?;
    d.node((1220, 330), 36, "γ·+β")?;
    d.text((1450, 330), "out", 20, &BLACK)?;
    d.finish()
}
