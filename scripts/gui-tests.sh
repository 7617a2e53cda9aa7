#!/usr/bin/env bash
# Runs the GUI tests (*GuiIT) on a display: the current one, or a private Xvfb started here and stopped at the end.
# Screenshots go to target/screenshots/. Builds the jars first (they are what ImageJ loads).
set -euo pipefail
cd "$(dirname "$0")/.."
xvfb_pid=
if [ -z "${DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || bash scripts/install-prerequisites.sh
  for n in $(seq 90 110); do [ -e "/tmp/.X11-unix/X$n" ] || break; done
  Xvfb ":$n" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
  export DISPLAY=":$n"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
fi
mvn -B -q -DskipTests package
mvn -B failsafe:integration-test@gui failsafe:verify@gui
echo "screenshots: $(pwd)/target/screenshots/"
