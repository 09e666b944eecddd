// Depositing from the browser with the test wallet: the balances the app shows are the
// chain's, the deposit moves them by exactly the amount and the previewed LRT, and a
// deposit the vault refuses (its cap lowered while the wallet was signing) ends with the
// program's error in words and nothing moved.
import { decimal, units, unitsIn } from './chain.ts';
import { LOADED, expect, test } from './fixtures.ts';
import { lrt } from './localnet.ts';

test('a deposit moves the balances by exactly the amount and the previewed LRT', async ({
  app,
  page,
  chain,
  wallet,
}) => {
  await app.open('deposit');
  await app.connect();
  await app.chooseAsset('dsSOL');
  const assetBefore = await chain.assetBalance(wallet.address, 'dsSOL');
  const lrtBefore = await chain.lrtBalance(wallet.address);
  await expect(page.getByTestId('asset-balance')).toHaveText(decimal(assetBefore));
  await expect(page.getByTestId('lrt-balance')).toHaveText(decimal(lrtBefore));

  const amount = '1.5';
  const preview = await app.previewDeposit('dsSOL', amount);
  expect(preview).toBeGreaterThan(0n);
  // no deposit fee in the demo; the minimum-out guard is below the preview
  await expect(page.getByTestId('deposit-preview-fee')).toHaveText('0');
  const minOut = page.getByTestId('deposit-min-out');
  const minOutText =
    (await minOut.evaluate((el) => el.tagName)) === 'INPUT'
      ? await minOut.inputValue()
      : await minOut.innerText();
  if (LOADED.test(minOutText)) expect(unitsIn(minOutText)).toBeLessThanOrEqual(preview);
  await expect(page.getByTestId('deposit-disabled-reason')).toHaveCount(0);
  await app.screenshot('deposit-preview.png');

  const asked = wallet.requests.length;
  await page.getByTestId('deposit-submit').click();
  expect(await app.txOutcome()).toBe('confirmed');
  expect(wallet.requests).toHaveLength(asked + 1);
  expect(wallet.requests.at(-1)).toMatchObject({ chain: 'solana:localnet', signed: true });
  await expect(page.getByTestId('tx-explorer-link').first()).toHaveAttribute(
    'href',
    /^https:\/\/explorer\.solana\.com\/tx\/\w+\?cluster=custom&customUrl=/,
  );

  // on chain: exactly the amount out, exactly the preview in
  const assetAfter = await chain.assetBalance(wallet.address, 'dsSOL');
  const lrtAfter = await chain.lrtBalance(wallet.address);
  expect(assetBefore - assetAfter).toBe(units(amount));
  expect(lrtAfter - lrtBefore).toBe(preview);
  // and the app shows the chain's new balances
  await expect(page.getByTestId('asset-balance')).toHaveText(decimal(assetAfter));
  await expect(page.getByTestId('lrt-balance')).toHaveText(decimal(lrtAfter));
  await app.screenshot('deposit-confirmed.png');
});

test('a deposit of wSOL wraps SOL as needed and lands', async ({ app, page, chain, wallet }) => {
  await app.open('deposit');
  await app.connect();
  // more than the wallet's 100 wSOL: the rest is wrapped from SOL in the same transaction
  const amount = '101';
  const preview = await app.previewDeposit('wSOL', amount);
  const lrtBefore = await chain.lrtBalance(wallet.address);
  const solBefore = await chain.lamports(wallet.address);
  await page.getByTestId('deposit-submit').click();
  expect(await app.txOutcome()).toBe('confirmed');
  expect(await chain.lrtBalance(wallet.address)).toBe(lrtBefore + preview);
  expect(await chain.assetBalance(wallet.address, 'wSOL')).toBe(0n);
  // 1 SOL wrapped, plus fees and rent
  const spent = solBefore - (await chain.lamports(wallet.address));
  expect(spent).toBeGreaterThanOrEqual(units('1'));
  expect(spent).toBeLessThan(units('1.01'));
});

test('a deposit the vault refuses shows the program error in words', async ({
  app,
  page,
  chain,
  wallet,
  net,
}) => {
  await app.open('deposit');
  await app.connect();
  const preview = await app.previewDeposit('dsSOL', '2');
  expect(preview).toBeGreaterThan(0n);
  const assetBefore = await chain.assetBalance(wallet.address, 'dsSOL');
  const lrtBefore = await chain.lrtBalance(wallet.address);

  // While the wallet "asks the user", the curator lowers the dsSOL cap below what the
  // vault holds: the app previewed an open cap, the program refuses.
  wallet.beforeSign = async () => {
    await lrt(net, 'curator', [
      'vault',
      'set-caps',
      net.demo.vault.address,
      '--asset',
      'dsSOL',
      '--cap',
      '1',
    ]);
  };
  await page.getByTestId('deposit-submit').click();
  expect(await app.txOutcome()).toBe('failed');
  const error = page.getByTestId('tx-error');
  // the vault program's own message for DepositCapExceeded
  await expect(error).toContainText(/deposit would exceed the asset's deposit cap/i);
  // refused in simulation, it never reached the chain: no explorer link to a transaction
  // that does not exist
  await expect(page.getByTestId('tx-explorer-link')).toHaveCount(0);
  await app.screenshot('deposit-refused.png');
  expect(await chain.assetBalance(wallet.address, 'dsSOL')).toBe(assetBefore);
  expect(await chain.lrtBalance(wallet.address)).toBe(lrtBefore);

  // once the app reads the vault again it says why before signing
  wallet.beforeSign = null;
  await app.reload();
  await app.chooseAsset('dsSOL');
  await page.getByTestId('deposit-amount').fill('2');
  await expect(page.getByTestId('deposit-disabled-reason')).toContainText(/cap/i);
  await expect(page.getByTestId('deposit-submit')).toBeDisabled();
});
