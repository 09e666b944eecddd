// Withdrawing from the browser: a request burns exactly the LRT asked and opens a ticket
// that cannot be claimed yet; after the clock moves past its bucket's epoch (surfpool's
// time travel) the ticket is claimable, and claiming pays exactly what the ticket says
// (as `lrt withdraw list` reads it from the chain), asset by asset.
import { decimal, units } from './chain.ts';
import { expect, test } from './fixtures.ts';
import { lrt } from './localnet.ts';

/** A ticket as `lrt withdraw list --output json` prints it. */
type Ticket = {
  address: string;
  id: number;
  bucket_epoch: number;
  claimable_from_epoch: number;
  claimable_now: boolean;
  lrt_burned: string;
  payout: { asset: string; amount: string }[];
};

test('request a withdrawal, advance epochs, claim: paid exactly the ticket', async ({
  app,
  page,
  chain,
  wallet,
  net,
}) => {
  const vault = net.demo.vault.address;
  // LRT to withdraw: a deposit of 10 dsSOL made with the command line
  await lrt(net, 'wallet', ['deposit', vault, '10', 'dsSOL']);

  await app.open('withdraw');
  await app.connect();
  const lrtBefore = await chain.lrtBalance(wallet.address);
  expect(lrtBefore).toBeGreaterThan(units('3'));
  await page.getByTestId('withdraw-amount').fill('3');
  await expect(page.getByTestId('withdraw-disabled-reason')).toHaveCount(0);
  await app.screenshot('withdraw-request.png');
  await page.getByTestId('withdraw-submit').click();
  expect(await app.txOutcome()).toBe('confirmed');
  expect(lrtBefore - (await chain.lrtBalance(wallet.address))).toBe(units('3'));

  // one ticket, not claimable yet
  const tickets = page.getByTestId('ticket');
  await expect(tickets).toHaveCount(1);
  await expect(tickets.first().getByTestId('ticket-status')).not.toHaveText(/^claimable$/i);
  await expect(tickets.first().getByTestId('claim')).toBeDisabled();
  await expect(page.getByTestId('claim-all')).toBeDisabled();
  const [ticket] = await lrt<Ticket[]>(net, 'wallet', ['withdraw', 'list', vault]);
  expect(ticket).toBeDefined();
  expect(ticket!.claimable_now).toBe(false);
  // the ticket burns the request less the vault's withdrawal fee (kept as LRT)
  const shown = await lrt<{ fees: { withdrawal_bps: number } }>(net, 'wallet', [
    'vault',
    'show',
    vault,
  ]);
  const fee = (units('3') * BigInt(shown.fees.withdrawal_bps) + 9_999n) / 10_000n;
  expect(shown.fees.withdrawal_bps).toBeGreaterThan(0);
  expect(units(ticket!.lrt_burned)).toBe(units('3') - fee);
  await app.screenshot('withdraw-ticket.png');

  // the clock to the ticket's first claimable epoch
  await chain.advanceToSlot(BigInt(ticket!.claimable_from_epoch) * BigInt(net.demo.epoch_length));
  const [due] = await lrt<Ticket[]>(net, 'wallet', ['withdraw', 'list', vault]);
  expect(due!.claimable_now).toBe(true);
  await app.reload();
  await expect(tickets.first().getByTestId('ticket-status')).toHaveText(/claimable/i);
  await expect(tickets.first().getByTestId('claim')).toBeEnabled();
  await app.screenshot('withdraw-claimable.png');

  const before = new Map<string, bigint>();
  for (const p of due!.payout)
    before.set(p.asset, await chain.assetBalance(wallet.address, p.asset));
  await tickets.first().getByTestId('claim').click();
  expect(await app.txOutcome()).toBe('confirmed');
  for (const p of due!.payout) {
    const after = await chain.assetBalance(wallet.address, p.asset);
    expect(after - before.get(p.asset)!, `${p.asset} paid`).toBe(units(p.amount));
  }
  expect(await lrt<Ticket[]>(net, 'wallet', ['withdraw', 'list', vault])).toEqual([]);
  await expect(tickets).toHaveCount(0);
  // the app shows the paid balance of the asset chosen on the deposit screen too
  await app.go('deposit');
  await app.chooseAsset('dsSOL');
  await expect(page.getByTestId('asset-balance')).toHaveText(
    decimal(await chain.assetBalance(wallet.address, 'dsSOL')),
  );
});
