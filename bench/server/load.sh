#!/usr/bin/env bash
# Loopback load benchmark of `docent serve`: 32 wrk connections ask questions for DURATION seconds while UPLOADS small
# files are uploaded one by one; then checks every upload is searchable and prints the figures.
#
#   bash bench/server/load.sh                      # from the repository root; builds Release first unless DOCENT is set
#   DURATION=20 UPLOADS=20 bash bench/server/load.sh
#
# Needs wrk (apt-get install -y wrk) and curl. Everything listens on 127.0.0.1 only and is bounded in time; the data
# folder is a temporary one, removed at the end (KEEP=1 keeps it).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-60}
uploads=${UPLOADS:-60}
connections=${CONNECTIONS:-32}
threads=${THREADS:-4}
port=${PORT:-5291}
base="http://127.0.0.1:$port"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
if [[ -z "${DOCENT:-}" ]]; then
  dotnet build "$root/src/Docent.Cli/Docent.Cli.csproj" -c Release -v q -nologo >&2
  DOCENT="$root/src/Docent.Cli/bin/Release/net10.0/docent"
fi

work=$(mktemp -d /tmp/docent-load.XXXXXX)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ "${KEEP:-0}" == 1 ]] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

# A data folder with the sample handbook, and the rate limit raised by its setting (32 clients would spend 120/minute at once).
"$DOCENT" --data "$work/data" ingest "$root/samples/handbook" >"$work/ingest.log" 2>&1
DOCENT_SERVER__REQUESTSPERMINUTE=100000000 "$DOCENT" --data "$work/data" serve --urls "$base" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
curl -sf "$base/health" >/dev/null || { echo "the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

# Each upload holds a token no other document has, so a search for it finds that upload or nothing.
mkdir -p "$work/uploads"
for i in $(seq 1 "$uploads"); do
  printf '# Load note %d\n\nThe load token loadtoken%04dx marks this note. It is one of the files uploaded during the benchmark.\n' "$i" "$i" \
    >"$work/uploads/note-$i.md"
done

upload_loop() {
  local gap
  gap=$(awk -v d="$duration" -v n="$uploads" 'BEGIN { printf "%.3f", (d * 0.9) / n }')
  for i in $(seq 1 "$uploads"); do
    curl -s -o "$work/upload-$i.json" -w '%{http_code}\n' --max-time 120 \
      -F "files=@$work/uploads/note-$i.md;filename=note-$i.md" "$base/api/collections/default/documents" >>"$work/upload-status.txt" || echo 000 >>"$work/upload-status.txt"
    sleep "$gap"
  done
}

upload_loop &
uploader=$!
QUESTIONS="$root/samples/demo-questions.txt" timeout $((duration + 60)) \
  wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 30s -s "$root/bench/server/ask.lua" "$base" >"$work/wrk.txt" 2>&1
timeout 300 tail --pid="$uploader" -f /dev/null || true
wait "$uploader" 2>/dev/null || true

searchable=0
for i in $(seq 1 "$uploads"); do
  token=$(printf 'loadtoken%04dx' "$i")
  if curl -s --max-time 30 "$base/api/collections/default/search?q=$token&top=1" | grep -q "\"source\":\"note-$i.md\""; then
    searchable=$((searchable + 1))
  fi
done

eval "$(grep -E '^ASK_[A-Z0-9_]+=[0-9.]+$' "$work/wrk.txt")"
upload_ok=$(grep -c '^200$' "$work/upload-status.txt" || true)
upload_5xx=$(grep -c '^5' "$work/upload-status.txt" || true)
documents=$(curl -s "$base/api/collections/default/documents" | grep -o '"id":' | wc -l)
rps=$(awk -v r="$ASK_REQUESTS" -v s="$ASK_SECONDS" 'BEGIN { printf "%.1f", r / s }')

echo "machine:            $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "ask requests:       $ASK_REQUESTS in ${ASK_SECONDS} s ($connections connections, $threads wrk threads)"
echo "requests/s:         $rps"
echo "latency p50/p99:    ${ASK_P50_MS} ms / ${ASK_P99_MS} ms (max ${ASK_MAX_MS} ms)"
echo "server errors 5xx:  $((ASK_5XX + upload_5xx)) (asks $ASK_5XX, uploads $upload_5xx); other non-2xx asks $((ASK_NON_2XX - ASK_5XX)); socket errors $ASK_SOCKET_ERRORS"
echo "uploads:            $upload_ok of $uploads answered 200"
echo "searchable uploads: $searchable of $uploads"
echo "documents listed:   $documents (7 ingested + uploads)"
if [[ "$searchable" -ne "$uploads" || $((ASK_5XX + upload_5xx)) -ne 0 ]]; then
  echo "FAILED: not every upload is searchable, or the server answered 5xx (logs: KEEP=1 keeps $work)" >&2
  exit 1
fi
