#!/usr/bin/env bash
# differ.sh CT BUTANE [CASE...] - every input of the corpus (or the cases named) through ours and through the real
# tool it must equal: a Container Linux Config through ct (its Ignition 2.3.0 output, beside ours with --spec 2.3.0),
# a Butane file (one with "variant:") through Butane (beside ours with the default spec, which Butane's variant
# decides). Prints one line a case (same, differs, or what failed where), the JSON difference of the first cases
# that differ, and a last line "cases=N same=S differ=D ours-failed=O oracle-failed=R".
# The oracles are built from their sources on the developer's machine (never in CI): see oracle/README.md.
set -uo pipefail
export LC_ALL=C
[ $# -ge 2 ] || { echo "usage: differ.sh CT BUTANE [CASE...]" >&2; exit 2; }
CT=$1; BUTANE=$2; shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
CORPUS=$HERE/../src/test/resources/corpus
JAR=$HERE/../target/ignition-transpiler.jar
# built now: a jar older than the sources would be compared without anyone noticing
(cd "$HERE/.." && mvn -B -q -o package -DskipTests) || { echo "differ.sh: the transpiler does not build" >&2; exit 2; }
command -v jq >/dev/null || { echo "differ.sh needs jq" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
SHOW=${SHOW:-5}
cases=0 same=0 differ=0 ours_failed=0 oracle_failed=0 shown=0
inputs=("$@"); [ ${#inputs[@]} -gt 0 ] || inputs=("$CORPUS"/good/*.yaml "$CORPUS"/bad/*.yaml)
for input in "${inputs[@]}"; do
  name=$(basename "$(dirname "$input")")/$(basename "$input" .yaml)
  cases=$((cases + 1))
  files=$(dirname "$input")
  if grep -q '^variant:' "$input"; then
    oracle=(butane --files-dir "$files"); "$BUTANE" --files-dir "$files" < "$input" > "$WORK/oracle.json" 2> "$WORK/oracle.err"; orc=$?
    java -jar "$JAR" --files-dir "$files" "$input" > "$WORK/ours.json" 2> "$WORK/ours.err"; our=$?
  else
    oracle=(ct); "$CT" -files-dir "$files" -in-file "$input" > "$WORK/oracle.json" 2> "$WORK/oracle.err"; orc=$?
    java -jar "$JAR" --spec 2.3.0 --files-dir "$files" "$input" > "$WORK/ours.json" 2> "$WORK/ours.err"; our=$?
  fi
  if [ $orc -ne 0 ] && [ $our -ne 0 ]; then
    echo "same (both refuse) $name"; same=$((same + 1)); continue
  fi
  if [ $orc -ne 0 ]; then
    echo "oracle-refuses $name: $(head -c 300 "$WORK/oracle.err" | tr '\n' ' ')"; oracle_failed=$((oracle_failed + 1)); continue
  fi
  if [ $our -ne 0 ]; then
    echo "ours-refuses $name: $(head -c 300 "$WORK/ours.err" | tr '\n' ' ')"; ours_failed=$((ours_failed + 1)); continue
  fi
  if cmp -s <(jq -S . "$WORK/oracle.json") <(jq -S . "$WORK/ours.json"); then
    echo "same $name"; same=$((same + 1))
  else
    echo "differs $name (${oracle[0]})"; differ=$((differ + 1))
    if [ $shown -lt "$SHOW" ]; then
      diff <(jq -S . "$WORK/oracle.json") <(jq -S . "$WORK/ours.json") | head -20 | sed 's/^/    /'
      shown=$((shown + 1))
    fi
  fi
done
echo "cases=$cases same=$same differ=$differ ours-failed=$ours_failed oracle-failed=$oracle_failed"
