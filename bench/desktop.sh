#!/usr/bin/env bash
# Desktop app measurements (docs/performance.md, "Desktop app"): idle CPU over 60 s with 200
# accounts unlocked and the window shown, PSS of the app and its WebKit processes, the same PSS
# for a minimal Tauri hello-world window, release binary sizes.
#
# Run it through `cargo xtask bench-app`, which builds the binaries and provides Xvfb, a private
# D-Bus session and an unlocked gnome-keyring (the app unlocks through "remember this device").
# Env: APP, CLI, HELLO (binaries). Optional: IDLE_SECONDS (default 60), SETTLE_SECONDS (15),
# CALM_SECONDS (35: when the CPU minute starts, after the list's 30 s live window), APP_RUNS (3),
# APP_ONLY=1 (only the app in front and behind: no in-use, compositing or hello-world measures).
set -euo pipefail
: "${APP:?}" "${CLI:?}" "${HELLO:?}"
IDLE_SECONDS=${IDLE_SECONDS:-60}
SETTLE_SECONDS=${SETTLE_SECONDS:-15}
CALM_SECONDS=${CALM_SECONDS:-35}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export LOCKSTEP_VAULT=$work/vault.lockstep LOCKSTEP_SETTINGS=$work/settings.json
export XDG_CONFIG_HOME=$work/config LOCKSTEP_PASSWORD='bench password 123'
echo '{"auto_lock_minutes": 0}' > "$LOCKSTEP_SETTINGS"

"$CLI" init --json >/dev/null
python3 - "$work/links.txt" <<'PY'
import base64, random, sys
random.seed(7)
with open(sys.argv[1], "w") as f:
    for i in range(200):
        secret = base64.b32encode(random.randbytes(20)).decode().rstrip("=")
        f.write(f"otpauth://totp/Service{i:03}:user{i}@example.com?secret={secret}&issuer=Service{i:03}\n")
PY
"$CLI" import "$work/links.txt" >/dev/null
"$CLI" remember >/dev/null

# Every process of a tree (the app and the WebKit processes it spawns).
tree() {
  local pids=$1 p
  for p in $(cat /proc/"$1"/task/*/children 2>/dev/null); do pids="$pids $(tree "$p")"; done
  echo "$pids"
}
pss_kib() {
  local total=0 p v
  for p in $(tree "$1"); do
    v=$(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo $total
}
cpu_ticks() {
  local total=0 p v
  for p in $(tree "$1"); do
    v=$(awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo $total
}

threads() { # "process:thread-name:tid ticks" for every thread of the tree, sorted for join
  local p t
  for p in $(tree "$1"); do
    for t in /proc/"$p"/task/*; do
      awk -v n="$(cat /proc/$p/comm 2>/dev/null):$(cat $t/comm 2>/dev/null | tr ' ' _):${t##*/}" \
        '{print n, $14 + $15}' "$t/stat" 2>/dev/null || true # the thread may have ended
    done
  done | sort
}

# Without a window manager the window has the input focus (the list repaints every second).
# BLUR=1 gives the focus to the root window: the window is shown but behind, as when another
# program is in front (the list repaints every few seconds).
blur() {
  xdotool windowfocus "$(xwininfo -root | awk '/Window id/ {print $4}')"
}

# LIVE=1: someone at the window, the pointer moving over it every 5 s (the list stays live and
# repaints every second; with nobody at it, it calms down after 30 s, EntryList.svelte).
wiggle() {
  xdotool mousemove 200 300
  while sleep 5; do xdotool mousemove_relative -- 1 0 mousemove_relative -- -1 0; done
}

# PSS SETTLE_SECONDS after the start; the CPU minute from CALM_SECONDS after the start (the window
# coming up counts as input, and the list is live for 30 s after input), or at once with LIVE=1.
measure() { # name command... -> prints "name pss_kib procs cpu_percent"
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  local pid=$!
  sleep "$SETTLE_SECONDS"
  if [ -n "${BLUR:-}" ]; then blur; sleep 1; fi
  local wiggler=
  if [ -n "${LIVE:-}" ]; then wiggle & wiggler=$!; fi
  local procs pss t0 t1 hz=$(getconf CLK_TCK)
  procs=$(tree $pid | wc -w)
  pss=$(pss_kib $pid)
  if [ -z "${LIVE:-}" ] && [ "$CALM_SECONDS" -gt "$SETTLE_SECONDS" ]; then
    sleep $((CALM_SECONDS - SETTLE_SECONDS))
  fi
  threads $pid > "$work/$name.t0"
  t0=$(cpu_ticks $pid)
  sleep "$IDLE_SECONDS"
  t1=$(cpu_ticks $pid)
  threads $pid > "$work/$name.t1"
  if [ -n "$wiggler" ]; then kill "$wiggler"; wait "$wiggler" 2>/dev/null || true; fi
  # Where the idle time went: the busiest threads over the same window (to stderr).
  join "$work/$name.t0" "$work/$name.t1" | awk '{d = $3 - $2; if (d > 0) print "  " $1, d, "ticks"}' |
    sort -k2 -n -r | head -8 >&2
  kill $pid; wait $pid 2>/dev/null || true
  python3 -c "print('$name', $pss, $procs, round(100 * ($t1 - $t0) / $hz / $IDLE_SECONDS, 2))"
}

echo "# name pss_kib processes idle_cpu_percent_of_one_core (idle ${IDLE_SECONDS}s)"
# The app as shipped renders without WebKit's accelerated compositing and runs JavaScript without
# JIT (desktop.rs, prepare_webkit); LOCKSTEP_WEBKIT_COMPOSITING=1 keeps compositing, as WebKitGTK
# ships. hello-world as shipped (compositing through Mesa's software GL here, no GPU), with
# WEBKIT_DISABLE_COMPOSITING_MODE=1, and in the app's whole WebKit setup (also JSC_useJIT=0 and
# JSC_largeHeapSize=2097152).
unset WEBKIT_DISABLE_COMPOSITING_MODE LOCKSTEP_WEBKIT_COMPOSITING JSC_useJIT JSC_largeHeapSize
# Idle CPU varies from run to run (by a factor of up to 3 for the same binary), so the app is
# measured APP_RUNS times (default 3) in front and behind. In front, nobody touches it: the list
# is live (a repaint a second) for its first 30 s, calm after, when the CPU minute starts;
# LIVE=1 keeps someone at it.
for run in $(seq "${APP_RUNS:-3}"); do
  measure "app_$run" "$APP"
  BLUR=1 measure "app_behind_$run" "$APP"
done
if [ -n "${APP_ONLY:-}" ]; then
  stat -c '%n %s' "$APP"
  exit 0
fi
LIVE=1 measure app_in_use "$APP"
measure app_compositing env LOCKSTEP_WEBKIT_COMPOSITING=1 "$APP"
grep -q . "$work/app_1.log" && sed 's/^/  app log: /' "$work/app_1.log" | head -5 || true
measure hello "$HELLO"
measure hello_no_compositing env WEBKIT_DISABLE_COMPOSITING_MODE=1 "$HELLO"
measure hello_app_setup env WEBKIT_DISABLE_COMPOSITING_MODE=1 JSC_useJIT=0 JSC_largeHeapSize=2097152 "$HELLO"
# The floor for a window that changes once a second: hello-world with one number ticking.
measure hello_tick env HELLO_PAGE=tick.html "$HELLO"
measure hello_tick_no_compositing env HELLO_PAGE=tick.html WEBKIT_DISABLE_COMPOSITING_MODE=1 "$HELLO"
echo "# binary sizes (bytes)"
stat -c '%n %s' "$APP" "$CLI" "$HELLO"
