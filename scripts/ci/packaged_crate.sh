#!/usr/bin/env bash
# dldw as a user gets it from the registry: a scratch crate outside the repository depends on
# the `cargo package` output (not the source tree), with the feature `download`, an empty
# cache, and MNIST served from a local mirror (python3's http.server on 127.0.0.1 serving
# data/mnist). It runs the README's example, fetches the four files, trains the book's network
# as `train_mnist` does and checks that its last epoch line is the one the README quotes.
#
#   scripts/ci/packaged_crate.sh
#
# Needs cargo, python3, tar, sha256sum and access to crates.io for the dependencies. The
# scratch crate's target directory is target/packaged-crate, kept between runs. A first run
# builds about 60 crates in release: 144 CPU-seconds (measured while other builds shared the
# 2 cores, so 9 minutes of wall time then); a later run rebuilds only dldw.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

[ $# -eq 0 ] || { echo "error: packaged_crate.sh takes no arguments" >&2; exit 2; }

work=$(mktemp -d)
server=
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# 1. The package, as `cargo publish` would upload it.
cargo package -p dldw --no-verify --allow-dirty --quiet
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
crate="target/package/dldw-$version.crate"
echo "package: $crate, $(du -k "$crate" | cut -f1) KiB, $(tar -tzf "$crate" | grep -vc '/$') files"
tar -xzf "$crate" -C "$work"
pkg="$work/dldw-$version"
[ ! -e "$pkg/data" ] || { echo "error: the package ships data/" >&2; exit 1; }

# 2. The scratch crate: the README's ```rust block from the *packaged* README, and main.rs.
mkdir -p "$work/user/src"
cat >"$work/user/Cargo.toml" <<TOML
[package]
name = "dldw-user"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
dldw = { path = "$pkg", features = ["download"] }
nalgebra = { version = "0.35", default-features = false, features = ["alloc", "libm"] }
rand = "0.10"

[workspace]
TOML
cp scripts/ci/packaged_crate/main.rs "$work/user/src/main.rs"
{
    echo "{"
    awk '/^```rust/{on=1; next} /^```/{if(on){exit}} on' "$pkg/README.md"
    echo "}"
} >"$work/user/src/readme_example.rs"
[ "$(wc -l <"$work/user/src/readme_example.rs")" -gt 3 ] || { echo "error: no rust block in the README" >&2; exit 1; }

# 3. A local mirror and an empty cache.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$root/data/mnist" "$port" >"$work/mirror.log" 2>&1 &
server=$!
for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/SHA256SUMS')" 2>/dev/null && break
    sleep 0.1
done
mkdir -p "$work/home" "$work/cache"

# 4. Build and run as a user would: no RUSTFLAGS, none of the repository's configuration.
cd "$work/user"
start=$(date +%s)
env -u DLDW_MNIST_DIR -u RUSTFLAGS HOME="$work/home" XDG_CACHE_HOME="$work/cache" \
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_TARGET_DIR="$root/target/packaged-crate" \
    DLDW_MNIST_MIRROR="http://127.0.0.1:$port/" \
    cargo run --release --quiet | tee "$work/run.txt"
echo "build and run: $(($(date +%s) - start)) s"

# 5. What the user got.
status=0
grep -q '^README example: ok$' "$work/run.txt" || { echo "FAIL: the README example did not run"; status=1; }
[ "$(grep -c '^fetched ' "$work/run.txt")" -eq 4 ] || { echo "FAIL: not four files fetched"; status=1; }
grep -qF "MNIST in $work/cache/dldw/mnist" "$work/run.txt" || { echo "FAIL: not fetched into the cache"; status=1; }
(cd "$work/cache/dldw/mnist" && sha256sum -c --quiet "$root/data/mnist/SHA256SUMS") ||
    { echo "FAIL: the fetched files differ from data/mnist"; status=1; }
last=$(grep '^train acc, test acc' "$work/run.txt" | tail -1)
if grep -qF "\`$last\`" "$pkg/README.md"; then echo "ok: the last epoch line is the README's ($last)"; else
    echo "FAIL: the last epoch line \`$last\` is not the one README.md quotes"; status=1
fi
[ $status -eq 0 ] && echo "ok: dldw from its package, MNIST from a mirror, trained as train_mnist"
exit $status
