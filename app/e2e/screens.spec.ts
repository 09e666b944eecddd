// Every screen of the app in a real browser against the demo world: the overview renders
// the vault's numbers (as the chain has them) and the time it takes is measured; each
// screen is reachable from the navigation and screenshotted; the operators screen lists
// the demo's three operators; every screen fits a phone's width; the test wallet and the
// demo wallet connect, and the demo wallet is offered on the local network only.
import { decimal, unitsIn } from './chain.ts';
import { LOADED, expect, recordTimings, test, type Screen } from './fixtures.ts';
import { WALLET_NAME } from './wallet.ts';

test('the overview renders the vault, and the time from navigation is measured', async ({
  app,
  page,
  net,
  chain,
}) => {
  const started = performance.now();
  await app.open('overview');
  // checked every animation frame; the page's clock starts at navigation
  const inPage = await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="total-value"]');
      return el !== null && /[1-9]/.test(el.textContent ?? '') ? performance.now() : null;
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  const inPageMs = Math.round((await inPage.jsonValue()) as number);
  const wallMs = Math.round(performance.now() - started);
  const total = await app.text('total-value');
  console.log(
    `overview: total value ${total} SOL visible ${inPageMs} ms after navigation start ` +
      `(${wallMs} ms as the test saw it; the network started in ${Math.round(net.startedInMs)} ms)`,
  );
  recordTimings({
    overview_rendered_ms: inPageMs,
    overview_rendered_wall_ms: wallMs,
    localnet_started_ms: Math.round(net.startedInMs),
    measured_at: new Date().toISOString(),
  });

  await expect(page.getByTestId('overview')).toBeVisible();
  await expect(page.getByTestId('share-price')).toHaveText(LOADED);
  await expect(page.getByTestId('price-chart')).toBeVisible();
  await expect(page.getByTestId('cluster-select')).toHaveValue('localnet');
  // the LRT in circulation is the mint's supply, exactly
  await expect(page.getByTestId('lrt-supply')).toHaveText(decimal(await chain.lrtSupply()));
  // the demo's 305 SOL of deposits, at its prices: more than 305 SOL
  expect(unitsIn(total)).toBeGreaterThan(305_000_000_000n);
  await app.screenshot('overview.png');
});

test('every screen is reachable from the navigation', async ({ app, page }) => {
  await app.open('overview');
  await expect(page.getByTestId('total-value')).toHaveText(LOADED);
  const screens: Screen[] = ['deposit', 'withdraw', 'operators', 'risk', 'overview'];
  for (const screen of screens) {
    await app.go(screen);
    await expect(page.getByTestId(`nav-${screen}`)).toHaveAttribute('aria-current', 'page');
  }
  await app.go('deposit');
  await expect(page.getByTestId('deposit-asset')).toBeVisible();
  await expect(page.getByTestId('deposit-disabled-reason')).toContainText(/connect/i);
  await app.screenshot('deposit.png');
  await app.go('withdraw');
  await expect(page.getByTestId('withdraw-amount')).toBeVisible();
  await app.screenshot('withdraw.png');
  await app.go('risk');
  await expect(page.getByTestId('risk-disclosure')).toBeVisible();
  await expect(page.getByTestId('pending-slash')).toHaveCount(0);
  await app.screenshot('risk.png');
});

test('every screen fits a phone-width screen (375 px) without sideways scrolling', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await app.open('overview');
  await expect(page.getByTestId('total-value')).toHaveText(LOADED);
  const screens: Screen[] = ['overview', 'deposit', 'withdraw', 'operators', 'risk'];
  for (const screen of screens) {
    await app.go(screen);
    await expect(page.getByTestId(`nav-${screen}`)).toHaveAttribute('aria-current', 'page');
    // nothing wider than the screen: the page never scrolls sideways
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${screen} is ${width} px wide`).toBeLessThanOrEqual(375);
    await app.screenshot(`${screen}-phone.png`);
  }
});

test('the operators screen lists the demo operators and their AVS exposure', async ({
  app,
  page,
  net,
}) => {
  await app.open('operators');
  const rows = page.getByTestId('operator-row');
  await expect(rows).toHaveCount(net.demo.operators.length);
  for (const operator of net.demo.operators) {
    await expect(rows.filter({ hasText: operator.name })).toHaveCount(1);
  }
  await expect(page.getByTestId('avs-exposure').first()).toBeVisible();
  await expect(page.getByTestId('avs-exposure').filter({ hasText: /demo AVS/ })).not.toHaveCount(0);
  await app.screenshot('operators.png');
});

test('the test wallet connects from the wallet list', async ({ app, page, wallet }) => {
  await app.open('overview');
  await page.getByTestId('connect').click();
  await expect(page.getByTestId('wallet-option').filter({ hasText: WALLET_NAME })).toBeVisible();
  await app.screenshot('connect.png');
  await page.getByTestId('wallet-option').filter({ hasText: WALLET_NAME }).click();
  await expect(page.getByTestId('connected-address')).toHaveText(wallet.address);
  expect(wallet.requests).toHaveLength(0);
});

test('the demo wallet is offered on the local network only, and connects', async ({
  app,
  page,
  net,
}) => {
  await app.open('deposit');
  await page.getByTestId('connect').click();
  await page.getByTestId('demo-wallet').click();
  await expect(page.getByTestId('connected-address')).toHaveText(net.demo.demo_wallet.address);
  // its balances, as demo.json's funding says: 100 dsSOL
  await app.chooseAsset('dsSOL');
  await expect(page.getByTestId('asset-balance')).toHaveText('100');

  // the same app pointed at a cluster that is not this machine: no demo wallet
  const url = new URL(net.appUrl);
  url.search = `?rpc=${encodeURIComponent('https://api.devnet.solana.com')}`;
  await page.goto(url.toString());
  await expect(page.getByTestId('cluster-select')).toHaveValue('devnet');
  await page.getByTestId('connect').click();
  await expect(page.getByTestId('wallet-option').filter({ hasText: WALLET_NAME })).toBeVisible();
  await expect(page.getByTestId('demo-wallet')).toHaveCount(0);
});
