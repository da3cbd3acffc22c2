#!/usr/bin/env bash
# scripts/check-layers on tiny fake trees: it must pass a tree that follows its src/LAYERS
# and fail, one line per forbidden include, on one that does not; and refuse a graph with
# a cycle. The `style.layering` test runs the same script on the real tree.
set -uo pipefail
check="$(cd "$(dirname "$0")/../.." && pwd)/scripts/check-layers"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# A fresh tree: core, net, two capabilities (discover builds on scan), one app.
new_tree() {
  rm -rf "$work/t"
  mkdir -p "$work/t/src"/{core,net,scan,discover,serve,cli}
  cat >"$work/t/src/LAYERS" <<'GRAPH'
base        core
base        net       core
capability  scan      net
capability  discover  net scan   # discovery builds on scan
capability  serve     net
app         cli       capabilities
GRAPH
  printf '#pragma once\n' >"$work/t/src/core/error.h"
  printf '#pragma once\n#include "core/error.h"\n' >"$work/t/src/net/address.h"
  printf '#pragma once\n#include "net/address.h"\n' >"$work/t/src/scan/port_spec.h"
  printf '#include "scan/port_spec.h"\n#include "core/error.h"\n#include <vector>\n' >"$work/t/src/discover/probe.cpp"
  printf '#include "net/address.h"\n#include "fmt/format.h"\n#include "local.h"\n' >"$work/t/src/serve/serve.cpp"
  printf '#pragma once\n' >"$work/t/src/serve/local.h"
  printf '#include "discover/probe.h"\n#include "serve/local.h"\n#include "core/error.h"\n' >"$work/t/src/cli/main.cpp"
}

# run <expected status> <name>: runs the check on the tree, keeps its stderr in $err.
run() {
  local expected=$1 name=$2 status
  err=$("$check" "$work/t" 2>&1 >/dev/null)
  status=$?
  [ "$status" -eq "$expected" ] || fail "$name: exit $status, expected $expected; output: $err"
}

expect_line() {
  grep -qxF -- "$2" <<<"$err" || fail "$1: no line '$2' in: $err"
}

new_tree
run 0 "a tree that follows its graph"

new_tree
sed -i '1a #include "scan/port_spec.h"' "$work/t/src/net/address.h"
run 1 "net includes scan"
expect_line "net includes scan" \
  'src/net/address.h:2: net -> scan (#include "scan/port_spec.h"); net may use core'

new_tree
printf '#include "serve/local.h"\n#include "discover/probe.h"\n' >>"$work/t/src/scan/port_spec.h"
run 1 "a capability includes two others"
expect_line "scan includes serve" \
  'src/scan/port_spec.h:3: scan -> serve (#include "serve/local.h"); scan may use core, net'
expect_line "scan includes discover (against the declared arrow)" \
  'src/scan/port_spec.h:4: scan -> discover (#include "discover/probe.h"); scan may use core, net'
[ "$(grep -c ' -> ' <<<"$err")" -eq 2 ] || fail "two violations, not two lines: $err"

new_tree
printf '#include "../scan/port_spec.h"\n' >"$work/t/src/serve/relative.cpp"
run 1 "a relative include is the folder it reaches"
expect_line "relative include" \
  'src/serve/relative.cpp:1: serve -> scan (#include "../scan/port_spec.h"); serve may use core, net'

new_tree
printf '#include <cli/main.h>\n' >"$work/t/src/core/clock.cpp"
run 1 "an angle-bracket include of an app from core"
expect_line "angle include" \
  'src/core/clock.cpp:1: core -> cli (#include <cli/main.h>); core may use nothing'

new_tree
mkdir -p "$work/t/src/chat"
printf '#include "net/address.h"\n' >"$work/t/src/chat/room.cpp"
run 1 "a folder the graph does not declare"
expect_line "undeclared folder" 'src/chat/: folder not declared in src/LAYERS'

new_tree
sed -i '1a #include "scan/port_spec.h"' "$work/t/src/net/address.h"
printf 'allow src/net/address.h scan/port_spec.h  # moves down soon\n' >>"$work/t/src/LAYERS"
run 0 "a listed exception"
new_tree
printf 'allow src/net/address.h scan/port_spec.h  # moved already\n' >>"$work/t/src/LAYERS"
run 1 "an exception that matches nothing"
expect_line "stale exception" \
  'src/LAYERS:7: exception `allow src/net/address.h scan/port_spec.h` matches no forbidden include any more; remove it'

new_tree
sed -i 's/^base        net       core$/base        net       core scan/' "$work/t/src/LAYERS"
run 2 "a cycle in the graph (net uses scan, which uses net)"
grep -q 'src/LAYERS:2: net uses scan, which is not declared on an earlier line' <<<"$err" \
  || fail "cycle: message does not name the line: $err"

new_tree
printf 'capability  chat  net cli\n' >>"$work/t/src/LAYERS"
mkdir -p "$work/t/src/chat"
run 2 "a capability that uses an app"

if [ "$failures" -ne 0 ]; then
  echo "test_check_layers: $failures failure(s)" >&2
  exit 1
fi
echo "test_check_layers: all cases behave"
