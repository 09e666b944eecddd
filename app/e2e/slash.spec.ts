// A pending slash, from the depositor's side: the demo AVS requests a slash of operator-1
// (with the `lrt` command line, as its slash authority); the app warns before asking the
// wallet to sign a deposit, signs only once the depositor confirms, and the risk screen
// lists the request. Once executed, the risk screen lists it among past slashes and the
// deposit screen says when deposits reopen.
import { expect, test } from './fixtures.ts';
import { lrt } from './localnet.ts';

// Slots of 400 ms (the default): the slash's resolution delay (40 slots) lasts long enough
// for the deposit screen to be read during it.
test.use({ slotTimeMs: 400 });

/** A request as `lrt avs request-slash --output json` prints it. */
type Request = {
  address: string;
  status: string;
  veto_deadline_slot: number;
  executable_from_slot: number;
};

test('a pending slash is shown before signing a deposit, and on the risk screen', async ({
  app,
  page,
  chain,
  wallet,
  net,
}) => {
  const operator = net.demo.operators[0]!;
  const request = await lrt<Request>(net, 'avs-authority', [
    'avs',
    'request-slash',
    net.demo.avs.demo.account,
    operator.operator,
    '5%',
    '--evidence',
    'e2e: signed two blocks at height 7',
  ]);
  expect(request.status).toBe('veto_window');

  await app.open('deposit');
  await app.connect();
  const preview = await app.previewDeposit('dsSOL', '1');
  const lrtBefore = await chain.lrtBalance(wallet.address);
  const asked = wallet.requests.length;
  await page.getByTestId('deposit-submit').click();
  const warning = page.getByTestId('slash-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(operator.name);
  // nothing was put before the wallet yet
  expect(wallet.requests).toHaveLength(asked);
  await app.screenshot('slash-warning.png');

  await page.getByTestId('slash-warning-confirm').click();
  expect(await app.txOutcome()).toBe('confirmed');
  expect(wallet.requests).toHaveLength(asked + 1);
  expect((await chain.lrtBalance(wallet.address)) - lrtBefore).toBe(preview);

  await app.go('risk');
  const pending = page.getByTestId('pending-slash');
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText(operator.name);
  await expect(pending).toContainText('demo AVS');
  await expect(page.getByTestId('risk-disclosure')).toBeVisible();
  await expect(page.getByTestId('past-slash')).toHaveCount(0);
  await app.screenshot('risk-pending-slash.png');

  // past the veto window, anyone executes it: deposits wait for its resolution delay, and
  // it is a past slash
  await chain.advanceToSlot(BigInt(request.executable_from_slot));
  await lrt(net, 'wallet', ['avs', 'execute', request.address]);
  await app.reload();
  await app.go('deposit');
  await expect(page.getByTestId('deposit-disabled-reason')).toContainText(
    /deposits reopen at slot/i,
  );
  await app.go('risk');
  await expect(page.getByTestId('pending-slash')).toHaveCount(0);
  await expect(page.getByTestId('past-slash')).toHaveCount(1);
  await expect(page.getByTestId('past-slash')).toContainText(operator.name);
  await app.screenshot('risk-past-slash.png');
});
