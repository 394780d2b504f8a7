//! Saves a small two-layer network with known weights, as the book's `save_params` does
//! (there with pickle, here as safetensors), loads it back into a fresh network, and shows
//! what loading into a network of another shape says.
//!
//! Run: `cargo run --release --example save_params [PATH]` (default `out/save_params.safetensors`);
//! `python3 scripts/check_safetensors.py PATH` then reads the file with NumPy.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::io::{load_into, save};
use dldw::layers::Affine;
use dldw::params::{Name, Param, Parameters};
use nalgebra::{Matrix2x3, Matrix3x2, RowSVector};
use std::error::Error;
use std::path::PathBuf;

/// Saves a small network as safetensors and loads it back.
#[derive(Parser)]
struct Args {
    /// The file to write.
    #[arg(default_value = "out/save_params.safetensors")]
    path: PathBuf,
}

/// The book's `TwoLayerNet` shape of parameters, 2 → 3 → `H2`, named `W1`, `b1`, `W2`, `b2`
/// as in its `params` dictionary.
#[derive(Clone)]
struct Net<const H2: usize> {
    layer1: Affine<2, 3, f64>,
    layer2: Affine<3, H2, f64>,
}

impl<const H2: usize> Parameters<f64> for Net<H2> {
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, f64>)) {
        let (l1, l2) = (&mut self.layer1, &mut self.layer2);
        f(Param {
            name: &name.child("W1"),
            value: l1.W.as_mut_slice(),
            grad: l1.dW.as_slice(),
            rows: 2,
            cols: 3,
            dims: None,
        });
        f(Param {
            name: &name.child("b1"),
            value: l1.b.as_mut_slice(),
            grad: l1.db.as_slice(),
            rows: 1,
            cols: 3,
            dims: None,
        });
        f(Param {
            name: &name.child("W2"),
            value: l2.W.as_mut_slice(),
            grad: l2.dW.as_slice(),
            rows: 3,
            cols: H2,
            dims: None,
        });
        f(Param {
            name: &name.child("b2"),
            value: l2.b.as_mut_slice(),
            grad: l2.db.as_slice(),
            rows: 1,
            cols: H2,
            dims: None,
        });
    }
}

impl<const H2: usize> Net<H2> {
    fn zeros() -> Self {
        Net {
            layer1: Affine::from_weights(dldw::zeros_boxed(), RowSVector::zeros()),
            layer2: Affine::from_weights(dldw::zeros_boxed(), RowSVector::zeros()),
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = cli::parse::<Args>().path;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }

    // The values scripts/check_safetensors.py expects.
    let mut net = Net::<2> {
        layer1: Affine::from_weights(
            Box::new(Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0)),
            RowSVector::<f64, 3>::new(7.0, 8.0, 9.0),
        ),
        layer2: Affine::from_weights(
            Box::new(Matrix3x2::new(0.5, -0.5, 1.5, -1.5, 2.5, -2.5)),
            RowSVector::<f64, 2>::new(-1.0, 1.0),
        ),
    };
    save(&net, &path)?;
    println!("saved {}:", path.display());
    net.visit_params(&Name::Root, &mut |p| {
        let shape = if p.rows == 1 { format!("({},)", p.cols) } else { format!("({}, {})", p.rows, p.cols) };
        println!("  {:<3} shape {shape:<7} {:?} (column-major in memory)", p.name.to_string(), p.value);
    });

    let mut fresh = Net::<2>::zeros();
    load_into(&mut fresh, &path)?;
    println!(
        "loaded into a fresh network: W1 {} b1 {} W2 {} b2 {}",
        if fresh.layer1.W == net.layer1.W { "equal" } else { "DIFFERENT" },
        if fresh.layer1.b == net.layer1.b { "equal" } else { "DIFFERENT" },
        if fresh.layer2.W == net.layer2.W { "equal" } else { "DIFFERENT" },
        if fresh.layer2.b == net.layer2.b { "equal" } else { "DIFFERENT" },
    );

    let mut wider = Net::<4>::zeros();
    match load_into(&mut wider, &path) {
        Ok(()) => println!("a network with 4 outputs loaded it: that should not happen"),
        Err(e) => println!("a network with 4 outputs refuses it: {e}"),
    }
    Ok(())
}
