"""Reads the file written by `cargo run --example save_params` with NumPy and checks it.

Usage: python3 scripts/check_safetensors.py [PATH]   (default out/save_params.safetensors)
Needs: pip install numpy safetensors

It checks what the Rust side promises: names W1, b1, W2, b2; dtype float64; a weight I x O
as shape (I, O) in row-major order, a bias as the 1-D shape (O,) of the book's np.zeros(O);
and the metadata "format": "dldw". Exits non-zero on any difference.
"""

import json
import struct
import sys

import numpy as np
from safetensors.numpy import load_file

EXPECTED = {
    "W1": np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float64),
    "b1": np.array([7, 8, 9], dtype=np.float64),
    "W2": np.array([[0.5, -0.5], [1.5, -1.5], [2.5, -2.5]], dtype=np.float64),
    "b2": np.array([-1, 1], dtype=np.float64),
}


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "out/save_params.safetensors"
    tensors = load_file(path)
    assert sorted(tensors) == sorted(EXPECTED), f"names {sorted(tensors)}"
    for name, want in EXPECTED.items():
        got = tensors[name]
        print(f"{name}: dtype {got.dtype}, shape {got.shape}, values {got.tolist()}")
        assert got.dtype == want.dtype, f"{name}: dtype {got.dtype}, expected {want.dtype}"
        assert got.shape == want.shape, f"{name}: shape {got.shape}, expected {want.shape}"
        assert np.array_equal(got, want), f"{name}: {got.tolist()}, expected {want.tolist()}"
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        metadata = json.loads(f.read(header_len))["__metadata__"]
    print(f"metadata: {metadata}")
    assert metadata.get("format") == "dldw", metadata
    # The forward pass NumPy computes from the file equals the one written by hand here:
    # x = [1, 1]: x.W1 + b1 = [12, 15, 18]; then .W2 + b2 = [12*0.5 + 15*1.5 + 18*2.5 - 1, -(...) + 1]
    h = np.array([1.0, 1.0]) @ tensors["W1"] + tensors["b1"]
    y = h @ tensors["W2"] + tensors["b2"]
    assert h.tolist() == [12.0, 15.0, 18.0] and y.tolist() == [72.5, -72.5], (h, y)
    print("OK: NumPy reads the names, dtypes, shapes and row-major values dldw wrote")


if __name__ == "__main__":
    main()
