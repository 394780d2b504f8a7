#!/usr/bin/env bash
# The book's training run (784-50-10, batch 100, lr 0.1, 10000 iterations, 17 evaluations of
# the full sets) by dldw and by the reference implementations in ../shared/baselines/, run
# side by side: one round runs every implementation once, in turn, and rounds repeat, so that
# a change in the machine's load falls on all of them alike. Prints the median wall time and
# peak memory of each and dldw's time as a fraction of each peer's, and, measured in the same
# rounds, the dense floor of issue 5 (scripts/bench/dense_floor.py) on one and two BLAS threads.
#
#   scripts/bench/compare.sh [ROUNDS]          (default 3 rounds)
#
# Needs: cargo, /usr/bin/time; python3 with NumPy for the NumPy references (installed with
# pip if missing); PyTorch only if already installed (it is not installed here: about 5 GB).
# dfdx is built with cargo in its own folder (its target directory goes under
# target/baselines/). Environment: BASELINES (default ../shared/baselines), MNIST_DIR
# (default data/mnist), THREADS (the peers' BLAS, PyTorch and rayon threads, default: their
# own default), FLOOR_THREADS (the BLAS threads of the dense floor, default "1 2": with the
# second core busy the 2-thread floor can take minutes). dldw runs twice: as it comes (evaluation on every core) and pinned to one core
# with taskset; then as a user's crate gets it (scripts/bench/user_crate, cargo's default flags):
# MNIST's sparse batches, and dense batches on every core and on one.
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=${1:-3}
baselines=${BASELINES:-../shared/baselines}
mnist=$(realpath "${MNIST_DIR:-data/mnist}")
out=target/compare
mkdir -p "$out"
rm -f "$out"/*.log

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load: $(cut -d' ' -f1-3 /proc/loadavg)"

# Chapter 7: the book's SimpleConvNet (examples/ch07_train_convnet.rs) against
# $BASELINES/torch_convnet.py and numpy_convnet.py --dtype float32, per training iteration as
# each program times it (evaluations excluded), CH07_ITERS iterations (default 300) on one and
# on two cores (taskset; the peers' --threads and BLAS threads set to match), one round running
# each in turn, ROUNDS rounds. None of the three runs the book Trainer's second loss forward
# (numpy_convnet.py does, and its input gradient of the convolution: it is timed as it comes).
# CH07_THREADS=1 keeps only the one-core rows. With CH07_CPU=1, each one-core run is made again with a third of the iterations, and the
# difference of the two runs' CPU seconds (user + sys) over the difference of their iterations
# is its CPU time per iteration: start-up and loading cancel, and time spent waiting for a core
# that other jobs hold does not count (the measure to read on a shared machine).
# With CH07_FULL=1, the full book run of ch07_train_convnet once more, wall time and peak memory.
# CHAPTERS=7 runs only this part; CHAPTERS=5 only the part above; CHAPTERS=8 chapter 8's below.
chapter7() {
  cargo build --release --quiet --example ch07_train_convnet
  local iters=${CH07_ITERS:-300} names7=() commands7=() t name cmd round log ms long short
  local has_torch=0
  if python3 -c 'import torch' 2> /dev/null; then has_torch=1; fi
  for t in ${CH07_THREADS:-1 2}; do
    local cores="taskset -c 0-$((t - 1))"
    names7+=("dldw-t$t")
    commands7+=("$cores target/release/examples/ch07_train_convnet --iters ITERS --data-dir $mnist --out $out/ch07")
    if ((has_torch)); then
      names7+=("pytorch-t$t")
      commands7+=("$cores python3 $baselines/torch_convnet.py --data $mnist --threads $t --iters ITERS --eval-every 100 --final-samples 1000")
    fi
    names7+=("numpy-f32-t$t")
    commands7+=("$cores env OPENBLAS_NUM_THREADS=$t python3 $baselines/numpy_convnet.py --data $mnist --dtype float32 --threads $t --seed 0 --iters ITERS --eval-every 100 --final-samples 1000")
  done
  declare -A per_iter cpu_iter
  # CPU seconds (user + sys) of a command with ITERS set to $1, its output in $2.
  cpu_of() {
    /usr/bin/time -f "%U %S" -o "$2.cpu" ${cmd//ITERS/$1} > "$2" 2>&1
    awk '{print $1 + $2}' "$2.cpu"
  }
  for round in $(seq "$rounds"); do
    for i in "${!names7[@]}"; do
      name=${names7[$i]}
      cmd=${commands7[$i]}
      log="$out/ch07-$name.$round.log"
      long=$(cpu_of "$iters" "$log")
      if [[ -n "${CH07_CPU:-}" && $name == *-t1 ]]; then
        short=$(cpu_of $((iters / 3)) "$log.short")
        cpu_iter[$name]+="$(awk -v a="$long" -v b="$short" -v n=$((iters - iters / 3)) 'BEGIN {print (a - b) / n * 1000}') "
      fi
      # dldw: "…, 2.91 ms each"; torch: "… = 17.60 ms/iter"; NumPy: "(29.1 ms/iteration)".
      ms=$(grep -oE '[0-9.]+ ms (each|/iter|/iteration)|[0-9.]+ ms/iter(ation)?' "$log" | head -n1 | grep -oE '^[0-9.]+')
      per_iter[$name]+="$ms "
      echo "round $round: $name $ms ms per iteration"
    done
  done
  printf '\n%-16s %16s %14s\n' "chapter 7" "median ms/iter" "dldw / this"
  for name in "${names7[@]}"; do
    local m ours7
    m=$(echo "${per_iter[$name]}" | median)
    ours7=$(echo "${per_iter[dldw-t${name##*-t}]}" | median)
    printf '%-16s %16.2f %14.2f\n' "$name" "$m" "$(awk -v a="$ours7" -v b="$m" 'BEGIN {print a / b}')"
  done
  if [[ -n "${CH07_CPU:-}" ]]; then
    printf '\n%-16s %16s %14s\n' "one core" "CPU ms/iter" "dldw / this"
    for name in "${!cpu_iter[@]}"; do
      m=$(echo "${cpu_iter[$name]}" | median)
      ours7=$(echo "${cpu_iter[dldw-t1]}" | median)
      printf '%-16s %16.2f %14.2f\n' "$name" "$m" "$(awk -v a="$ours7" -v b="$m" 'BEGIN {print a / b}')"
    done
  fi
  if [[ -n "${CH07_FULL:-}" ]]; then
    /usr/bin/time -f "%e %M" -o "$out/ch07-full.time" target/release/examples/ch07_train_convnet \
      --data-dir "$mnist" --out "$out/ch07" > "$out/ch07-full.log" 2>&1
    read -r wall rss < "$out/ch07-full.time"
    printf '
the full book run: %s s, peak %d MiB; %s\n' "$wall" $((rss / 1024)) \
      "$(grep -h '^test acc' "$out/ch07-full.log" | tail -n1)"
  fi
}
# Chapter 8: the book's DeepConvNet (examples/ch08_train_deepnet.rs) against
# scripts/bench/torch_deepconvnet.py (the same network, float32, Adam 0.001, batch 100), per
# training iteration as each program times it (evaluations excluded), CH08_ITERS iterations
# (default 60) on one and on two cores (taskset; PyTorch's --threads set to match), one round
# running each in turn, ROUNDS rounds. Neither runs the book Trainer's second loss forward, nor
# the first convolution's input gradient. CH08_THREADS=1 keeps only the one-core rows.
# CHAPTERS=8 runs only this part (CHAPTERS="7 8" both chapters' parts).
chapter8() {
  cargo build --release --quiet --example ch08_train_deepnet
  local iters=${CH08_ITERS:-60} names8=() commands8=() t name log ours8 m
  if ! python3 -c 'import torch' 2> /dev/null; then
    echo "chapter 8: PyTorch is not installed; dldw alone" >&2
  fi
  for t in ${CH08_THREADS:-1 2}; do
    local cores="taskset -c 0-$((t - 1))"
    names8+=("dldw-t$t")
    commands8+=("$cores target/release/examples/ch08_train_deepnet --epochs 1 --iters-per-epoch $iters --evaluate-samples 100 --log-every 0 --data-dir $mnist --out $out/ch08/deep_convnet.safetensors")
    if python3 -c 'import torch' 2> /dev/null; then
      names8+=("pytorch-t$t")
      commands8+=("$cores python3 scripts/bench/torch_deepconvnet.py --data $mnist --threads $t --iters $iters --eval-every $((iters + 1)) --eval-samples 100 --final-samples 1000")
    fi
  done
  declare -A per_iter8
  local round i
  for round in $(seq "$rounds"); do
    for i in "${!names8[@]}"; do
      name=${names8[$i]}
      log="$out/ch08-$name.$round.log"
      ${commands8[$i]} > "$log" 2>&1
      # The first time per iteration in the log: dldw's "…, 207.31 ms each", torch's "… = 67.68 ms/iter".
      per_iter8[$name]+="$(grep -oE '[0-9.]+ ms( each|/iter)' "$log" | head -n1 | cut -d' ' -f1) "
      echo "round $round: $name $(echo "${per_iter8[$name]}" | xargs -n1 | tail -n1) ms per iteration"
    done
  done
  # Each program's median and dldw's (with as many threads) over it, then every round's figure.
  printf '\n%-16s %16s %14s   %s\n' "chapter 8" "median ms/iter" "dldw / this" "rounds"
  for name in "${names8[@]}"; do
    m=$(median <<< "${per_iter8[$name]}")
    ours8=$(median <<< "${per_iter8[dldw-t${name##*-t}]}")
    printf '%-16s %16.2f %14.2f   %s\n' "$name" "$m" "$(awk -v a="$ours8" -v b="$m" 'BEGIN {print a / b}')" \
      "$(xargs <<< "${per_iter8[$name]}")"
  done
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
if [[ "${CHAPTERS:-5 7}" != *5* ]]; then
  if [[ "$CHAPTERS" == *7* ]]; then chapter7; fi
  if [[ "$CHAPTERS" == *8* ]]; then chapter8; fi
  exit 0
fi

cargo build --release --quiet --example train_mnist
names=(dldw dldw-1core)
commands=("target/release/examples/train_mnist --data-dir $mnist --out $out/dldw"
  "taskset -c 0 target/release/examples/train_mnist --data-dir $mnist --out $out/dldw-1core")

# What a user gets: scripts/bench/user_crate (the same run through the public train API, sparse or
# dense batches) built as a crate that depends on dldw, with cargo's defaults. Cargo reads
# configuration from the directory it is started in upwards, so the crate is built from a copy
# outside this repository, and without RUSTFLAGS.
user_src=$(mktemp -d)
trap 'rm -rf "$user_src"' EXIT
cp -r scripts/bench/user_crate/. "$user_src"
sed -i "s#path = \"../../..\"#path = \"$PWD\"#" "$user_src/Cargo.toml"
user_target=$(realpath -m target/user_crate)
(cd "$user_src" && env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS CARGO_TARGET_DIR="$user_target" \
  cargo build --release --quiet)
user=$user_target/release/dldw-user
names+=(user-sparse user-dense user-dense-1core)
commands+=("$user $mnist sparse" "$user $mnist dense" "taskset -c 0 $user $mnist dense")

thread_flag=()
if [[ -n "${THREADS:-}" ]]; then
  thread_flag=(--threads "$THREADS")
  export RAYON_NUM_THREADS=$THREADS
fi

if [[ -f "$baselines/numpy_twolayer.py" ]]; then
  if ! python3 -c 'import numpy' 2> /dev/null; then
    python3 -m pip install --quiet numpy
  fi
  names+=("numpy-book-f64" "numpy-f32")
  commands+=("python3 $baselines/numpy_twolayer.py --data $mnist --seed 0 ${thread_flag[*]:-}")
  commands+=("python3 $baselines/numpy_twolayer.py --data $mnist --seed 0 --dtype float32 ${thread_flag[*]:-}")
fi
if [[ -f "$baselines/torch_twolayer.py" ]] && python3 -c 'import torch' 2> /dev/null; then
  names+=("pytorch")
  commands+=("python3 $baselines/torch_twolayer.py --data $mnist --seed 0 ${thread_flag[*]:-}")
fi
if [[ -f "$baselines/dfdx_mlp/Cargo.toml" ]]; then
  dfdx_target=$(realpath -m target/baselines/dfdx)
  # Built in its own folder, so that this repository's .cargo/config.toml does not apply.
  (cd "$baselines/dfdx_mlp" && CARGO_TARGET_DIR="$dfdx_target" cargo build --release --quiet)
  names+=("dfdx")
  commands+=("$dfdx_target/release/train_mlp $mnist 0")
fi

declare -A times memory floors
for round in $(seq "$rounds"); do
  for i in "${!names[@]}"; do
    log="$out/${names[$i]}.$round.log"
    # %e wall seconds, %M peak resident KiB: the last line of the log.
    /usr/bin/time -f "%e %M" -a -o "$log.time" ${commands[$i]} > "$log" 2>&1
    read -r wall rss < <(tail -n1 "$log.time")
    rm -f "$log.time"
    times[${names[$i]}]+="$wall "
    memory[${names[$i]}]+="$rss "
    echo "round $round: ${names[$i]} ${wall} s, $((rss / 1024)) MiB"
  done
  # The dense floor (scripts/bench/dense_floor.py) in the same round: the machine's speed drifts.
  if python3 -c 'import numpy' 2> /dev/null; then
    for blas in ${FLOOR_THREADS:-1 2}; do
      line=$(OPENBLAS_NUM_THREADS=$blas python3 scripts/bench/dense_floor.py)
      floors[$blas]+="$(echo "$line" | sed 's/.*floor \([0-9.]*\) s/\1/') "
      echo "round $round: dense floor, $line"
    done
  fi
done

maximum() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -n1; }

ours=$(echo "${times[dldw]}" | median)
printf '\n%-16s %10s %12s %14s\n' implementation "median s" "peak MiB" "dldw / this"
for name in "${names[@]}"; do
  t=$(echo "${times[$name]}" | median)
  m=$(echo "${memory[$name]}" | maximum)
  printf '%-16s %10.2f %12d %14.2f\n' "$name" "$t" $((m / 1024)) "$(awk -v a="$ours" -v b="$t" 'BEGIN {print a / b}')"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
med() { echo "${times[$1]}" | median; }
printf '\na user crate (cargo defaults) / this repository, sparse batches: %s\n' "$(ratio "$(med user-sparse)" "$ours")"
if [[ -n "${times[dfdx]:-}" ]]; then
  printf 'dense batches (user crate) / dfdx: %s; sparse (train_mnist) / dfdx: %s\n' \
    "$(ratio "$(med user-dense)" "$(med dfdx)")" "$(ratio "$ours" "$(med dfdx)")"
fi
if [[ -n "${floors[1]:-}" ]]; then
  f1=$(echo "${floors[1]}" | median)
  one=$(med dldw-1core)
  printf '\ndense floor (NumPy BLAS rate, 250 GFLOP) on 1 thread: %.2f s\n' "$f1"
  printf 'dldw on 1 core / floor: %s; dense batches on 1 core / floor: %s\n' \
    "$(ratio "$one" "$f1")" "$(ratio "$(med user-dense-1core)" "$f1")"
fi
if [[ -n "${floors[2]:-}" ]]; then
  f2=$(echo "${floors[2]}" | median)
  printf 'dense floor on 2 threads: %.2f s; dldw / floor: %s; dense batches / floor: %s\n' \
    "$f2" "$(ratio "$ours" "$f2")" "$(ratio "$(med user-dense)" "$f2")"
fi

# The targets of issue 12, each with the ratio it names (medians of the rounds above).
if [[ -n "${times[dfdx]:-}" && -n "${floors[1]:-}" ]]; then
  peak=0
  for name in dldw dldw-1core user-sparse user-dense user-dense-1core; do
    m=$(echo "${memory[$name]}" | maximum)
    if ((m > peak)); then peak=$m; fi
  done
  printf '\n%-58s %8s %8s\n' "target of issue 12" measured target
  printf '%-58s %8s %8s\n' "user crate / this repository, sparse batches" "$(ratio "$(med user-sparse)" "$ours")" "<= 1.10" \
    "dense batches on 1 core / dense floor on 1 thread" "$(ratio "$(med user-dense-1core)" "$f1")" "<= 1.30" \
    "dense batches / dfdx" "$(ratio "$(med user-dense)" "$(med dfdx)")" "<= 0.35" \
    "train_mnist / dfdx" "$(ratio "$ours" "$(med dfdx)")" "<= 0.15" \
    "train_mnist on 1 core / dense floor on 1 thread" "$(ratio "$one" "$f1")" "<= 1.00" \
    "peak memory of the dldw runs, MiB" "$((peak / 1024))" "<= 120"
  # The same ratios within each round, whose runs are at most minutes apart: how much of a
  # median ratio is the machine's drift shows in their spread.
  nth() { echo "$1" | tr ' ' '\n' | grep -v '^$' | sed -n "${2}p"; }
  printf '\n%-8s %12s %12s %12s %12s %12s\n' "" "user/repo" "dense 1c/fl" "dense/dfdx" "mnist/dfdx" "mnist 1c/fl"
  for round in $(seq "$rounds"); do
    at() { nth "${times[$1]}" "$round"; }
    floor=$(nth "${floors[1]}" "$round")
    printf '%-8s %12s %12s %12s %12s %12s\n' "round $round" "$(ratio "$(at user-sparse)" "$(at dldw)")" \
      "$(ratio "$(at user-dense-1core)" "$floor")" "$(ratio "$(at user-dense)" "$(at dfdx)")" \
      "$(ratio "$(at dldw)" "$(at dfdx)")" "$(ratio "$(at dldw-1core)" "$floor")"
  done
fi
echo
grep -h "^done" "$out"/dldw.*.log | tail -n1
if [[ "${CHAPTERS:-5 7}" == *7* ]]; then
  chapter7
fi
if [[ "${CHAPTERS:-5 7}" == *8* ]]; then
  chapter8
fi
