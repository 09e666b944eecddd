// The browser tests' fixtures: a fresh local network with the demo world and the app for
// each test (about a second to start), the chain as the test reads it, the test wallet
// registered in the page, and helpers for what every test does in the app (open a
// screen, connect, wait for a transaction, take a screenshot).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { test as base, expect, type Page } from '@playwright/test';

import { Chain, unitsIn } from './chain.ts';
import { repo, startAppNetwork, type AppNetwork } from './localnet.ts';
import { TestWallet, WALLET_NAME } from './wallet.ts';

/** Screenshots and measurements, under app/e2e/artifacts (gitignored). */
export const ARTIFACTS = join(repo, 'app/e2e/artifacts');

/** The demo key the test wallet holds: `wallet` (SOL, 100 of each LST, 100 wSOL). */
export const WALLET_KEY = 'wallet';

type Fixtures = {
  /** Whether the network must serve the app (false only for the harness's own tests). */
  requireApp: boolean;
  /** Milliseconds per slot of the network (100: confirmations come quickly). */
  slotTimeMs: number;
  net: AppNetwork;
  chain: Chain;
  wallet: TestWallet;
  app: App;
};

export const test = base.extend<Fixtures>({
  requireApp: [true, { option: true }],
  slotTimeMs: [100, { option: true }],
  net: async ({ requireApp, slotTimeMs }, use, testInfo) => {
    const net = await startAppNetwork({ requireApp, slotTimeMs });
    try {
      await use(net);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('lrt-localnet output', {
          body: net.output().slice(0, 200_000),
          contentType: 'text/plain',
        });
      }
      await net.stop();
    }
  },
  chain: async ({ net }, use) => {
    await use(new Chain(net));
  },
  wallet: async ({ net, context }, use) => {
    const wallet = new TestWallet(await net.signer(WALLET_KEY));
    await wallet.install(context);
    await use(wallet);
  },
  app: async ({ page, net, wallet }, use, testInfo) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
    await use(new App(page, net, wallet));
    if (errors.length > 0) {
      await testInfo.attach('browser errors', {
        body: errors.join('\n'),
        contentType: 'text/plain',
      });
    }
  },
});

export { expect };

/** The app's hash routes; the overview names its vault once one is known (`#/vault/<address>`). */
const ROUTES: Record<Screen, string> = {
  overview: '#/',
  deposit: '#/deposit',
  withdraw: '#/withdraw',
  operators: '#/operators',
  risk: '#/risk',
};
const ROUTE_PATTERNS: Record<Screen, RegExp> = {
  overview: /#\/(?:overview|vault\/\w+)?$/,
  deposit: /#\/deposit$/,
  withdraw: /#\/withdraw$/,
  operators: /#\/operators$/,
  risk: /#\/risk$/,
};

/** The app's screens, each reached by its hash route. */
export type Screen = 'overview' | 'deposit' | 'withdraw' | 'operators' | 'risk';

/** What a value looks like once loaded: a non-zero digit (not "—", "…" or "0"). */
export const LOADED = /[1-9]/;

export class App {
  constructor(
    readonly page: Page,
    readonly net: AppNetwork,
    readonly wallet: TestWallet,
  ) {}

  /** Loads the app on `screen` (a fresh page load with the network in the query). */
  async open(screen: Screen = 'overview'): Promise<void> {
    await this.page.goto(this.net.appUrl + ROUTES[screen]);
  }

  /** Moves to `screen` through the navigation, as a user does. */
  async go(screen: Screen): Promise<void> {
    await this.page.getByTestId(`nav-${screen}`).click();
    await expect(this.page).toHaveURL(ROUTE_PATTERNS[screen]);
  }

  /** Connects the test wallet from the wallet list; the app shows its address. */
  async connect(): Promise<void> {
    const shown = this.page.getByTestId('connected-address');
    if ((await shown.count()) > 0 && (await shown.innerText()).includes(this.wallet.address)) {
      return;
    }
    await this.page.getByTestId('connect').click();
    await this.page.getByTestId('wallet-option').filter({ hasText: WALLET_NAME }).click();
    await expect(this.page.getByTestId('connected-address')).toHaveText(
      shownAddress(this.wallet.address),
    );
  }

  /** Reloads the page (the app re-reads the chain) and connects again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.connect();
  }

  /** Chooses the deposit asset `symbol` (its option reads "dsSOL · 100"). */
  async chooseAsset(symbol: string): Promise<void> {
    const select = this.page.getByTestId('deposit-asset');
    const option = select.locator('option').filter({ hasText: new RegExp(`^\\s*${symbol}\\b`) });
    await expect(option).toHaveCount(1);
    await select.selectOption((await option.getAttribute('value')) ?? symbol);
  }

  /** Fills the deposit form and waits for the preview; returns the previewed LRT (base units). */
  async previewDeposit(symbol: string, amount: string): Promise<bigint> {
    await this.chooseAsset(symbol);
    await this.page.getByTestId('deposit-amount').fill(amount);
    const preview = this.page.getByTestId('deposit-preview-lrt');
    await expect(preview).toHaveText(LOADED);
    return unitsIn(await preview.innerText());
  }

  /** Waits for the transaction feedback to end; returns `confirmed` or `failed`. */
  async txOutcome(): Promise<string> {
    const stage = this.page.getByTestId('tx-stage');
    await expect(stage).toHaveText(/confirmed|failed/, { timeout: 60_000 });
    return (await stage.innerText()).trim();
  }

  /** A full-page screenshot under artifacts/, with a stable name. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  }

  text(testId: string): Promise<string> {
    return this.page.getByTestId(testId).first().innerText();
  }
}

/** The address as an app may show it: whole, or its ends around an ellipsis. */
export function shownAddress(address: string): RegExp {
  const head = address.slice(0, 4);
  const tail = address.slice(-4);
  return new RegExp(`${address}|${head}\\w*(?:…|\\.\\.\\.)\\w*${tail}`);
}

/** Adds `entries` to artifacts/timings.json (kept across the tests of a run). */
export function recordTimings(entries: Record<string, number | string>): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, 'timings.json');
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    // first entry of the run
  }
  writeFileSync(path, JSON.stringify({ ...current, ...entries }, null, 2) + '\n');
}
