#!/usr/bin/env bash
# Installs what the e2e tests drive: Chromium, Firefox ESR, certutil (libnss3-tools) and ip
# (iproute2: the test sites' network namespace), from Debian's own packages. Idempotent: when all
# are present it only says so and exits.
# Runs apt-get as root, or through sudo when not root.
set -euo pipefail

packages=(chromium firefox-esr libnss3-tools iproute2)
missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "System dependencies present: ${packages[*]}"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "Missing ${missing[*]}; run this script as root (sudo is not available)." >&2
  exit 1
fi

echo "Installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
