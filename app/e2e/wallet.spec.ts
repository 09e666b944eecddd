// The harness itself, without the app: the test wallet registers in a real Chromium page
// both ways of the Wallet Standard handshake, connects (and says so through
// `standard:events`), signs a v0 and a legacy transaction through the binding (the key
// stays in this process), and the signed transactions land on the local network. A
// declined request rejects in the page and nothing is signed.
import {
  AccountRole,
  address,
  appendTransactionMessageInstructions,
  compileTransaction,
  createTransactionMessage,
  getAddressEncoder,
  getBase64Decoder,
  getBase64EncodedWireTransaction,
  getBase64Encoder,
  getSignatureFromTransaction,
  getTransactionDecoder,
  getTransactionEncoder,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Address,
} from '@solana/kit';

import type { Chain } from './chain.ts';
import { expect, test } from './fixtures.ts';
import { TestWallet, WALLET_CHAINS, WALLET_NAME } from './wallet.ts';

test.use({ requireApp: false });

/** A page of our own (no app needed): the handshake is played by the test. */
const PAGE = 'http://127.0.0.1:9/e2e-wallet.html';

/** A System Program transfer of `lamports` from `from` to `to`, unsigned, as base64. */
async function transfer(
  chain: Chain,
  from: Address,
  to: Address,
  lamports: bigint,
  version: 0 | 'legacy',
): Promise<string> {
  const { value: blockhash } = await chain.rpc.getLatestBlockhash().send();
  const data = new Uint8Array(12);
  const view = new DataView(data.buffer);
  view.setUint32(0, 2, true);
  view.setBigUint64(4, lamports, true);
  const message = pipe(
    createTransactionMessage({ version }),
    (m) => setTransactionMessageFeePayer(from, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
    (m) =>
      appendTransactionMessageInstructions(
        [
          {
            programAddress: address('11111111111111111111111111111111'),
            accounts: [
              { address: from, role: AccountRole.WRITABLE_SIGNER },
              { address: to, role: AccountRole.WRITABLE },
            ],
            data,
          },
        ],
        m,
      ),
  );
  return getBase64Decoder().decode(getTransactionEncoder().encode(compileTransaction(message)));
}

test('the test wallet registers, connects, and signs v0 and legacy transactions that land', async ({
  browser,
  net,
  chain,
}) => {
  const wallet = new TestWallet(await net.signer('wallet'));
  const context = await browser.newContext();
  // An app already listening when the wallet registers hears `register-wallet`.
  await context.addInitScript(() => {
    const heard: string[] = [];
    (window as unknown as { __heard: string[] }).__heard = heard;
    window.addEventListener('wallet-standard:register-wallet', (event) => {
      (event as CustomEvent<(api: { register: (w: { name: string }) => void }) => void>).detail({
        register: (w) => heard.push(w.name),
      });
    });
  });
  await wallet.install(context);
  const page = await context.newPage();
  await page.route(PAGE, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>wallet</title>' }),
  );
  await page.goto(PAGE);
  expect(await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard)).toEqual([
    WALLET_NAME,
  ]);

  // An app that starts later announces itself with `app-ready` and is answered.
  const registered = await page.evaluate(() => {
    type W = {
      name: string;
      version: string;
      icon: string;
      chains: string[];
      features: Record<string, { version: string; supportedTransactionVersions?: unknown[] }>;
    };
    const found: W[] = [];
    window.dispatchEvent(
      new CustomEvent('wallet-standard:app-ready', {
        detail: { register: (w: W) => (found.push(w), () => {}) },
      }),
    );
    return found.map((w) => ({
      name: w.name,
      version: w.version,
      icon: w.icon.slice(0, 26),
      chains: w.chains,
      features: Object.keys(w.features).sort(),
      versions: w.features['solana:signTransaction']?.supportedTransactionVersions,
    }));
  });
  expect(registered).toEqual([
    {
      name: WALLET_NAME,
      version: '1.0.0',
      icon: 'data:image/svg+xml;base64,',
      chains: WALLET_CHAINS,
      features: [
        'solana:signTransaction',
        'standard:connect',
        'standard:disconnect',
        'standard:events',
      ],
      versions: ['legacy', 0],
    },
  ]);

  // connect: the account, its public key, and a change event
  const connected = await page.evaluate(async () => {
    type Account = { address: string; publicKey: Uint8Array; chains: string[] };
    const w = (window as unknown as Record<string, unknown>).__lrtE2eWallet as {
      accounts: Account[];
      features: {
        'standard:connect': { connect(i?: { silent?: boolean }): Promise<{ accounts: Account[] }> };
        'standard:events': {
          on(e: 'change', l: (p: { accounts?: Account[] }) => void): () => void;
        };
      };
    };
    const silentFirst = await w.features['standard:connect'].connect({ silent: true });
    const changes: number[] = [];
    w.features['standard:events'].on('change', (p) => changes.push(p.accounts?.length ?? -1));
    const { accounts } = await w.features['standard:connect'].connect();
    return {
      silentFirst: silentFirst.accounts.length,
      address: accounts[0]?.address,
      publicKey: Array.from(accounts[0]?.publicKey ?? []),
      chains: accounts[0]?.chains,
      changes,
      after: w.accounts.length,
    };
  });
  expect(connected.silentFirst).toBe(0);
  expect(connected.address).toBe(wallet.address);
  expect(connected.publicKey).toEqual(
    Array.from(getAddressEncoder().encode(address(wallet.address))),
  );
  expect(connected.changes).toEqual([1]);
  expect(connected.after).toBe(1);

  // sign in the page, send from here: both versions land and move the lamports
  const to = (await net.signer('newcomer')).address;
  for (const version of [0, 'legacy'] as const) {
    const before = await chain.lamports(to);
    const unsigned = await transfer(chain, address(wallet.address), to, 1_000n, version);
    const signedBase64 = await page.evaluate(
      async ({ tx, who }) => {
        const w = (window as unknown as Record<string, unknown>).__lrtE2eWallet as {
          accounts: { address: string }[];
          features: {
            'solana:signTransaction': {
              signTransaction(...i: unknown[]): Promise<{ signedTransaction: Uint8Array }[]>;
            };
          };
        };
        const bytes = Uint8Array.from(atob(tx), (c) => c.charCodeAt(0));
        const account = w.accounts.find((a) => a.address === who);
        const [out] = await w.features['solana:signTransaction'].signTransaction({
          account,
          transaction: bytes,
          chain: 'solana:localnet',
        });
        let text = '';
        for (const b of out!.signedTransaction) text += String.fromCharCode(b);
        return btoa(text);
      },
      { tx: unsigned, who: wallet.address },
    );
    const signed = getTransactionDecoder().decode(getBase64Encoder().encode(signedBase64));
    const signature = getSignatureFromTransaction(signed);
    await chain.rpc
      .sendTransaction(getBase64EncodedWireTransaction(signed), { encoding: 'base64' })
      .send();
    await expect
      .poll(async () => {
        const { value } = await chain.rpc.getSignatureStatuses([signature]).send();
        return value[0]?.err === null && value[0]?.confirmationStatus !== undefined;
      })
      .toBe(true);
    expect((await chain.lamports(to)) - before).toBe(1_000n);
    const request = wallet.requests.at(-1)!;
    expect(request.version).toBe(version);
    expect(request.chain).toBe('solana:localnet');
    expect(request.signed).toBe(true);
  }

  // declined: the page's promise rejects, nothing signed
  wallet.decline = true;
  const unsigned = await transfer(chain, address(wallet.address), to, 1n, 0);
  const refusal = await page.evaluate(
    async ({ tx, who }) => {
      const w = (window as unknown as Record<string, unknown>).__lrtE2eWallet as {
        accounts: { address: string }[];
        features: {
          'solana:signTransaction': { signTransaction(...i: unknown[]): Promise<unknown> };
        };
      };
      try {
        await w.features['solana:signTransaction'].signTransaction({
          account: w.accounts.find((a) => a.address === who),
          transaction: Uint8Array.from(atob(tx), (c) => c.charCodeAt(0)),
        });
        return 'signed';
      } catch (e) {
        return String(e);
      }
    },
    { tx: unsigned, who: wallet.address },
  );
  expect(refusal).toContain('User rejected');
  expect(wallet.requests.at(-1)!.signed).toBe(false);
  expect(wallet.requests).toHaveLength(3);
  await context.close();
});
