#!/usr/bin/env bash
# Retakes the README's screenshots (docs/images/*.png): starts the whole system with its dashboard, makes a few
# identities and photographs the dashboard, the identities list, an edit form and the data browser.
# Needs what the browser tests need (README, "Prerequisites"): Chromium at /usr/bin/chromium, Java, Node.js.
set -euo pipefail
cd "$(dirname "$0")/.."
export IDENTITYE2E_SCREENSHOTS="$PWD/docs/images"
dotnet test --project IdentityE2E.Tests -- --filter-class "*ScreenshotTests"
ls -l docs/images/*.png
