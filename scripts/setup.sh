#!/usr/bin/env bash
# Quick start, step 1: everything Onlooker needs on a fresh Debian/Ubuntu machine, then the
# build. System packages (Chromium, Firefox ESR, certutil) come from Debian through apt-get
# (as root, or via sudo); npm packages from the lockfile; the builds land in .output/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
if [ -f package-lock.json ]; then npm ci; else npm install; fi
# Node 26 for the post-quantum test site only (tests/fixtures/pq-site.mjs says why it is apart).
npm ci --prefix tests/fixtures/pq-node
npm run build
echo
echo "Built: .output/chrome-mv3 (Chrome, Brave), .output/edge-mv3 (Edge), .output/firefox-mv3 (Firefox)."
echo "Next: npm test"
