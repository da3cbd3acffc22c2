#!/usr/bin/env bash
# 2,000 TCP clients connected at the same time to one `sockscope serve`, each checked
# for its own upper-case reply (Python asyncio client, inside a private namespace).
source "$(dirname "$0")/lib.sh"
peers="$SOCKSCOPE_SRC/tests/integration/peers"

ns=$(make_ns a)
ulimit -n 16384 2>/dev/null || ulimit -n "$(ulimit -Hn)"

for threads in 1 2; do
  start_bg "$ns" "$WORK/serve$threads.out" "$SOCKSCOPE" serve --port 0 --quiet --threads "$threads"
  wait_for_file_line "$WORK/serve$threads.out" '^serverPort: ' 5
  port=$(server_port "$WORK/serve$threads.out")
  out=$(in_ns "$ns" python3 "$peers/many_clients.py" 127.0.0.1 "$port" 2000 60); rc=$?
  check_eq "2000 concurrent clients, --threads $threads" "2000 of 2000 clients got their upper-case reply" "$out"
  check_eq "2000 concurrent clients, --threads $threads: exit 0" 0 "$rc"
  kill "$LAST_PID"; wait "$LAST_PID" 2>/dev/null
done

finish
