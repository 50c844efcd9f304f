#!/usr/bin/env bash
# Latency the answer cache saves, through `docent serve` on loopback: the sample handbook, each sample question asked twice
# in a row (a miss, then a hit) in every round; before each round a small note is uploaded, which changes the collection's
# version, so the round's first asks are misses again. Prints the median and p95 of misses and hits as curl saw them, and
# the server's own docent_answer_cache_* figures.
#
#   bash bench/server/cache.sh                   # from the repository root; builds Release first unless DOCENT is set
#   ROUNDS=10 bash bench/server/cache.sh
#
# Needs curl. Listens on 127.0.0.1 only; the data folder is temporary (KEEP=1 keeps it).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${ROUNDS:-20}
port=${PORT:-5293}
base="http://127.0.0.1:$port"
if [[ -z "${DOCENT:-}" ]]; then
  dotnet build "$root/src/Docent.Cli/Docent.Cli.csproj" -c Release -v q -nologo >&2
  DOCENT="$root/src/Docent.Cli/bin/Release/net10.0/docent"
fi

work=$(mktemp -d /tmp/docent-cache.XXXXXX)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ "${KEEP:-0}" == 1 ]] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

"$DOCENT" --data "$work/data" ingest "$root/samples/handbook" >"$work/ingest.log" 2>&1
DOCENT_SERVER__REQUESTSPERMINUTE=100000000 "$DOCENT" --data "$work/data" serve --urls "$base" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
curl -sf "$base/health" >/dev/null || { echo "the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

mapfile -t questions < <(grep -v '^#' "$root/samples/demo-questions.txt" | grep -v '^[[:space:]]*$')
ask() { # prints "seconds cached"
  local body
  body=$(jq -cn --arg q "$1" '{question: $q}')
  curl -s -o "$work/answer.json" -w '%{time_total}' -H 'content-type: application/json' -d "$body" "$base/api/collections/default/ask"
  printf ' %s\n' "$(jq -r '.cached' "$work/answer.json")"
}

# One warm-up round (JIT, model load), not counted.
for q in "${questions[@]}"; do ask "$q" >/dev/null; ask "$q" >/dev/null; done
for r in $(seq 1 "$rounds"); do
  printf '# Note %d\n\nRound %d of the cache benchmark.\n' "$r" "$r" >"$work/note-$r.md"
  curl -sf -o /dev/null -F "files=@$work/note-$r.md;filename=note-$r.md" "$base/api/collections/default/documents"
  for q in "${questions[@]}"; do
    ask "$q" >>"$work/times.txt"
    ask "$q" >>"$work/times.txt"
  done
done

summary() { # label, cached flag
  awk -v c="$2" '$2 == c { print $1 * 1000 }' "$work/times.txt" | sort -n | awk -v label="$1" '
    { v[NR] = $1 } END { if (NR == 0) { print label ": none"; exit } printf "%s: n=%d  p50 %.2f ms  p95 %.2f ms\n", label, NR, v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.999)] }'
}
summary "miss" false
summary "hit " true
curl -s "$base/metrics" | grep -E '^docent_answer_cache_(hits_total|misses_total|saved_seconds_(sum|count))' || true
