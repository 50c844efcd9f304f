#!/usr/bin/env bash
# The malformed-file mix: COUNT damaged and hostile files (nested HTML/Markdown/DOCX, zip bombs, DTDs, damaged PDFs,
# truncated and bit-flipped samples, random bytes, UTF-16 without BOM), plus a /dev/zero and a /dev/urandom link, a
# FIFO, two symlink loops and three good files, ingested in one run under /usr/bin/time -v. Prints exit code,
# elapsed time, peak memory, the result counts and whether the good files are searchable.
#   usage: bench/reliability/malformed-mix.sh DOCENT [COUNT]
#   e.g.   bench/reliability/malformed-mix.sh /tmp/docent-bin/docent 1000
set -u
DOCENT=${1:?docent executable}; COUNT=${2:-1000}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mix="$work/mix"; mkdir -p "$mix/sub"
python3 "$here/malformed-mix.py" "$mix" "$COUNT" "$root/samples/handbook"
ln -s /dev/zero "$mix/zero.txt"; ln -s /dev/urandom "$mix/random.md"; mkfifo "$mix/pipe.txt"; ln -s . "$mix/loop"; ln -s .. "$mix/sub/up"
/usr/bin/time -v -o "$work/time" timeout 900 "$DOCENT" ingest "$mix" --data "$work/data" --json > "$work/out.json" 2> "$work/err"; rc=$?
peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time"); elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time")
summary=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print("added %d, failed %d, skipped %d" % (j["added"], len(j["failed"]), len(j["skipped"])))' "$work/out.json" 2>/dev/null || echo "no JSON result")
found=0
for i in 1 2 3; do
  "$DOCENT" search "warehouse kappa$i" --data "$work/data" --json --top 1 2>/dev/null | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; sys.exit(0 if r and "good" in r[0]["source"] else 1)' && found=$((found + 1))
done
crash=$([ $rc -eq 0 ] || [ $rc -eq 2 ] && echo 0 || echo 1); hang=$([ $rc -eq 124 ] && echo 1 || echo 0)
echo "malformed mix: $((COUNT + 8)) inputs, exit $rc, crashes $crash, hangs $hang, elapsed $elapsed, peak $((peak_kb / 1024)) MB, $summary, good files searchable $found/3"
[ "$crash" = 0 ] && [ "$found" = 3 ]
