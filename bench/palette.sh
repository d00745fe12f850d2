#!/usr/bin/env bash
# The quick pick's cost while closed (docs/performance.md, "Quick pick"): PSS of the app and its
# WebKit processes and their idle CPU, measured as bench/desktop.sh does (200 TOTP accounts
# opened through "remember this device", window in front, auto-lock off): before any pick, with
# the palette open, and after ten picks opened with `lockstep-app --pick` and closed with Esc
# (idle CPU over IDLE_SECONDS, default 60, before and after).
# BASE, if given, is another build of the app measured the same way without picks (e.g. the
# build before the palette).
#
# Self-contained: run it inside a private D-Bus session, e.g.
#   APP=target/debug/lockstep-app CLI=target/debug/lockstep dbus-run-session -- bash bench/palette.sh
# It starts its own Xvfb (DISPLAY :${XDISPLAY:-77}) and a throw-away gnome-keyring.
set -euo pipefail
: "${APP:?}" "${CLI:?}"
SETTLE_SECONDS=${SETTLE_SECONDS:-15}
IDLE_SECONDS=${IDLE_SECONDS:-60}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY=:${XDISPLAY:-77}
Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
mkdir -p "$work/run" "$work/data" && chmod 700 "$work/run"
export XDG_RUNTIME_DIR=$work/run
while IFS= read -r line; do export "$line"; done < <(printf 'bench' |
  XDG_DATA_HOME=$work/data gnome-keyring-daemon --unlock --components=secrets)
sleep 1
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

tree() {
  local pids=$1 p
  for p in $(cat /proc/"$1"/task/*/children 2>/dev/null); do pids="$pids $(tree "$p")"; done
  echo "$pids"
}
pss_mib() {
  local total=0 p v
  for p in $(tree "$1"); do
    v=$(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  python3 -c "print(round($total / 1024, 1))"
}
by_process() { # "name=MiB ..." for each process of the tree
  local p out=
  for p in $(tree "$1"); do
    out="$out $(cat /proc/$p/comm 2>/dev/null)=$(awk '/^Pss:/ {printf "%.1f", $2 / 1024}' /proc/$p/smaps_rollup 2>/dev/null)"
  done
  echo "$out"
}
private_mib() { # memory no other process shares (Private_Clean + Private_Dirty): unlike PSS, it
  # does not move when other programs map the same libraries (other WebKit windows on the machine)
  local total=0 p v
  for p in $(tree "$1"); do
    v=$(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s + 0}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  python3 -c "print(round($total / 1024, 1))"
}
cpu_ticks() {
  local total=0 p v
  for p in $(tree "$1"); do
    v=$(awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo $total
}
idle_cpu() { # percent of one core over IDLE_SECONDS
  local t0 t1 hz
  hz=$(getconf CLK_TCK)
  t0=$(cpu_ticks "$1")
  sleep "$IDLE_SECONDS"
  t1=$(cpu_ticks "$1")
  python3 -c "print(round(100 * ($t1 - $t0) / $hz / $IDLE_SECONDS, 2))"
}

run() { # name binary picks
  local name=$1 bin=$2 picks=$3 pid
  unset WEBKIT_DISABLE_COMPOSITING_MODE JSC_useJIT JSC_largeHeapSize
  "$bin" >"$work/$name.log" 2>&1 &
  pid=$!
  sleep "$SETTLE_SECONDS"
  echo "$name: PSS before any pick $(pss_mib $pid) MiB, private $(private_mib $pid) MiB:$(by_process $pid)"
  echo "$name: idle CPU over ${IDLE_SECONDS} s before any pick: $(idle_cpu $pid) %"
  for i in $(seq "$picks"); do
    "$bin" --pick
    sleep 2
    [ "$i" = 1 ] && echo "$name: PSS with the palette open $(pss_mib $pid) MiB, private $(private_mib $pid) MiB"
    xdotool key Escape
    sleep 1
  done
  if [ "$picks" -gt 0 ]; then
    sleep "$SETTLE_SECONDS"
    echo "$name: PSS after $picks picks, palette closed $(pss_mib $pid) MiB, private $(private_mib $pid) MiB:$(by_process $pid)"
    echo "$name: idle CPU over ${IDLE_SECONDS} s after the picks: $(idle_cpu $pid) %"
    echo "$name: PSS a minute later $(pss_mib $pid) MiB, private $(private_mib $pid) MiB:$(by_process $pid)"
  fi
  kill $pid
  wait $pid 2>/dev/null || true
}

if [ -n "${BASE:-}" ]; then run base "$BASE" 0; fi
run app "$APP" 10
