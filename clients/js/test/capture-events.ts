// Captures real event bytes from the local network for test/events.test.ts: starts the
// demo world, deposits, asks to withdraw, claims, has the demo AVS request a slash that is
// then executed, and writes the raw data of the first event-CPI instruction of each event
// name the vault program and the registry emitted into test/events.json.
//
//   LRT_LOCALNET_BIN=target/debug/lrt-localnet node --import tsx clients/js/test/capture-events.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  AccountRole,
  address,
  appendTransactionMessageInstructions,
  createSolanaRpc,
  createTransactionMessage,
  getBase58Encoder,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Instruction,
  type KeyPairSigner,
  type Signature,
} from '@solana/kit';

import { EVENT_IX_TAG_LE, pricingAccounts, registry, vault } from '../src/index.ts';
import { startLocalnet } from './localnet.ts';

const here = dirname(fileURLToPath(import.meta.url));
const net = await startLocalnet({ demo: true });
const demo = net.demo!;
const rpc = createSolanaRpc(net.rpcUrl);
const wallet = await net.signer('wallet');
const vaultKey = address(demo.vault.address);
const signatures: Signature[] = [];

async function send(payer: KeyPairSigner, instructions: Instruction[]): Promise<void> {
  const { value: blockhash } = await rpc.getLatestBlockhash().send();
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  const signed = await signTransactionMessageWithSigners(message);
  const signature = getSignatureFromTransaction(signed);
  await rpc.sendTransaction(getBase64EncodedWireTransaction(signed), { encoding: 'base64' }).send();
  for (let i = 0; i < 100; i++) {
    const { value } = await rpc.getSignatureStatuses([signature]).send();
    const status = value[0];
    if (status?.err) throw new Error(`transaction failed: ${JSON.stringify(status.err)}`);
    if (status?.confirmationStatus === 'confirmed' || status?.confirmationStatus === 'finalized')
      break;
    await new Promise((done) => setTimeout(done, 100));
  }
  signatures.push(signature);
}

try {
  const state = await vault.fetchVault(rpc, vaultKey);
  const refresh = await vault.getRefreshPricesInstructionAsync({ vault: vaultKey });
  const refreshIx: Instruction = {
    ...refresh,
    accounts: [
      ...refresh.accounts,
      ...pricingAccounts(state.data).map((a) => ({ address: a, role: AccountRole.READONLY })),
    ],
  };
  const wsol = demo.assets[0]!;
  // the wallet's LRT account (the associated token program's CreateIdempotent)
  const createLrtAccount: Instruction = {
    programAddress: address(demo.programs.associated_token!),
    accounts: [
      { address: wallet.address, role: AccountRole.WRITABLE_SIGNER, signer: wallet } as never,
      { address: address(demo.wallet.lrt_account), role: AccountRole.WRITABLE },
      { address: wallet.address, role: AccountRole.READONLY },
      { address: address(demo.vault.lrt_mint), role: AccountRole.READONLY },
      { address: address('11111111111111111111111111111111'), role: AccountRole.READONLY },
      { address: address(demo.programs.token_2022!), role: AccountRole.READONLY },
    ],
    data: new Uint8Array([1]),
  };
  await send(wallet, [
    createLrtAccount,
    refreshIx,
    await vault.getDepositInstructionAsync({
      depositor: wallet,
      lrtMint: address(demo.vault.lrt_mint),
      assetMint: address(wsol.mint),
      reserve: address(wsol.reserve),
      depositorAssetAccount: address(wsol.wallet_account),
      recipientLrtAccount: address(demo.wallet.lrt_account),
      assetTokenProgram: address(wsol.token_program),
      assetIndex: 0,
      amount: 1_000_000_000n,
      minSharesOut: 1n,
      maxFeeBps: 10_000,
    }),
  ]);
  const config = await vault.fetchConfig(rpc, address(demo.config));
  const epoch = (await rpc.getSlot().send()) / config.data.epochLength;
  const [bucket] = await vault.findBucketPda({ vault: vaultKey, epoch: epoch + 1n });
  const [ticket] = await vault.findTicketPda({ vault: vaultKey, owner: wallet.address, id: 0n });
  await send(wallet, [
    await vault.getRequestWithdrawalInstructionAsync({
      owner: wallet,
      lrtMint: address(demo.vault.lrt_mint),
      ownerLrtAccount: address(demo.wallet.lrt_account),
      bucket,
      ticket,
      shares: 100_000_000n,
      ticketId: 0n,
      maxFeeBps: 10_000,
    }),
  ]);

  // the demo AVS requests 1% of operator-1's stake; executed after the veto window
  const authority = await net.signer('avs-authority');
  const avsKey = address(demo.avs.demo.account);
  const avs = await registry.fetchAvs(rpc, avsKey);
  const operator = address(demo.operators[0]!.operator);
  const [operatorAvs] = await registry.findOperatorAvsPda({ operator, avs: avsKey });
  const [slashRequest] = await registry.findSlashRequestPda({
    avs: avsKey,
    index: avs.data.requestCount,
  });
  await send(wallet, [
    await registry.getRequestSlashInstructionAsync({
      slashAuthority: authority,
      payer: wallet,
      avs: avsKey,
      operatorAvs,
      slashRequest,
      wad: 10n ** 16n,
      evidenceHash: new Uint8Array(32).fill(7),
    }),
  ]);
  const made = await registry.fetchSlashRequest(rpc, slashRequest);
  await net.timeTravel(Number(made.data.vetoDeadlineSlot + 1n));
  const capture = made.data.captureEpoch;
  const [vaultAvs] = await registry.findVaultAvsPda({ vault: vaultKey, avs: avsKey });
  const pda = async (p: Promise<readonly [Address, number]>) => (await p)[0];
  const [vaultEventAuthority] = await (
    await import('@solana/kit')
  ).getProgramDerivedAddress({
    programAddress: vault.LRT_VAULT_PROGRAM_ADDRESS,
    seeds: [new TextEncoder().encode('__event_authority')],
  });
  await send(wallet, [
    refreshIx,
    await registry.getExecuteSlashInstructionAsync({
      executor: wallet,
      slashRequest,
      avs: avsKey,
      operator,
      vault: vaultKey,
      vaultEpochSlash: await pda(
        registry.findVaultEpochSlashPda({ vault: vaultKey, operator, captureEpoch: capture }),
      ),
      vaultCapture: await pda(
        registry.findVaultCapturePda({ vault: vaultKey, captureEpoch: capture }),
      ),
      vaultAvsEpochSlash: await pda(
        registry.findVaultAvsEpochSlashPda({ vaultAvs, operator, captureEpoch: capture }),
      ),
      bond: await pda(vault.findBondPda({ vault: vaultKey, operator })),
      bucketNext: await pda(vault.findBucketPda({ vault: vaultKey, epoch: capture + 1n })),
      bucketAfter: await pda(vault.findBucketPda({ vault: vaultKey, epoch: capture + 2n })),
      escrow: await pda(vault.findEscrowPda({ vault: vaultKey, request: slashRequest })),
      vaultEventAuthority,
    }),
  ]);

  // every transaction of the vault (the demo's set-up included) and ours
  const history = await rpc.getSignaturesForAddress(vaultKey, { limit: 200 }).send();
  const all = new Set<Signature>([...history.map((h) => h.signature), ...signatures]);
  const programs: Record<string, string> = {
    [vault.LRT_VAULT_PROGRAM_ADDRESS]: 'lrt_vault',
    [registry.SLASHER_REGISTRY_PROGRAM_ADDRESS]: 'slasher_registry',
  };
  const captured: Record<string, { program: string; signature: string; data: string }> = {};
  const base58 = getBase58Encoder();
  for (const signature of all) {
    const tx = await rpc
      .getTransaction(signature, { encoding: 'json', maxSupportedTransactionVersion: 0 })
      .send();
    if (!tx?.meta) continue;
    const keys = tx.transaction.message.accountKeys;
    for (const group of tx.meta.innerInstructions ?? []) {
      for (const ix of group.instructions) {
        const program = programs[keys[ix.programIdIndex] ?? ''];
        const data = base58.encode(ix.data);
        if (!program || !EVENT_IX_TAG_LE.every((b, i) => data[i] === b)) continue;
        const discriminator = Buffer.from(data.slice(8, 16)).toString('hex');
        const key = `${program}:${discriminator}`;
        captured[key] ??= { program, signature, data: Buffer.from(data).toString('hex') };
      }
    }
  }
  const out = {
    about:
      'Event-CPI instruction data captured from the local network by test/capture-events.ts ' +
      '(hex: tag, discriminator, Borsh body), one per event kind; the demo world as written.',
    vault: demo.vault.address,
    lrt_mint: demo.vault.lrt_mint,
    wallet: demo.wallet.address,
    slash_request: slashRequest,
    events: Object.values(captured),
  };
  writeFileSync(join(here, 'events.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`captured ${out.events.length} events into test/events.json`);
} finally {
  await net.stop();
}
