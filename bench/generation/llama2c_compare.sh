#!/usr/bin/env bash
# Measure llama2.c (run.c float32, runq.c int8) on the checkpoints `docent bench generation --out DIR --llama2c` wrote,
# so Docent and llama2.c run the same random-weight model.
#
# Usage: bench/generation/llama2c_compare.sh LLAMA2C_DIR MODEL_DIR TOKENIZER_BIN [STEPS=128] [THREADS="1 2"] [ROUNDS=3]
#   LLAMA2C_DIR    a checkout of https://github.com/karpathy/llama2.c (run.c and runq.c are read from it; nothing is
#                  copied into this repository)
#   MODEL_DIR      the --out folder (model-f32.bin for run.c, model-q80.bin for runq.c)
#   TOKENIZER_BIN  llama2.c's tokenizer.bin (vocabulary 32000; the programs need it to print tokens)
# Builds both with `gcc -Ofast -march=native -fopenmp` in a temporary folder, then runs each greedy (-t 0) for STEPS
# steps from BOS with OMP_NUM_THREADS set to each thread count, ROUNDS times, and prints the best "achieved tok/s"
# (llama2.c starts its clock after the first token) and the peak resident memory (GNU time's %M) of that round.
# llama2.c feeds prompt tokens through the same one-token forward pass, so its prompt speed equals its decode speed.
set -euo pipefail
if [[ $# -lt 3 ]]; then
    sed -n '2,14p' "$0"
    exit 2
fi
src=$1 models=$2 tokenizer=$3 steps=${4:-128} threads=${5:-"1 2"} rounds=${6:-3}
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
for program in run runq; do
    gcc -Ofast -march=native -fopenmp "$src/$program.c" -lm -o "$build/$program"
done
echo "llama2.c from $src, built with gcc $(gcc -dumpfullversion) -Ofast -march=native -fopenmp; $steps steps, best of $rounds"
printf '%-6s %-16s %8s %12s %14s\n' program model threads "tok/s" "peak RSS MiB"
for pair in "run:model-f32.bin" "runq:model-q80.bin"; do
    program=${pair%%:*} model=${pair#*:}
    for t in $threads; do
        best=0 best_rss=0
        for ((r = 0; r < rounds; r++)); do
            out=$(OMP_NUM_THREADS=$t /usr/bin/time -f 'maxrss_kb %M' "$build/$program" "$models/$model" -z "$tokenizer" -t 0 -n "$steps" 2>&1 >/dev/null)
            speed=$(sed -n 's/^achieved tok\/s: //p' <<<"$out")
            rss=$(sed -n 's/^maxrss_kb //p' <<<"$out")
            if awk -v a="$speed" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=$speed best_rss=$rss; fi
        done
        printf '%-6s %-16s %8s %12.1f %14.1f\n' "$program" "$model" "$t" "$best" "$(awk -v k="$best_rss" 'BEGIN { print k / 1024 }')"
    done
done
