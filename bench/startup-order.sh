#!/usr/bin/env bash
# Makes src-tauri/startup-order.txt: the functions of the release app that run from its start
# through unlocking 200 accounts and a few searches, which build.rs lays out first in the binary
# (LLD's --symbol-ordering-file; docs/performance.md, "Startup code together").
#
# How: the release app built with its symbols (its own target dir, so the usual build is left
# alone; a full release build), run under valgrind's callgrind in Xvfb and driven with xdotool;
# every function callgrind saw run that is a symbol of the binary goes into the list, in the
# order the linker had them. Run it when the package phase of `cargo xtask test` says the list
# is stale (a version or dependency change of lockstep-app or lockstep-core changes the hashes
# in its names), after a Rust toolchain update, or when the app's startup changed a lot;
# `cargo xtask bench-app after-use` shows the effect.
#
# Needs: valgrind, xdotool, Xvfb, dbus-run-session (Debian: valgrind xdotool xvfb dbus).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
for tool in valgrind callgrind_control xdotool Xvfb dbus-run-session nm; do
  command -v "$tool" >/dev/null || { echo "startup-order: $tool is missing" >&2; exit 1; }
done

# APP and CLI: an app binary with its symbols and a CLI already built (skips the build).
if [ -n "${APP:-}" ] && [ -n "${CLI:-}" ]; then
  app=$APP
  cli=$CLI
else
  target=$root/target/startup-order
  (cd ui && npm run build >/dev/null)
  CARGO_PROFILE_RELEASE_STRIP=false cargo build --release -p lockstep-app -p lockstep-cli --target-dir "$target"
  app=$target/release/lockstep-app
  cli=$target/release/lockstep
fi

work=$(mktemp -d)
display=:$((90 + RANDOM % 100))
cleanup() {
  pkill -f "callgrind-out-file=$work" 2>/dev/null || true
  # The session bus ends with the app, and the portals it started with it (the document
  # portal's FUSE mount is under $XDG_CACHE_HOME/doc without XDG_RUNTIME_DIR).
  [ -n "${session:-}" ] && wait "$session" 2>/dev/null || true
  sleep 1
  fusermount -u "$work/cache/doc" 2>/dev/null || true
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || echo "startup-order: left $work behind" >&2
}
trap cleanup EXIT

# 200 accounts, as the bench has them (tests/tests/bench.rs, app_with_accounts).
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache XDG_DATA_HOME=$work/data
export LOCKSTEP_VAULT=$work/vault.lockstep LOCKSTEP_SETTINGS=$work/settings.json
password=startup-order-$RANDOM-pass
python3 - >"$work/links.txt" <<'EOF'
letter = lambda k: chr(65 + k % 26)
for i in range(200):
    print(f"otpauth://totp/Service{i:04}:user{i}@example.com?secret=JBSWY3DPEHPK"
          f"{letter(i)}{letter(i // 26)}{letter(i // 676)}A&issuer=Service{i:04}")
EOF
LOCKSTEP_PASSWORD=$password "$cli" init >/dev/null
LOCKSTEP_PASSWORD=$password "$cli" import "$work/links.txt" >/dev/null
echo '{"auto_lock_minutes": 0}' >"$LOCKSTEP_SETTINGS"

Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display
sleep 1
dbus-run-session -- valgrind --tool=callgrind --demangle=no \
  --callgrind-out-file="$work/callgrind.out" "$app" >"$work/app.log" 2>&1 &
session=$!
window=
for _ in $(seq 1 180); do
  window=$(xdotool search --name Lockstep 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  sleep 1
done
[ -n "$window" ] || { echo "startup-order: the window did not come up" >&2; tail "$work/app.log" >&2; exit 1; }
sleep 25
xdotool windowactivate --sync "$window" 2>/dev/null || true
xdotool type --delay 150 "$password"
xdotool key Return
sleep 40
for q in serv user1 0042 ple Service00 x9; do
  xdotool type --delay 150 "$q"
  sleep 3
  xdotool key ctrl+a BackSpace
  sleep 2
done
sleep 10
callgrind_control -d >/dev/null 2>&1
sleep 5

out=$root/src-tauri/startup-order.txt
{
  echo "# The release app's startup code, laid out first (build.rs, startup_order). Made by"
  echo "# bench/startup-order.sh: the functions of lockstep-app that ran under callgrind from the start"
  echo "# through unlocking 200 accounts and searching, in the order the linker had them."
  cat "$work"/callgrind.out* | sed -n 's/^c\{0,1\}fn=([0-9]*) //p' | sort -u >"$work/ran.txt"
  nm -n --defined-only "$app" | awk 'NR == FNR { ran[$0] = 1; next } ($3 in ran) && !seen[$3]++ { print $3 }' "$work/ran.txt" -
} >"$out"
echo "startup-order: $(grep -vc '^#' "$out") functions in $out"
