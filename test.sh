#!/usr/bin/env bash
# Runs every test of SmsCallback. Installs what the tests need first (Debian packages, the .NET tools of dotnet-tools.json),
# so a fresh Debian 12 machine with the .NET 10 SDK needs nothing else.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use (real peers: a pseudo-terminal pair for the serial port, Kannel for carriers, Prometheus for metrics;
# espeak-ng and sox record the IVR prompts; Chromium and a font run the website's browser tests).
PACKAGES=(kannel kannel-extras socat prometheus espeak-ng sox chromium fonts-dejavu-core)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # The tests start their own Kannel boxes on free loopback ports: keep the package from starting its system service.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
  [ -z "$policy" ] || $SUDO rm -f "$policy"
fi

dotnet tool restore >/dev/null

# Formatting and naming as .editorconfig describes them; `dotnet format SmsCallback.sln` fixes what it reports.
if ! dotnet format SmsCallback.sln --verify-no-changes; then
  echo "The code does not match .editorconfig: run 'dotnet format SmsCallback.sln' and look at the diff." >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test SmsCallback.sln "$@" 2>&1 | tee "$log" || status=$?

# One closing line for all test assemblies: "N passed, N failed, N skipped".
awk '/(Passed|Failed|Skipped)! +- +Failed: /{
  gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
