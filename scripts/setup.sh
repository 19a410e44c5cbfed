#!/usr/bin/env bash
# One-time set-up of a checkout: system packages, npm dependencies (Electron's binary is skipped
# where it cannot be downloaded), and the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}" npm ci --no-audit --no-fund
npm run build
