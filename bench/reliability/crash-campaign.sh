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
elapsed() { local t0 rc; t0=$(date +%s.%N); "$@" > /dev/null 2>&1; rc=$?; python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$t0" "$(date +%s.%N)"; return $rc; }
remove40() { for i in $(seq 1 40); do "$DOCENT" docs remove "$corpus/r$i.md" --data "$1" > /dev/null 2>&1; done; }
changed() { # copies the corpus to $1.src, ingests it into $1, then changes a third of the files
  mkdir -p "$1.src"; cp "$corpus"/*.md "$1.src/"; "$DOCENT" ingest "$1.src" --data "$1" --json > /dev/null
  for i in $(seq 1 3 "$FILES"); do printf '\nChanged in run %s: changemark%sx%s.\n' "$2" "$2" "$i" >> "$1.src/r$i.md"; done
}
# How long each kind of work takes when left alone: each kill lands at a uniform moment inside it.
ingest_s=$(elapsed "$DOCENT" ingest "$corpus" --data "$work/full" --json) || { echo "FAIL: seeding ingest"; exit 1; }
cp -r "$work/full" "$work/probe"; remove_s=$(elapsed remove40 "$work/probe"); rm -rf "$work/probe"
changed "$work/probe" 0; changed_s=$(elapsed "$DOCENT" ingest "$work/probe.src" --data "$work/probe" --json); rm -rf "$work/probe" "$work/probe.src"
echo "left alone: ingest of $FILES files ${ingest_s}s, 40 removals ${remove_s}s, changed-file ingest ${changed_s}s"
runs=0; corrupt=0; lost=0; killed=0
check() { # data folder, expected minimum of documents ("" = any); prints problems, sets bad
  local d=$1 expect=$2 stats docs chunks indexed
  bad=0
  if [ "$(sqlite3 "$d/docent.db" 'PRAGMA integrity_check;' 2>&1)" != ok ]; then echo "  corrupt: integrity_check failed in $d"; bad=1; return; fi
  stats=$("$DOCENT" stats --data "$d" --json 2>&1) || { echo "  corrupt: stats failed: $stats"; bad=1; return; }
  read -r docs chunks indexed < <(printf '%s' "$stats" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["documents"], j["chunks"], j["indexedChunks"])')
  if [ "$chunks" != "$indexed" ]; then echo "  lost: $indexed of $chunks chunks indexed"; lost=$((lost + (chunks > indexed ? chunks - indexed : indexed - chunks))); fi
  if [ -n "$expect" ] && [ "$docs" -lt "$expect" ]; then echo "  lost: $docs documents, expected $expect"; lost=$((lost + expect - docs)); fi
}
for run in $(seq 1 "$RUNS"); do
  kind=$((run % 3)); d="$work/run$run"
  case $kind in
    0) # ingest into an empty folder
       span=$ingest_s; "$DOCENT" ingest "$corpus" --data "$d" --json > /dev/null 2>&1 & pid=$! ;;
    1) # remove documents one after another
       span=$remove_s; cp -r "$work/full" "$d"; remove40 "$d" & pid=$! ;;
    2) # re-ingest after a third of the files changed (the folder was ingested from the same paths first)
       span=$changed_s; changed "$d" "$run"; "$DOCENT" ingest "$d.src" --data "$d" --json > /dev/null 2>&1 & pid=$! ;;
  esac
  delay=$(python3 -c "import random,sys; print(round(random.uniform(0.05, 0.95) * float(sys.argv[1]), 2))" "$span")
  sleep "$delay"
  state="finished before the kill"
  if kill -0 "$pid" 2>/dev/null; then
    # Freeze the job first, so a removal loop cannot start its next docent between the two kills.
    kill -STOP "$pid" 2>/dev/null; pkill -9 -P "$pid" 2>/dev/null; kill -9 "$pid" 2>/dev/null; kill -CONT "$pid" 2>/dev/null
    killed=$((killed + 1)); state="killed"
  fi
  wait "$pid" 2>/dev/null
  runs=$((runs + 1))
  committed=$("$DOCENT" docs list --data "$d" --json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["documents"]))' 2>/dev/null || echo 0)
  check "$d" ""; [ $bad -eq 1 ] && { corrupt=$((corrupt + 1)); continue; }
  # Finish the interrupted work with a normal run; nothing committed before the kill may be missing after it.
  case $kind in
    0) "$DOCENT" ingest "$corpus" --data "$d" --json > /dev/null; check "$d" "$FILES" ;;
    1) remove40 "$d"; check "$d" $((FILES - 40)) ;;
    2) "$DOCENT" ingest "$d.src" --data "$d" --json > /dev/null; check "$d" "$FILES"
       hit=$("$DOCENT" search "changemark${run}x1" --data "$d" --json --top 1 | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(1 if r and "changemark" in json.dumps(r[0]) else 0)')
       [ "$hit" = 1 ] || { echo "  lost: the changed text of r1.md is not searchable after run $run"; lost=$((lost + 1)); } ;;
  esac
  [ $bad -eq 1 ] && corrupt=$((corrupt + 1))
  echo "run $run kind $kind at ${delay}s of ${span}s: $state, $committed documents committed before the finishing run; checked"
  rm -rf "$d" "$d.src"
done
echo "crash campaign: $runs runs, $killed killed mid-work, $corrupt corrupt stores, $lost lost documents or chunks"
[ $corrupt -eq 0 ] && [ $lost -eq 0 ]
