// A slash request from another chain, from the depositor's side: the demo's remote AVS
// (simulated on Sepolia, Wormhole chain 10002) asks to slash operator-1. The local
// guardians sign its message (`lrt xchain demo-sign`) and a relayer submits it (`lrt
// xchain submit`: posted, verified against the demo's guardian set, consumed); the risk
// screen lists the pending request with the cross-chain badge, the chain's name and the
// emitter, and the operators screen shows the same badge on the AVS.
import { expect, test } from './fixtures.ts';
import { relayRemoteSlash } from './localnet.ts';

test('a slash request relayed from another chain is shown as cross-chain on the risk screen', async ({
  app,
  page,
  net,
}) => {
  const remote = net.demo.avs.remote;
  const operator = net.demo.operators[0]!;
  expect(remote.chain).toBe(10002);
  const relayed = await relayRemoteSlash(net, remote.account, operator.operator, '5%');
  expect(relayed.signed?.signatures).toBe(13);
  expect(relayed.vaa.emitter_chain).toBe(10002);
  expect(relayed.vaa.guardian_set).toBe(net.demo.xchain.guardian_set_index);
  expect(relayed.request.avs).toBe(remote.account);
  expect(relayed.request.operator).toBe(operator.operator);

  await app.open('risk');
  const pending = page.getByTestId('pending-slash');
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText(remote.name);
  await expect(pending).toContainText(operator.name);
  await expect(pending).toContainText('Cross-chain · Sepolia');
  const origin = pending.getByTestId('remote-origin');
  await expect(origin).toContainText('Sepolia (Wormhole chain 10002)');
  await expect(origin).toContainText('0xde15…0015');
  await app.screenshot('risk-remote-slash.png');

  // the operators screen's badge of the same AVS says the same
  await app.go('operators');
  await expect(page.getByTestId('avs-exposure').filter({ hasText: remote.name })).toContainText(
    'Cross-chain · Sepolia',
  );
});
