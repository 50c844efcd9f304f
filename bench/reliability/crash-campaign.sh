#!/usr/bin/env bash
# Crash campaign: kill -9 `docent` at a random moment while it ingests a folder, removes documents, or re-ingests
# changed files; after each kill, check the store (SQLite integrity, docent stats) and finish the work with a normal
# run. Counts runs, corrupt stores and lost documents (a document committed before the kill, or one of the
# folder's files after the finishing run, that is not stored and fully indexed).
#   usage: bench/reliability/crash-campaign.sh DOCENT RUNS [FILES]
#   e.g.   bench/reliability/crash-campaign.sh /tmp/docent-bin/docent 80 300
# DOCENT is a built docent executable (dotnet build src/Docent.Cli -c Release -o /tmp/docent-bin). Needs sqlite3.
set -u
DOCENT=${1:?docent executable}; RUNS=${2:-80}; FILES=${3:-300}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
corpus="$work/corpus"; mkdir -p "$corpus"
for i in $(seq 1 "$FILES"); do
  {
    printf '# Report %s\n\n' "$i"
    for p in 1 2 3 4 5 6; do printf 'Paragraph %s of report %s names the unique marker docmark%sx%s and a few ordinary words about shipping and invoices.\n\n' "$p" "$i" "$i" "$p"; done
  } > "$corpus/r$i.md"
done
start=$(date +%s.%N)
"$DOCENT" ingest "$corpus" --data "$work/full" --json > /dev/null || { echo "FAIL: seeding ingest"; exit 1; }
full_s=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
echo "a full ingest of $FILES files takes ${full_s}s; kills land between 0.2 s and 90% of that"

runs=0; corrupt=0; lost=0; killed=0
check() { # data folder, expected minimum of documents ("" = any); prints problems, sets bad
  local d=$1 expect=$2 stats docs chunks indexed
  bad=0
  if [ "$(sqlite3 "$d/docent.db" 'PRAGMA integrity_check;' 2>&1)" != ok ]; then echo "  corrupt: integrity_check failed in $d"; bad=1; return; fi
  stats=$("$DOCENT" stats --data "$d" --json 2>&1) || { echo "  corrupt: stats failed: $stats"; bad=1; return; }
  read -r docs chunks indexed < <(printf '%s' "$stats" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["documents"], j["chunks"], j["indexedChunks"])')
  if [ "$chunks" != "$indexed" ]; then echo "  lost: $indexed of $chunks chunks indexed"; lost=$((lost + chunks - indexed)); fi
  if [ -n "$expect" ] && [ "$docs" -lt "$expect" ]; then echo "  lost: $docs documents, expected $expect"; lost=$((lost + expect - docs)); fi
}
for run in $(seq 1 "$RUNS"); do
  kind=$((run % 3)); d="$work/run$run"; delay=$(python3 -c "import random,sys; print(round(random.uniform(0.2, 0.9 * float(sys.argv[1])), 2))" "$full_s")
  case $kind in
    0) # ingest into an empty folder
       "$DOCENT" ingest "$corpus" --data "$d" --json > /dev/null 2>&1 & pid=$! ;;
    1) # remove documents one after another
       cp -r "$work/full" "$d"
       ( for i in $(seq 1 40); do "$DOCENT" docs remove "$corpus/r$i.md" --data "$d" > /dev/null 2>&1; done ) & pid=$! ;;
    2) # re-ingest after a third of the files changed (the folder was ingested from the same paths first)
       mkdir -p "$d.src"; cp "$corpus"/*.md "$d.src/"; "$DOCENT" ingest "$d.src" --data "$d" --json > /dev/null
       for i in $(seq 1 3 "$FILES"); do printf '\nChanged in run %s: changemark%sx%s.\n' "$run" "$run" "$i" >> "$d.src/r$i.md"; done
       "$DOCENT" ingest "$d.src" --data "$d" --json > /dev/null 2>&1 & pid=$! ;;
  esac
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then pkill -9 -P "$pid" 2>/dev/null; kill -9 "$pid" 2>/dev/null; killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null
  runs=$((runs + 1))
  committed=$("$DOCENT" docs list --data "$d" --json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["documents"]))' 2>/dev/null || echo 0)
  check "$d" ""; [ $bad -eq 1 ] && { corrupt=$((corrupt + 1)); continue; }
  # Finish the interrupted work with a normal run; nothing committed before the kill may be missing after it.
  case $kind in
    0) "$DOCENT" ingest "$corpus" --data "$d" --json > /dev/null; check "$d" "$FILES" ;;
    1) for i in $(seq 1 40); do "$DOCENT" docs remove "$corpus/r$i.md" --data "$d" > /dev/null 2>&1; done; check "$d" $((FILES - 40)) ;;
    2) "$DOCENT" ingest "$d.src" --data "$d" --json > /dev/null; check "$d" "$FILES"
       hit=$("$DOCENT" search "changemark${run}x1" --data "$d" --json --top 1 | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(1 if r and "changemark" in json.dumps(r[0]) else 0)')
       [ "$hit" = 1 ] || { echo "  lost: the changed text of r1.md is not searchable after run $run"; lost=$((lost + 1)); } ;;
  esac
  [ $bad -eq 1 ] && corrupt=$((corrupt + 1))
  echo "run $run kind $kind killed after ${delay}s: $committed documents committed; checked"
  rm -rf "$d" "$d.src"
done
echo "crash campaign: $runs runs, $killed killed mid-work, $corrupt corrupt stores, $lost lost documents or chunks"
[ $corrupt -eq 0 ] && [ $lost -eq 0 ]
