#!/usr/bin/env bash
# regenerate.sh CT BUTANE - writes the corpus's expected outputs by running the real tools: for every good input, a
# Container Linux Config's <name>.v2.json from ct (the Ignition 2.3.0 it writes), a Butane file's <name>.json from
# Butane (not --strict: ours is not either, and its warnings are not compared). An input the oracle refuses keeps no oracle output and is listed. The oracles' versions go into
# corpus/ORACLES. Run on the developer's machine (see oracle/README.md); CI only reads what this writes.
set -euo pipefail
export LC_ALL=C
[ $# -eq 2 ] || { echo "usage: regenerate.sh CT BUTANE" >&2; exit 2; }
CT=$1; BUTANE=$2
HERE=$(cd "$(dirname "$0")" && pwd)
GOOD=$HERE/../src/test/resources/corpus/good
command -v jq >/dev/null || { echo "regenerate.sh needs jq" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
refused=()
written=0
for input in "$GOOD"/*.yaml; do
  name=$(basename "$input" .yaml)
  if grep -q '^variant:' "$input"; then
    out=$GOOD/$name.json; run=("$BUTANE" --files-dir "$GOOD")
  else
    out=$GOOD/$name.v2.json; run=("$CT" -files-dir "$GOOD")
  fi
  if "${run[@]}" < "$input" > "$WORK/out" 2> "$WORK/err"; then
    jq -S . "$WORK/out" > "$WORK/sorted" && mv "$WORK/sorted" "$out"; written=$((written + 1))
  else
    # an input the oracle refuses keeps no output of an older oracle either
    rm -f "$out"
    refused+=("$name: $(basename "${run[0]}") says: $(tr '\n' ' ' < "$WORK/err" | head -c 200)")
  fi
done
{
  echo "# The tools whose output the corpus's expected files are (oracle/regenerate.sh wrote them)"
  echo "ct $("$CT" -version | tr -d '\n') (coreos/container-linux-config-transpiler, built from source)"
  echo "butane $("$BUTANE" --version | tr -d '\n') (coreos/butane, built from source)"
  echo "# good inputs an oracle refuses (ours accepts them; see oracle/README.md)"
  for line in "${refused[@]}"; do echo "refused $line"; done
} > "$GOOD/../ORACLES"
echo "regenerate: $written outputs written, ${#refused[@]} inputs refused by their oracle (listed in corpus/ORACLES)"
