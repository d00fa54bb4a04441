#!/usr/bin/env bash
# The background FEFF10 batch of issue 24: every 3d absorber, a few sites at a time, round-robin, so
# each element's data grows together and a session end loses at most the sites in flight.
#   usage: scripts/feff-3d-batch.sh            (stop: touch .cache/feff-stop, or $STOP; run again to resume)
#   env:   ELEMENTS="Mn Ti …"  LIMIT=6  PROCESSES=2  XASINV_FEFF=<folder of the FEFF10 modules>  PRESET=scf-lite
#          DRY_RUN=1: plan only, once per element (rewrites each PROVENANCE.md over the whole plan), then stop
# Two drivers with PROCESSES=1 on disjoint ELEMENTS keep both cores busy (one driver with 2 processes
# idles a core while the last site of each call finishes).
# Sources, in order: the benchmark's reference phases, the curated structures of ../shared/data, then
# the Materials Project POSCARs of pairs/cu-k-feff-crystals (not for Cu: they are its training set).
# Every call names all sources, so each data folder's PROVENANCE.md always describes the whole plan.
set -u
cd "$(dirname "$0")/.."
BIN=${XASINV_FEFF:-/work/feff10-build/bin/Seq}
ELEMENTS=${ELEMENTS:-"Mn Ti Ni Cr V Co Zn Cu Fe"}
LIMIT=${LIMIT:-6}
PROCESSES=${PROCESSES:-2}
PRESET=${PRESET:-scf-lite}
DATA=${DATA:-../shared/data}
STOP=${STOP:-.cache/feff-stop}
mkdir -p .cache
# AMCSD CIFs of `el` whose formula has at most one other element (python3's csv reads the index).
binary_cifs() {
  python3 - "$1" "$DATA/structures/amcsd" <<'PY' 2>/dev/null || true
import csv, os, re, sys
el, root = sys.argv[1], sys.argv[2]
for r in csv.DictReader(open(os.path.join(root, 'index.csv'))):
    els = set(re.findall(r'[A-Z][a-z]?', r['chemical_formula_sum']))
    if el in els and len(els) <= 2:
        print(os.path.join(root, 'cif', r['file']))
PY
}
while [ ! -e "$STOP" ]; do
  progressed=0
  for el in $ELEMENTS; do
    [ -e "$STOP" ] && break
    lower=$(echo "$el" | tr 'A-Z' 'a-z')
    # Binary compounds first (the phases users measure as references: anatase, rutile, pyrolusite,
    # sphalerite, tenorite …), from the AMCSD index; then everything else in source order.
    mapfile -t binaries < <(binary_cifs "$el")
    sources=(data/structures/reference-phases "${binaries[@]}" "$DATA/structures")
    # Ti: the pyFitIt molecules of the measured benchmark's Ti compounds come first.
    [ "$el" = Ti ] && sources=("$DATA/experimental/pyfitit/EXAFS/xyz/Ti2Cl8EB2.xyz" "$DATA/experimental/pyfitit/EXAFS/xyz/TiCl4THF2.xyz" "$DATA/experimental/pyfitit/EXAFS/xyz/bTiCl3.xyz" "${sources[@]}")
    [ "$el" != Cu ] && sources+=("$DATA/pairs/cu-k-feff-crystals/materials")
    before=$(wc -l < "data/feff-$lower-crystals/records.jsonl" 2>/dev/null || echo 0)
    echo "== $(date -u +%FT%TZ) $el: $before records"
    if [ -n "${DRY_RUN:-}" ]; then
      npx tsx scripts/feff-batch.ts "${sources[@]}" --data "$DATA" --out "data/feff-$lower-crystals" --absorber "$el" --preset "$PRESET" --dry-run | tail -n 1
      continue
    fi
    npx tsx scripts/feff-batch.ts "${sources[@]}" --data "$DATA" --out "data/feff-$lower-crystals" \
      --absorber "$el" --preset "$PRESET" --processes "$PROCESSES" --feff-bin "$BIN" --limit "$LIMIT"
    after=$(wc -l < "data/feff-$lower-crystals/records.jsonl" 2>/dev/null || echo 0)
    [ "$after" -gt "$before" ] && progressed=1
  done
  [ -n "${DRY_RUN:-}" ] && break
  [ "$progressed" = 0 ] && { echo "== every planned site is recorded"; break; }
done
