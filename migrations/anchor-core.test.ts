// A client nobody here wrote: @anchor-lang/core's `Program`, built from the committed IDLs
// alone (no generated code, no hand-written layouts), deposits wSOL into the demo vault with
// the demo wallet, decodes the Vault, the Config, the registry's accounts and the
// `Deposited` event, and every number is checked against the chain (token balances, the
// mint's supply) and against the share formula recomputed from the vault read before. A
// wrong IDL (a field's type or order, a missing account, a discriminator) fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { AnchorProvider, BN, Program, Wallet, utils, web3, type Idl } from '@anchor-lang/core';

import { startLocalnet, type DemoWorld, type Localnet } from '../clients/js/test/localnet';

const { Connection, Keypair, PublicKey, TransactionInstruction } = web3;
type Connection = web3.Connection;
type PublicKey = web3.PublicKey;

const TOKEN_PROGRAM = new PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
const TOKEN_2022_PROGRAM = new PublicKey('TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb');
const ASSOCIATED_TOKEN_PROGRAM = new PublicKey('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL');
/** Anchor's `EVENT_IX_TAG_LE`: the first 8 bytes of an `emit_cpi!` self-instruction. */
const EVENT_IX_TAG = Buffer.from('e445a52e51cb9a1d', 'hex');
const WAD = 10n ** 18n;
const SOL = 1_000_000_000n;

const idl = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'idl', `${name}.json`), 'utf8')) as Idl;

/** An account or event as @anchor-lang/core decodes it from the IDL (camelCase fields). */
type Decoded = Record<string, unknown>;

/** `program.account.<name>`: its keys come from the IDL at run time, not from a type. */
function accountClient(program: Program, name: string) {
  const client = (
    program.account as unknown as Record<
      string,
      {
        fetch(address: PublicKey): Promise<Decoded>;
        all(): Promise<{ publicKey: PublicKey; account: Decoded }[]>;
      }
    >
  )[name];
  assert.ok(client, `the IDL has an account ${name}`);
  return client;
}

const pda = (seeds: (Buffer | Uint8Array)[], program: PublicKey) =>
  PublicKey.findProgramAddressSync(seeds, program)[0];
const key = (value: unknown) => (value as PublicKey).toBase58();
const big = (value: unknown) => BigInt((value as BN).toString());
const field = (value: unknown, name: string) => (value as Decoded)[name];

async function tokenBalance(connection: Connection, account: PublicKey): Promise<bigint> {
  const info = await connection.getAccountInfo(account);
  return info ? info.data.readBigUInt64LE(64) : 0n;
}

function createAssociatedTokenAccountIdempotent(
  payer: PublicKey,
  owner: PublicKey,
  mint: PublicKey,
  tokenProgram: PublicKey,
) {
  const ata = pda(
    [owner.toBuffer(), tokenProgram.toBuffer(), mint.toBuffer()],
    ASSOCIATED_TOKEN_PROGRAM,
  );
  return new TransactionInstruction({
    programId: ASSOCIATED_TOKEN_PROGRAM,
    keys: [
      { pubkey: payer, isSigner: true, isWritable: true },
      { pubkey: ata, isSigner: false, isWritable: true },
      { pubkey: owner, isSigner: false, isWritable: false },
      { pubkey: mint, isSigner: false, isWritable: false },
      { pubkey: web3.SystemProgram.programId, isSigner: false, isWritable: false },
      { pubkey: tokenProgram, isSigner: false, isWritable: false },
    ],
    data: Buffer.from([1]),
  });
}

let net: Localnet;
let demo: DemoWorld;
let connection: Connection;
let provider: AnchorProvider;
let vaultProgram: Program;
let registryProgram: Program;

before(async () => {
  net = await startLocalnet({ demo: true });
  demo = net.demo!;
  // `confirmed`: at `processed`, web3.js's confirmation sometimes misses a transaction
  // surfpool executed inside `sendTransaction` and waits 30 s
  connection = new Connection(net.rpcUrl, { commitment: 'confirmed', wsEndpoint: net.wsUrl });
  const secret = JSON.parse(readFileSync(join(net.dir, 'wallet.json'), 'utf8')) as number[];
  const wallet = new Wallet(Keypair.fromSecretKey(Uint8Array.from(secret)));
  provider = new AnchorProvider(connection, wallet, {
    commitment: 'confirmed',
    preflightCommitment: 'confirmed',
  });
  vaultProgram = new Program(idl('lrt_vault'), provider);
  registryProgram = new Program(idl('slasher_registry'), provider);
});

after(async () => {
  if (connection) {
    // web3.js reconnects its WebSocket forever once the network is gone: close it first
    (connection as unknown as { _rpcWebSocket: { close(): void } })._rpcWebSocket.close();
  }
  await net?.stop();
});

test('the IDLs name the programs the demo runs', () => {
  assert.equal(vaultProgram.programId.toBase58(), demo.programs['lrt_vault']);
  assert.equal(registryProgram.programId.toBase58(), demo.programs['slasher_registry']);
});

/**
 * Deposits `amount` of asset `index` from the demo wallet through `program.methods.deposit`
 * (after `refresh_prices` in the same transaction when `refresh`), and checks the event,
 * the vault and the balances against the chain and the share formula.
 */
async function depositAndCheck(index: number, amount: bigint, refresh: boolean): Promise<Decoded> {
  const wallet = provider.wallet.publicKey;
  assert.equal(wallet.toBase58(), demo.wallet.address);
  const vault = new PublicKey(demo.vault.address);
  const lrtMint = new PublicKey(demo.vault.lrt_mint);
  const config = pda([Buffer.from('config')], vaultProgram.programId);
  assert.equal(config.toBase58(), demo.config);

  // the vault before: its assets (with their pricing sources) come from the IDL's types
  const vaultBefore = await accountClient(vaultProgram, 'vault').fetch(vault);
  assert.equal(key(vaultBefore['lrtMint']), lrtMint.toBase58());
  const assetCount = vaultBefore['assetCount'] as number;
  assert.equal(assetCount, demo.assets.length);
  const assets = (vaultBefore['assets'] as Decoded[]).slice(0, assetCount);
  for (const [i, asset] of assets.entries()) {
    const expected = demo.assets[i]!;
    assert.equal(key(asset['mint']), expected.mint);
    assert.equal(key(asset['reserve']), expected.reserve);
    assert.equal(key(asset['tokenProgram']), expected.token_program);
    const [variant] = Object.keys(asset['pricing'] as Decoded);
    assert.equal(
      variant,
      { wsol: 'wsol', spl_stake_pool: 'splStakePool', marinade: 'marinade' }[expected.pricing],
    );
  }
  // refresh_prices takes the pinned pricing accounts, in asset order, as remaining accounts
  const pricingAccounts = assets.flatMap((asset) => {
    const pricing = asset['pricing'] as Decoded;
    if ('splStakePool' in pricing) return [field(pricing['splStakePool'], 'pool') as PublicKey];
    if ('marinade' in pricing) return [field(pricing['marinade'], 'state') as PublicKey];
    return [];
  });
  assert.deepEqual(
    pricingAccounts.map((k) => k.toBase58()),
    demo.assets.flatMap((a) => (a.pricing_account ? [a.pricing_account] : [])),
  );

  const asset = assets[index]!;
  const assetMint = asset['mint'] as PublicKey;
  const assetTokenProgram = asset['tokenProgram'] as PublicKey;
  const reserve = asset['reserve'] as PublicKey;
  const walletAsset = new PublicKey(demo.assets[index]!.wallet_account);
  const walletLrt = new PublicKey(demo.wallet.lrt_account);

  // the shares the program must mint: floor(value * S / V), V the active pool at the cached
  // prices plus 10 bps (rounded up) of every Marinade-priced asset's value; no deposit fee
  const prices = assets.map((a) => big(a['priceWad']));
  const held = assets.map((a) => big(a['activeAmount']));
  let poolValue = 0n;
  for (const [i, a] of assets.entries()) {
    const value = held[i]! * prices[i]!;
    poolValue += value;
    if ('marinade' in (a['pricing'] as Decoded)) poolValue += (value * 10n + 9_999n) / 10_000n;
  }
  const supplyBefore = big(vaultBefore['shareSupply']);
  const expectedShares = (amount * prices[index]! * supplyBefore) / poolValue;
  const fees = field(vaultBefore['fees'], 'current') as Decoded;
  assert.equal(fees['depositBps'], 0, 'the demo charges no deposit fee');

  const lrtBefore = await tokenBalance(connection, walletLrt);
  const assetBefore = await tokenBalance(connection, walletAsset);
  const reserveBefore = await tokenBalance(connection, reserve);
  const lrtSupplyBefore = (await connection.getAccountInfo(lrtMint))!.data.readBigUInt64LE(36);

  const pre = [createAssociatedTokenAccountIdempotent(wallet, wallet, lrtMint, TOKEN_2022_PROGRAM)];
  if (refresh) {
    // `vault`'s seeds read its own `lrt_mint`: Anchor cannot derive it, it is named
    pre.push(
      await vaultProgram.methods
        .refreshPrices()
        .accounts({ vault })
        .remainingAccounts(
          pricingAccounts.map((pubkey) => ({ pubkey, isSigner: false, isWritable: false })),
        )
        .instruction(),
    );
  }
  // deposit: named are only the accounts the IDL gives no way to derive
  const deposit = vaultProgram.methods
    .deposit({
      assetIndex: index,
      amount: new BN(amount.toString()),
      minSharesOut: new BN(expectedShares.toString()),
      maxFeeBps: 0,
    })
    .accounts({
      vault,
      assetMint,
      reserve,
      depositorAssetAccount: walletAsset,
      recipientLrtAccount: walletLrt,
      assetTokenProgram,
    })
    .preInstructions(pre);
  // ... and Anchor resolved the rest: the depositor (the wallet), the Config PDA, the LRT
  // mint (the vault's `lrt_mint`, a `has_one` relation it fetched), the Token-2022 program
  // (a fixed address) and the event-CPI authority and program
  const resolved = (await deposit.pubkeys()) as Record<string, PublicKey>;
  assert.deepEqual(
    Object.fromEntries(Object.entries(resolved).map(([name, k]) => [name, k.toBase58()])),
    {
      vault: vault.toBase58(),
      assetMint: assetMint.toBase58(),
      reserve: reserve.toBase58(),
      depositorAssetAccount: walletAsset.toBase58(),
      recipientLrtAccount: walletLrt.toBase58(),
      assetTokenProgram: assetTokenProgram.toBase58(),
      depositor: wallet.toBase58(),
      config: config.toBase58(),
      lrtMint: lrtMint.toBase58(),
      lrtTokenProgram: TOKEN_2022_PROGRAM.toBase58(),
      eventAuthority: pda([Buffer.from('__event_authority')], vaultProgram.programId).toBase58(),
      program: vaultProgram.programId.toBase58(),
    },
  );
  const signature = await deposit.rpc();

  // the Deposited event, from the event-CPI inner instruction (`emit_cpi!`)
  const tx = await connection.getTransaction(signature, {
    commitment: 'confirmed',
    maxSupportedTransactionVersion: 0,
  });
  assert.ok(tx?.meta, 'the transaction is found');
  assert.equal(tx.meta.err, null);
  const keys = tx.transaction.message.getAccountKeys();
  const events = (tx.meta.innerInstructions ?? [])
    .flatMap((inner) => inner.instructions)
    .filter((ix) => keys.get(ix.programIdIndex)?.equals(vaultProgram.programId))
    .map((ix) => Buffer.from(utils.bytes.bs58.decode(ix.data)))
    .filter((data) => data.subarray(0, 8).equals(EVENT_IX_TAG))
    .map((data) => vaultProgram.coder.events.decode(data.subarray(8).toString('base64')));
  assert.ok(
    events.every((e) => e !== null),
    'every event instruction decodes',
  );
  const deposited = events.filter((e) => e!.name === 'deposited');
  assert.equal(deposited.length, 1, `one Deposited in ${events.map((e) => e!.name)}`);
  const event = deposited[0]!.data as Decoded;
  const shares = big(event['sharesOut']);
  const feeShares = big(event['feeShares']);
  assert.equal(key(event['vault']), vault.toBase58());
  assert.equal(key(event['depositor']), wallet.toBase58());
  assert.equal(key(event['recipientLrtAccount']), walletLrt.toBase58());
  assert.equal(event['assetIndex'], index);
  assert.equal(key(event['mint']), assetMint.toBase58());
  assert.equal(big(event['amount']), amount);
  assert.equal(big(event['priceWad']), prices[index]);
  assert.equal(big(event['valueWad']), amount * prices[index]!);
  assert.equal(event['feeBps'], 0);
  assert.equal(feeShares, 0n);
  assert.equal(shares, expectedShares);

  // the snapshot: prices unchanged (by the refresh), nothing vested, the deposit in the pool
  const snapshot = event['snapshot'] as Decoded;
  const snapshotPrices = (snapshot['pricesWad'] as BN[]).map(big);
  const snapshotActive = (snapshot['activeAmounts'] as BN[]).map(big);
  assert.equal(snapshot['assetCount'], assetCount);
  assert.deepEqual(snapshotPrices.slice(0, assetCount), prices);
  assert.deepEqual(snapshotPrices.slice(assetCount), Array(8 - assetCount).fill(0n));
  assert.deepEqual(
    (snapshot['unvestedAmounts'] as BN[]).map(big),
    Array(8).fill(0n),
    'no reward vesting in the demo',
  );
  assert.deepEqual(
    snapshotActive.slice(0, assetCount),
    held.map((h, i) => (i === index ? h + amount : h)),
  );
  const activeValue = snapshotActive
    .slice(0, assetCount)
    .reduce((sum, h, i) => sum + h * prices[i]!, 0n);
  assert.equal(big(snapshot['activeValueWad']), activeValue);

  // the chain: the wallet's LRT grew by exactly the shares, the vault's books and the LRT
  // supply by the same, the tokens moved from the wallet to the reserve
  assert.equal((await tokenBalance(connection, walletLrt)) - lrtBefore, shares);
  const vaultAfter = await accountClient(vaultProgram, 'vault').fetch(vault);
  assert.equal(big(vaultAfter['shareSupply']) - supplyBefore, shares + feeShares);
  assert.equal(big(vaultAfter['shareSupply']), big(snapshot['shareSupply']));
  assert.equal(big(vaultAfter['treasuryShares']), big(vaultBefore['treasuryShares']));
  assert.equal(big(vaultAfter['treasuryShares']), big(snapshot['treasuryShares']));
  assert.equal(big(vaultAfter['bondedShares']), big(snapshot['bondedShares']));
  const assetsAfter = vaultAfter['assets'] as Decoded[];
  assert.equal(big(assetsAfter[index]!['activeAmount']), held[index]! + amount);
  const lrtSupplyAfter = (await connection.getAccountInfo(lrtMint))!.data.readBigUInt64LE(36);
  assert.equal(lrtSupplyAfter - lrtSupplyBefore, shares);
  assert.equal(assetBefore - (await tokenBalance(connection, walletAsset)), amount);
  assert.equal((await tokenBalance(connection, reserve)) - reserveBefore, amount);
  return event;
}

test('deposit wSOL after refresh_prices, through program.methods.deposit', async () => {
  assert.equal(demo.assets[0]!.symbol, 'wSOL');
  assert.equal(demo.assets[0]!.token_program, TOKEN_PROGRAM.toBase58());
  const event = await depositAndCheck(0, 2n * SOL, true);
  assert.equal(big(event['priceWad']), WAD, 'wSOL: one lamport per raw unit');

  // the Config, decoded from the IDL
  const config = pda([Buffer.from('config')], vaultProgram.programId);
  const configAccount = await accountClient(vaultProgram, 'config').fetch(config);
  assert.equal(key(configAccount['admin']), demo.roles.admin);
  assert.equal(key(configAccount['treasury']), demo.treasury);
  assert.equal(key(configAccount['registryProgram']), registryProgram.programId.toBase58());
  assert.equal(big(configAccount['epochLength']), BigInt(demo.epoch_length));
  assert.equal(configAccount['paused'], false);
  assert.equal(configAccount['pendingAdmin'], null);
});

test('deposit dsSOL (a Token-2022 stake-pool LST) alone in its transaction', async () => {
  // prices are fresh for this Solana epoch: the deposit instruction alone, so its own
  // account metas (from the IDL) are what make the vault, reserve and mint writable
  assert.equal(demo.assets[1]!.symbol, 'dsSOL');
  assert.equal(demo.assets[1]!.token_program, TOKEN_2022_PROGRAM.toBase58());
  const event = await depositAndCheck(1, 3n * SOL, false);
  // the demo pool's total lamports and token supply (localnet/src/demo.rs), price rounded down
  assert.equal(big(event['priceWad']), (18_256_130_561_069_428n * WAD) / 15_141_078_027_404_340n);
});

test("the registry's accounts, every one of a kind through program.account.<x>.all()", async () => {
  const all = (name: string) => accountClient(registryProgram, name).all();
  const addresses = (list: { publicKey: PublicKey }[]) =>
    list.map((a) => a.publicKey.toBase58()).sort();

  const [config] = await all('registryConfig').then((list) => {
    assert.equal(list.length, 1);
    return list;
  });
  assert.equal(config!.publicKey.toBase58(), demo.registry_config);
  const registry = config!.account;
  assert.equal(key(registry['admin']), demo.roles.admin);
  assert.equal(key(registry['vaultProgram']), vaultProgram.programId.toBase58());
  const params = registry['params'] as Decoded;
  assert.equal(big(params['vetoWindowSlots']), BigInt(demo.veto_window_slots));
  assert.equal(big(params['resolutionDelaySlots']), BigInt(demo.resolution_delay_slots));
  assert.equal(params['maxCommissionBps'], demo.max_commission_bps);
  assert.equal(params['maxVaultSlashBpsPerEpoch'], 10_000);

  const operators = await all('operator');
  assert.deepEqual(addresses(operators), demo.operators.map((o) => o.operator).sort());
  for (const { publicKey, account } of operators) {
    const expected = demo.operators.find((o) => o.operator === publicKey.toBase58())!;
    assert.equal(key(account['authority']), expected.authority);
    assert.equal(account['commissionBps'], expected.commission_bps);
    // the signing key is the authority's ed25519 key (an [u8; 32] in the IDL)
    assert.equal(new PublicKey(account['signingKey'] as number[]).toBase58(), expected.authority);
  }

  const avss = await all('avs');
  const demoAvs = [demo.avs.example, demo.avs.demo, demo.avs.remote];
  assert.deepEqual(addresses(avss), demoAvs.map((a) => a.account).sort());
  for (const { publicKey, account } of avss) {
    const expected = demoAvs.find((a) => a.account === publicKey.toBase58())!;
    assert.equal(key(account['id']), expected.id);
    assert.equal(key(account['admin']), expected.admin);
    assert.equal(account['active'], true);
  }

  // the remote AVS is a Remote kind on its chain and emitter
  const remote = avss.find((a) => a.publicKey.toBase58() === demo.avs.remote.account)!.account;
  const remoteKind = (remote['kind'] as Decoded)['remote'] as Decoded;
  assert.equal(remoteKind['chain'], demo.avs.remote.chain);
  assert.equal(
    `0x${Buffer.from(remoteKind['emitter'] as number[]).toString('hex')}`,
    demo.avs.remote.emitter,
  );

  // each operator opted in to the three AVSs; the vault opted in to the three
  const optIns = await all('operatorAvs');
  assert.deepEqual(
    optIns.map((o) => `${key(o.account['operator'])}/${key(o.account['avs'])}`).sort(),
    demo.operators.flatMap((o) => demoAvs.map((a) => `${o.operator}/${a.account}`)).sort(),
  );
  const vaultOptIns = await all('vaultAvs');
  assert.deepEqual(
    vaultOptIns.map((o) => `${key(o.account['vault'])}/${key(o.account['avs'])}`).sort(),
    demoAvs.map((a) => `${demo.vault.address}/${a.account}`).sort(),
  );
  // nothing slashed yet
  assert.deepEqual(await all('slashRequest'), []);

  // the cross-chain settings and the local guardian set
  const [xchain] = await all('xchainConfig');
  assert.equal(xchain!.publicKey.toBase58(), demo.xchain.config);
  assert.equal(xchain!.account['currentGuardianSet'], demo.xchain.guardian_set_index);
  assert.equal(xchain!.account['maxMessageAge'], demo.xchain.max_message_age_seconds);
  const sets = await all('guardianSetAccount');
  assert.deepEqual(addresses(sets), [demo.xchain.guardian_set]);
  assert.deepEqual(
    (sets[0]!.account['keys'] as number[][]).map((k) => `0x${Buffer.from(k).toString('hex')}`),
    demo.xchain.guardian_addresses,
  );
});
