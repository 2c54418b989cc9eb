#!/usr/bin/env bash
# Runs two watchwise binaries on the same inputs and compares every output byte for
# byte: check in every format and both languages (example policies, generated
# policies with every pack active, broken files), report, diff, rules, init, and the
# diagnostics on standard error. Used to show that a refactoring changed nothing.
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [N_GENERATED]
#
# Prints the cases that differ and exits 1 if any does. The JSON Schema is compared
# too but reported apart (descriptions may be added to it).
set -uo pipefail
old=$(realpath "$1"); new=$(realpath "$2"); n=${3:-200}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$root"

cargo run --quiet --example generate --features testgen -- "$work/gen" "$n"
mkdir -p "$work/bad"
# Broken files, made deterministically from the examples: a line dropped, a key
# misspelt, a value out of a vocabulary, a wrong type, a tab, a duplicate key.
python3 - "$work/bad" policies/*.yaml <<'PY'
import sys, os, random
out = sys.argv[1]
for path in sys.argv[2:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    base = os.path.basename(path)[:-5]
    rng = random.Random(base)
    muts = []
    for k in range(12):
        l = list(lines)
        i = rng.randrange(len(l))
        kind = k % 6
        if kind == 0:
            del l[i]
        elif kind == 1:
            l[i] = l[i].replace("_", "", 1) if "_" in l[i] else l[i] + "x"
        elif kind == 2 and ":" in l[i]:
            a, _, b = l[i].partition(":")
            l[i] = a + ": [bogus_value]" if b.strip() else l[i] + " oops"
        elif kind == 3 and ":" in l[i]:
            a, _, b = l[i].partition(":")
            l[i] = a + ": -3"
        elif kind == 4:
            l[i] = "\t" + l[i]
        else:
            l.insert(i, l[i])
        muts.append(l)
    for k, l in enumerate(muts):
        open(os.path.join(out, f"{base}-{k:02}.yaml"), "w", encoding="utf-8").write("\n".join(l))
PY
cp tests/fuzz/* "$work/bad/" 2>/dev/null

all_j=""
for j in eu uk de fr it es us-ny us-ct us-de us-il us-ca cn; do all_j="$all_j --jurisdiction $j"; done
formats="table json sarif junit github csv markdown html"

cases=()
add() { cases+=("$*"); }
for lang in en zh; do
  for f in $formats; do
    add --lang $lang check --fail-on never --format $f policies/
    add --lang $lang check --fail-on never --format $f $all_j "$work/gen/"
    add --lang $lang check --fail-on never --format $f "$work/bad/"
  done
  add --lang $lang check --color always policies/
  add --lang $lang check --color always $all_j "$work/gen/"
  for p in policies/*.yaml; do
    add --lang $lang check --fail-on never --format json "$p"
    add --lang $lang check "$p"
    add --lang $lang report "$p"
    add --lang $lang report --format markdown "$p"
    add --lang $lang report $all_j "$p"
  done
  for p in "$work"/bad/*; do add --lang $lang check "$p"; done
  add --lang $lang diff policies/open-office-cameras.yaml policies/loading-bay-safety-cameras.yaml
  add --lang $lang diff --format json policies/retail-store-cctv.yaml policies/covert-stockroom-investigation.yaml
  add --lang $lang diff --format markdown policies/email-dlp.yaml policies/fleet-telematics-and-email.yaml
  add --lang $lang rules list
  add --lang $lang rules list --format json
  add --lang $lang rules doc
  add --lang $lang rules show PRV-001
  add --lang $lang rules show CN-003
  add --lang $lang rules lint
  add --lang $lang rules test
  add --lang $lang rules lint examples/custom-pack/rules
  add --lang $lang check --rules examples/custom-pack/rules --format json examples/custom-pack/policy.yaml
  add --lang $lang init
done

export WATCHWISE_TODAY=2026-12-01 NO_COLOR= COLUMNS=80
fails=0; i=0
for c in "${cases[@]}"; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  (cd "$root" && "$old" $c >"$work/o.out" 2>"$work/o.err"; echo $? >"$work/o.rc")
  # shellcheck disable=SC2086
  (cd "$root" && "$new" $c >"$work/n.out" 2>"$work/n.err"; echo $? >"$work/n.rc")
  for s in out err rc; do
    if ! cmp -s "$work/o.$s" "$work/n.$s"; then
      echo "DIFFERS ($s): watchwise ${c//$work/WORK}"
      fails=$((fails + 1))
      break
    fi
  done
done
"$old" schema >"$work/o.schema"; "$new" schema >"$work/n.schema"
cmp -s "$work/o.schema" "$work/n.schema" && echo "schema: identical" || echo "schema: differs (descriptions may be added)"
echo "$i cases compared, $fails differ"
[ "$fails" -eq 0 ]
