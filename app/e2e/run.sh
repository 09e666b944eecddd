#!/bin/sh
# The browser tests: Playwright with Debian's Chromium, headless, against the local
# network and the built app (each test starts `lrt-localnet`, which serves app/dist).
#
#   app/e2e/run.sh [playwright test arguments, e.g. -g deposit]
#
# Needs: /usr/bin/chromium (or CHROMIUM_BIN), `cargo build -p lrt-localnet -p lrt-cli`
# (or LRT_LOCALNET_BIN and LRT_BIN), app/dist (`npm run build -w app`) and
# @playwright/test installed. LRT_APP_DIR serves another build of the app instead.
# Screenshots, timings.json and the report go to app/e2e/artifacts/.
set -eu
cd "$(dirname "$0")/.."
exec npx --no-install playwright test --config playwright.config.ts "$@"
