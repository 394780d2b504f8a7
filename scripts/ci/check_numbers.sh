#!/usr/bin/env bash
# Checks the numbers that the README and the tutorial quote from runs of the examples against
# fresh runs of those examples: each quoted output block must be what the example prints today,
# line for line, except the wall-clock times (measured figures that vary with the machine, and
# marked so in the text). CI runs it after `cargo test`.
#
# The examples are built in the dev profile that `cargo test` has built the dependencies in,
# with dldw itself optimised (opt-level 3): no dependency is rebuilt, and the four full training
# runs take seconds instead of minutes. Optimisation does not change the numbers (Rust does not
# reorder floating-point arithmetic), so these are the numbers of `cargo run --release`.
#
# Usage: scripts/ci/check_numbers.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
examples=(train_mnist train_mnist_wide ch04_train_numerical ch05_gradient_check)
cargo build --quiet --config 'profile.dev.package.dldw.opt-level=3' "${examples[@]/#/--example=}"
bin=target/debug/examples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# The fenced block of FILE whose first line matches the regex PATTERN.
block() {
    awk -v pat="$2" '
        /^```/ { if (inb) { inb = 0; if (want) exit; next } inb = 1; first = 1; next }
        inb && first { first = 0; if ($0 ~ pat) want = 1 }
        inb && want { print }' "$1"
}

# Times become "_": "in 3.45 s" -> "in _ s", "0.284 s" -> "_ s", "57.1 µs" -> "_ µs", "(4967× faster)" -> "(_× faster)".
mask() {
    sed -E -e 's/[0-9]+(\.[0-9]+)? (s|µs)([ |,)]|$)/_ \2\3/g' -e 's/\([0-9]+× faster\)/(_× faster)/'
}

# compare WHAT EXPECTED_FILE ACTUAL_FILE
compare() {
    if diff -u <(mask <"$2") <(mask <"$3") >"$tmp/diff"; then
        echo "ok: $1"
    else
        echo "MISMATCH: $1 (--- quoted, +++ printed now)"
        cat "$tmp/diff"
        failed=1
    fi
}

run() { # NAME ARGS... : stdout of an example, its progress and errors on stderr
    local name=$1
    shift
    "$bin/$name" "$@"
}

for page in docs/tutorial docs/ko/tutorial; do
    [ -f "$page/10-training-on-mnist.md" ] || { echo "missing $page/10-training-on-mnist.md"; exit 1; }
done

# 1. The book's full run, seed 0 (page 10, and the README's last epoch line).
run train_mnist --out "$tmp/out" | sed "s|$tmp/out|out|g" >"$tmp/train_mnist.txt"
block docs/tutorial/10-training-on-mnist.md '^train acc, test acc' >"$tmp/quoted.txt"
compare "train_mnist, docs/tutorial/10-training-on-mnist.md" "$tmp/quoted.txt" "$tmp/train_mnist.txt"
last=$(grep '^train acc, test acc' "$tmp/train_mnist.txt" | tail -1)
if grep -qF "\`$last\`" README.md; then echo "ok: README's last epoch line"; else
    echo "MISMATCH: README.md does not quote the last epoch line \`$last\`"; failed=1
fi

# 2. The same run with Adam and the wider network (page 10's three full runs).
{
    echo "cargo run --release --example train_mnist"
    grep '^done:' "$tmp/train_mnist.txt"
    echo "cargo run --release --example train_mnist -- --optimizer adam --init he --lr 0.001"
    run train_mnist --optimizer adam --init he --lr 0.001 --out "$tmp/adam" | grep '^done:'
    echo "cargo run --release --example train_mnist_wide"
    run train_mnist_wide --out "$tmp/wide" | grep '^done:'
} >"$tmp/three.txt"
block docs/tutorial/10-training-on-mnist.md '^cargo run --release --example train_mnist$' >"$tmp/quoted.txt"
compare "the three full runs, docs/tutorial/10-training-on-mnist.md" "$tmp/quoted.txt" "$tmp/three.txt"

# 3. Chapter 4's numerical training (page 6): the first three losses and backprop's accuracy
#    (which depend only on the seed, not on how many steps are also taken numerically).
run ch04_train_numerical --iters 3 >"$tmp/numerical.txt"
block docs/tutorial/06-learning-algorithm.md '^iter  loss' | grep -v '^ …$' >"$tmp/quoted.txt"
compare "ch04_train_numerical, docs/tutorial/06-learning-algorithm.md" "$tmp/quoted.txt" "$tmp/numerical.txt"

# The answer to page 6's exercise: the same with --lr 0.1.
{
    echo "cargo run --release --example ch04_train_numerical -- --lr 0.1"
    run ch04_train_numerical --lr 0.1 --iters 1 | tail -1
} >"$tmp/numerical_lr.txt"
block docs/tutorial/06-learning-algorithm.md '^cargo run --release --example ch04_train_numerical -- --lr 0.1$' >"$tmp/quoted.txt"
compare "ch04_train_numerical --lr 0.1, docs/tutorial/06-learning-algorithm.md" "$tmp/quoted.txt" "$tmp/numerical_lr.txt"

# 4. The book's gradient check (page 9).
run ch05_gradient_check | grep -v 'numerical derivatives' >"$tmp/check.txt"
block docs/tutorial/09-two-layer-net.md '^gradient check of 784-50-10' >"$tmp/quoted.txt"
compare "ch05_gradient_check, docs/tutorial/09-two-layer-net.md" "$tmp/quoted.txt" "$tmp/check.txt"

# 5. Chapter 7 (page 15): the book's trained SimpleConvNet, and the small net's gradient check
#    at the two seeds the page quotes.
cargo build --quiet --config 'profile.dev.package.dldw.opt-level=3' --example=ch07_book_weights --example=ch07_gradient_check
run ch07_book_weights >"$tmp/book_weights.txt"
block docs/tutorial/15-simple-convnet.md '^layer +output +parameters$' >"$tmp/quoted.txt"
compare "ch07_book_weights, docs/tutorial/15-simple-convnet.md" "$tmp/quoted.txt" "$tmp/book_weights.txt"
for seed in 0 1; do
    run ch07_gradient_check --seed "$seed" >"$tmp/ch07_check.txt"
    block docs/tutorial/15-simple-convnet.md "^gradient check of SimpleConvNet .*, seed $seed:\$" >"$tmp/quoted.txt"
    compare "ch07_gradient_check --seed $seed, docs/tutorial/15-simple-convnet.md" "$tmp/quoted.txt" "$tmp/ch07_check.txt"
done

# 6. Chapter 8: the short runs ch08_train_deepnet's docs and docs/performance.md quote, the
#    60-iteration one on one thread and on two (the same bits either way).
cargo build --quiet --config 'profile.dev.package.dldw.opt-level=3' --example=ch08_train_deepnet
final_acc() { # ARGS... : the final test accuracy of a seed-0 run of ch08_train_deepnet
    run ch08_train_deepnet --log-every 0 --out "$tmp/deep.safetensors" "$@" | grep '^test acc:'
}
quote() { # FILE SENTENCE-PATTERN : the first `test acc:…` after the pattern in FILE
    tr '\n' ' ' <"$1" | grep -oE "$2[^\`]*test acc:[0-9]+\.[0-9]+" | head -1 | grep -oE 'test acc:[0-9]+\.[0-9]+'
}
final_acc --epochs 3 --iters-per-epoch 100 >"$tmp/printed.txt"
quote examples/ch08_train_deepnet.rs '`--epochs 3 --iters-per-epoch 100`' >"$tmp/quoted.txt"
compare "ch08_train_deepnet --epochs 3 --iters-per-epoch 100, examples/ch08_train_deepnet.rs" "$tmp/quoted.txt" "$tmp/printed.txt"
quote docs/performance.md '60 iterations end at' >"$tmp/quoted.txt"
for threads in 1 2; do
    RAYON_NUM_THREADS=$threads final_acc --epochs 1 --iters-per-epoch 60 >"$tmp/printed.txt"
    compare "ch08_train_deepnet, 60 iterations on $threads thread(s), docs/performance.md" "$tmp/quoted.txt" "$tmp/printed.txt"
done

exit $failed
