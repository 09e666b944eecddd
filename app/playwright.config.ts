// The browser tests (app/e2e): Playwright driving Debian's Chromium, headless, against the
// local network and the built app that each test starts (`lrt-localnet`). Run them with
// app/e2e/run.sh (or `cargo xtask test`, which runs it last).
import { defineConfig } from '@playwright/test';

/** Chromium's flags on these machines: no sandbox (root), no GPU, nothing fetched behind
 * the test's back (the network here refuses outside connections). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './e2e',
  outputDir: './e2e/artifacts/test-results',
  globalSetup: './e2e/global-setup.ts',
  // each test starts its own network: one at a time on two cores
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: 'e2e/artifacts/report.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    // Playwright gives every context a fresh profile (--user-data-dir in a temp folder)
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    viewport: { width: 1280, height: 900 },
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
