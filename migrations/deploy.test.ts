// migrations/deploy.ts against the embedded local network without the demo world: the first
// run creates the Config, the registry config, a vault with three assets (wSOL, an SPL
// stake-pool LST, a Marinade LST); a second run changes nothing (every touched account,
// byte for byte and lamport for lamport, the payer's balance and signature count); and on a
// cluster whose Config has another admin the deploy refuses, names the difference and
// changes nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { AnchorProvider, BN, Program, Wallet, web3, type Idl } from '@anchor-lang/core';

import { startLocalnet, type Localnet } from '../clients/js/test/localnet';
import type * as DeployModule from './deploy';

const migrate: DeployModule.Migrate = require('./deploy');
const { deploy, DeployMismatchError }: typeof DeployModule = require('./deploy');

const { Connection, Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } = web3;
type Connection = web3.Connection;
type Keypair = web3.Keypair;
type PublicKey = web3.PublicKey;

const TOKEN_PROGRAM = new PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
const TOKEN_2022_PROGRAM = new PublicKey('TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb');
const ASSOCIATED_TOKEN_PROGRAM = new PublicKey('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL');
const STAKE_POOL_PROGRAM = new PublicKey('SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy');
const MARINADE_PROGRAM = new PublicKey('MarBmsSgKXdrN1egZf5sqe1TMai9K1rChYNDJgjq7aD');
const WSOL_MINT = 'So11111111111111111111111111111111111111112';
const U64_MAX = '18446744073709551615';
const SOL = 1_000_000_000;

const idl = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'idl', `${name}.json`), 'utf8')) as Idl;
const vaultIdl = idl('lrt_vault');
const registryIdl = idl('slasher_registry');
const VAULT_PROGRAM = new PublicKey(vaultIdl.address);
const REGISTRY_PROGRAM = new PublicKey(registryIdl.address);

const pda = (seeds: (Buffer | Uint8Array)[], program: PublicKey) =>
  PublicKey.findProgramAddressSync(seeds, program)[0];
const CONFIG = pda([Buffer.from('config')], VAULT_PROGRAM);
const REGISTRY_CONFIG = pda([Buffer.from('registry_config')], REGISTRY_PROGRAM);

// ---------------------------------------------------------------------------------------
// Helpers

// `confirmed`: at `processed`, web3.js's confirmation sometimes misses a transaction surfpool
// executed inside `sendTransaction` (no notification, no status yet) and waits 30 s.
function connect(net: Localnet): Connection {
  return new Connection(net.rpcUrl, { commitment: 'confirmed', wsEndpoint: net.wsUrl });
}

/** web3.js reconnects its WebSocket forever once the network is gone: close it first. */
function disconnect(connection: Connection) {
  (connection as unknown as { _rpcWebSocket: { close(): void } })._rpcWebSocket.close();
}

async function fundedKeypair(connection: Connection, sol: number): Promise<Keypair> {
  const keypair = Keypair.generate();
  const signature = await connection.requestAirdrop(keypair.publicKey, sol * SOL);
  await connection.confirmTransaction(signature, 'confirmed');
  return keypair;
}

function providerFor(connection: Connection, keypair: Keypair): AnchorProvider {
  return new AnchorProvider(connection, new Wallet(keypair), {
    commitment: 'confirmed',
    preflightCommitment: 'confirmed',
  });
}

/** A 9-decimal mint without freeze authority, minted by `payer`. */
async function createMint(provider: AnchorProvider, tokenProgram: PublicKey): Promise<PublicKey> {
  const mint = Keypair.generate();
  const payer = provider.wallet.publicKey;
  const lamports = await provider.connection.getMinimumBalanceForRentExemption(82);
  const initializeMint2 = new TransactionInstruction({
    programId: tokenProgram,
    keys: [{ pubkey: mint.publicKey, isSigner: false, isWritable: true }],
    // InitializeMint2: decimals, mint authority, no freeze authority
    data: Buffer.concat([Buffer.from([20, 9]), payer.toBuffer(), Buffer.from([0])]),
  });
  await provider.sendAndConfirm(
    new Transaction().add(
      SystemProgram.createAccount({
        fromPubkey: payer,
        newAccountPubkey: mint.publicKey,
        lamports,
        space: 82,
        programId: tokenProgram,
      }),
      initializeMint2,
    ),
    [mint],
  );
  return mint.publicKey;
}

/** Writes an account with surfpool's `surfnet_setAccount` (the pricing programs are absent). */
async function setAccount(net: Localnet, address: PublicKey, owner: PublicKey, data: Buffer) {
  const connection = connect(net);
  const lamports = await connection.getMinimumBalanceForRentExemption(data.length);
  const response = await fetch(net.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'surfnet_setAccount',
      params: [
        address.toBase58(),
        {
          lamports,
          data: data.toString('hex'),
          owner: owner.toBase58(),
          executable: false,
          rentEpoch: 0,
        },
      ],
    }),
  });
  const body = (await response.json()) as { error?: { message: string } };
  if (body.error) throw new Error(`surfnet_setAccount: ${body.error.message}`);
}

/** An SPL stake pool updated in `epoch` (restaking_math::encode_stake_pool's offsets). */
function stakePool(mint: PublicKey, tokenProgram: PublicKey, epoch: number): Buffer {
  const data = Buffer.alloc(611);
  data[0] = 1;
  mint.toBuffer().copy(data, 162);
  tokenProgram.toBuffer().copy(data, 226);
  data.writeBigUInt64LE(1_205_000_000_000n, 258); // total lamports
  data.writeBigUInt64LE(1_000_000_000_000n, 266); // pool token supply
  data.writeBigUInt64LE(BigInt(epoch), 274);
  return data;
}

/** A Marinade `State` (restaking_math::encode_marinade_state's offsets). */
function marinadeState(mint: PublicKey): Buffer {
  const data = Buffer.alloc(2616);
  Buffer.from('d8926b5e684bb6b1', 'hex').copy(data, 0);
  mint.toBuffer().copy(data, 8);
  data.writeBigUInt64LE(5_569_433_525n, 512); // 1.2967 SOL per token, as lamports x 2^32
  return data;
}

function borshString(s: string): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(Buffer.byteLength(s));
  return Buffer.concat([length, Buffer.from(s)]);
}

type Snapshot = Record<string, { lamports: number; owner: string; data: string } | null>;

async function snapshot(connection: Connection, addresses: PublicKey[]): Promise<Snapshot> {
  const infos = await connection.getMultipleAccountsInfo(addresses);
  return Object.fromEntries(
    addresses.map((a, i) => {
      const info = infos[i];
      return [
        a.toBase58(),
        info
          ? {
              lamports: info.lamports,
              owner: info.owner.toBase58(),
              data: info.data.toString('hex'),
            }
          : null,
      ];
    }),
  );
}

/** Every signature of `address`, once the chain has confirmed past the latest slot. */
async function signatureCount(connection: Connection, address: PublicKey): Promise<number> {
  const slot = await connection.getSlot('processed');
  while ((await connection.getSlot('confirmed')) <= slot) {
    await new Promise((done) => setTimeout(done, 100));
  }
  return (await connection.getSignaturesForAddress(address, { limit: 1000 }, 'confirmed')).length;
}

/** An account as @anchor-lang/core decodes it from the IDL (camelCase fields). */
type Account = Record<string, unknown>;
const fetchAccount = (program: Program, name: string, address: PublicKey) =>
  (program.account as unknown as Record<string, { fetch(a: PublicKey): Promise<Account> }>)[
    name
  ]!.fetch(address);

const key = (value: unknown) => (value as PublicKey).toBase58();
const num = (value: unknown) => (value as BN).toString();

// ---------------------------------------------------------------------------------------
// The world: a network without the demo, a funded payer, two LSTs with pricing accounts.

let net: Localnet;
let connection: Connection;
let payer: Keypair;
let provider: AnchorProvider;
let configDir: string;
let configPath: string;
const roles = {
  pauser: Keypair.generate().publicKey,
  treasury: Keypair.generate().publicKey,
  vetoAuthority: Keypair.generate().publicKey,
  curator: Keypair.generate().publicKey,
};
let stakePoolMint: PublicKey;
let marinadeMint: PublicKey;
const pool = Keypair.generate().publicKey;
const marinade = Keypair.generate().publicKey;
let deployConfig: DeployModule.DeployConfig;

before(async () => {
  net = await startLocalnet({ demo: false });
  connection = connect(net);
  payer = await fundedKeypair(connection, 100);
  provider = providerFor(connection, payer);
  stakePoolMint = await createMint(provider, TOKEN_2022_PROGRAM);
  marinadeMint = await createMint(provider, TOKEN_PROGRAM);
  const { epoch } = await connection.getEpochInfo();
  await setAccount(
    net,
    pool,
    STAKE_POOL_PROGRAM,
    stakePool(stakePoolMint, TOKEN_2022_PROGRAM, epoch),
  );
  await setAccount(net, marinade, MARINADE_PROGRAM, marinadeState(marinadeMint));

  configDir = mkdtempSync(join(tmpdir(), 'lrt-deploy-'));
  configPath = join(configDir, 'deploy.config.json');
  deployConfig = {
    config: {
      epochLength: 300,
      maxDepositFeeBps: 50,
      maxWithdrawalFeeBps: 75,
      pauser: roles.pauser.toBase58(),
      treasury: roles.treasury.toBase58(),
    },
    registry: {
      vetoWindowSlots: 60,
      resolutionDelaySlots: '90',
      maxVaultSlashBpsPerEpoch: 2_500,
      maxCommissionBps: 3_000,
      vetoAuthority: roles.vetoAuthority.toBase58(),
    },
    vault: {
      name: 'Migrated Restaked SOL',
      symbol: 'mrSOL',
      uri: 'https://example.org/mrsol.json',
      // proposed: the payer holds the role until this key accepts
      curator: roles.curator.toBase58(),
      lrtMintKeypair: 'keys/lrt-mint.json',
      seedAmount: '5000000',
      assets: [
        { symbol: 'wSOL', mint: WSOL_MINT, pricing: 'wsol' },
        {
          symbol: 'tsSOL',
          mint: stakePoolMint.toBase58(),
          pricing: { splStakePool: pool.toBase58() },
          depositCap: '1000000000000',
        },
        {
          symbol: 'tmSOL',
          mint: marinadeMint.toBase58(),
          pricing: { marinade: marinade.toBase58() },
          depositCap: 250_000_000_000,
        },
      ],
    },
  };
  writeFileSync(configPath, JSON.stringify(deployConfig, null, 2));
});

after(async () => {
  if (connection) disconnect(connection);
  await net?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------

let firstRun: DeployModule.DeployReport;

test('the first run creates the config, the registry, the vault and its assets as configured', async () => {
  process.env['LRT_DEPLOY_CONFIG'] = configPath;
  try {
    firstRun = await migrate(provider);
  } finally {
    delete process.env['LRT_DEPLOY_CONFIG'];
  }
  assert.deepEqual(
    firstRun.steps.map((s) => [s.step, s.status]),
    [
      ['config', 'created'],
      ['registry config', 'created'],
      ['vault', 'created'],
      ['asset wSOL', 'created'],
      ['asset tsSOL', 'created'],
      ['asset tmSOL', 'created'],
    ],
  );
  // config, registry, vault (with the wSOL seed), the two other assets in one transaction
  assert.equal(firstRun.signatures.length, 4);
  assert.equal(firstRun.config, CONFIG.toBase58());
  assert.equal(firstRun.registryConfig, REGISTRY_CONFIG.toBase58());

  // the LRT mint is the keypair the deploy wrote, and fixes the vault's address
  const mintKeypair = Keypair.fromSecretKey(
    Uint8Array.from(JSON.parse(readFileSync(join(configDir, 'keys/lrt-mint.json'), 'utf8'))),
  );
  const lrtMint = mintKeypair.publicKey;
  const vault = pda([Buffer.from('vault'), lrtMint.toBuffer()], VAULT_PROGRAM);
  assert.equal(firstRun.lrtMint, lrtMint.toBase58());
  assert.equal(firstRun.vault, vault.toBase58());

  const vaultProgram = new Program(vaultIdl, provider);
  const registryProgram = new Program(registryIdl, provider);

  const config = await fetchAccount(vaultProgram, 'config', CONFIG);
  assert.equal(key(config['admin']), payer.publicKey.toBase58());
  assert.equal(config['pendingAdmin'], null);
  assert.equal(key(config['pauser']), roles.pauser.toBase58());
  assert.equal(key(config['treasury']), roles.treasury.toBase58());
  assert.equal(key(config['registryProgram']), REGISTRY_PROGRAM.toBase58());
  assert.equal(num(config['epochLength']), '300');
  assert.equal(config['maxDepositFeeBps'], 50);
  assert.equal(config['maxWithdrawalFeeBps'], 75);
  assert.equal(config['paused'], false);

  const registry = await fetchAccount(registryProgram, 'registryConfig', REGISTRY_CONFIG);
  assert.equal(key(registry['admin']), payer.publicKey.toBase58());
  assert.equal(key(registry['vetoAuthority']), roles.vetoAuthority.toBase58());
  assert.equal(key(registry['vaultProgram']), VAULT_PROGRAM.toBase58());
  assert.equal(num(registry['paramsEffectiveEpoch']), '0');
  for (const params of [registry['params'], registry['nextParams']] as Account[]) {
    assert.equal(num(params['vetoWindowSlots']), '60');
    assert.equal(num(params['resolutionDelaySlots']), '90');
    assert.equal(params['maxVaultSlashBpsPerEpoch'], 2_500);
    assert.equal(params['maxCommissionBps'], 3_000);
  }

  const v = await fetchAccount(vaultProgram, 'vault', vault);
  assert.equal(key(v['lrtMint']), lrtMint.toBase58());
  assert.equal(key(v['curator']), payer.publicKey.toBase58());
  assert.equal(key(v['pendingCurator']), roles.curator.toBase58());
  assert.equal(key(v['feeAdmin']), payer.publicKey.toBase58());
  assert.equal(v['pendingFeeAdmin'], null);
  // the seed: 0.005 wSOL at one lamport a share
  assert.equal(num(v['shareSupply']), '5000000');
  assert.equal(v['assetCount'], 3);
  const deadShares = pda([Buffer.from('dead_shares'), vault.toBuffer()], VAULT_PROGRAM);
  assert.equal(key(v['deadSharesAccount']), deadShares.toBase58());
  const expected = [
    [WSOL_MINT, TOKEN_PROGRAM, { wsol: {} }, U64_MAX, 5_000_000n],
    [stakePoolMint.toBase58(), TOKEN_2022_PROGRAM, { splStakePool: { pool } }, '1000000000000', 0n],
    [marinadeMint.toBase58(), TOKEN_PROGRAM, { marinade: { state: marinade } }, '250000000000', 0n],
  ] as const;
  const slots = v['assets'] as Account[];
  for (const [i, [mint, tokenProgram, pricing, cap, held]] of expected.entries()) {
    const slot = slots[i]!;
    const reserve = pda(
      [Buffer.from('reserve'), vault.toBuffer(), new PublicKey(mint).toBuffer()],
      VAULT_PROGRAM,
    );
    assert.equal(key(slot['mint']), mint);
    assert.equal(key(slot['tokenProgram']), tokenProgram.toBase58());
    assert.equal(key(slot['reserve']), reserve.toBase58());
    assert.deepEqual(slot['pricing'], pricing);
    assert.equal(num(slot['depositCap']), cap);
    assert.equal(firstRun.steps[3 + i]!.address, reserve.toBase58());
    // the reserve: a token account of the vault for this mint
    const account = await connection.getAccountInfo(reserve);
    assert.ok(account, `reserve of ${mint}`);
    assert.equal(account.owner.toBase58(), tokenProgram.toBase58());
    assert.equal(new PublicKey(account.data.subarray(0, 32)).toBase58(), mint);
    assert.equal(new PublicKey(account.data.subarray(32, 64)).toBase58(), vault.toBase58());
    assert.equal(account.data.readBigUInt64LE(64), held);
  }

  // the LRT: a Token-2022 mint of 9 decimals, the vault its authority, the dead shares
  // its whole supply, the metadata as configured
  const mint = await connection.getAccountInfo(lrtMint);
  assert.ok(mint);
  assert.equal(mint.owner.toBase58(), TOKEN_2022_PROGRAM.toBase58());
  assert.equal(mint.data.readUInt32LE(0), 1);
  assert.equal(new PublicKey(mint.data.subarray(4, 36)).toBase58(), vault.toBase58());
  assert.equal(mint.data.readBigUInt64LE(36), 5_000_000n);
  assert.equal(mint.data[44], 9);
  const metadata = Buffer.concat(
    ['Migrated Restaked SOL', 'mrSOL', 'https://example.org/mrsol.json'].map(borshString),
  );
  assert.ok(mint.data.includes(metadata), 'name, symbol and uri in the mint');
  const dead = await connection.getAccountInfo(deadShares);
  assert.equal(dead?.data.readBigUInt64LE(64), 5_000_000n);

  // the wSOL wrapped for the seed went through a temporary account, closed again
  const wsolAccount = pda(
    [payer.publicKey.toBuffer(), TOKEN_PROGRAM.toBuffer(), new PublicKey(WSOL_MINT).toBuffer()],
    ASSOCIATED_TOKEN_PROGRAM,
  );
  assert.equal(await connection.getAccountInfo(wsolAccount), null);

  assert.deepEqual(firstRun.accounts, [
    CONFIG.toBase58(),
    REGISTRY_CONFIG.toBase58(),
    vault.toBase58(),
    lrtMint.toBase58(),
    deadShares.toBase58(),
    ...firstRun.steps.slice(3).map((s) => s.address),
  ]);
});

test('the second run changes nothing', async () => {
  assert.ok(firstRun, 'the first run ran');
  const touched = [...firstRun.accounts, firstRun.lrtMint].map((a) => new PublicKey(a));
  const wsolAccount = pda(
    [payer.publicKey.toBuffer(), TOKEN_PROGRAM.toBuffer(), new PublicKey(WSOL_MINT).toBuffer()],
    ASSOCIATED_TOKEN_PROGRAM,
  );
  touched.push(wsolAccount, payer.publicKey);
  const keypairFile = readFileSync(join(configDir, 'keys/lrt-mint.json'), 'utf8');
  const before = await snapshot(connection, touched);
  const signaturesBefore = await signatureCount(connection, payer.publicKey);

  const lines: string[] = [];
  const second = await deploy(provider, deployConfig, {
    baseDir: configDir,
    log: (line) => lines.push(line),
  });

  assert.deepEqual(
    second.steps.map((s) => [s.step, s.status]),
    firstRun.steps.map((s) => [s.step, 'exists']),
  );
  assert.deepEqual(second.signatures, []);
  assert.deepEqual(second.accounts, firstRun.accounts);
  assert.equal(lines.length, 6);
  assert.ok(
    lines.every((line) => line.startsWith('exists')),
    lines.join('\n'),
  );
  assert.deepEqual(await snapshot(connection, touched), before);
  assert.equal(await signatureCount(connection, payer.publicKey), signaturesBefore);
  assert.equal(readFileSync(join(configDir, 'keys/lrt-mint.json'), 'utf8'), keypairFile);
});

test('a Config with another admin: the deploy names the difference and changes nothing', async () => {
  const other = await startLocalnet({ demo: false });
  const otherConnection = connect(other);
  const dir = mkdtempSync(join(tmpdir(), 'lrt-deploy-'));
  try {
    // someone else initialised the Config, with every value the deploy config asks but the admin
    const someoneElse = providerFor(otherConnection, await fundedKeypair(otherConnection, 10));
    await new Program(vaultIdl, someoneElse).methods
      .initializeConfig({
        pauser: roles.pauser,
        treasury: roles.treasury,
        registryProgram: REGISTRY_PROGRAM,
        epochLength: new BN(300),
        maxDepositFeeBps: 50,
        maxWithdrawalFeeBps: 75,
      })
      .accounts({ programData: VAULT_PROGRAM })
      .rpc();
    const ourPayer = await fundedKeypair(otherConnection, 10);
    const touched = [CONFIG, REGISTRY_CONFIG, ourPayer.publicKey];
    const before = await snapshot(otherConnection, touched);
    const signaturesBefore = await signatureCount(otherConnection, ourPayer.publicKey);

    // (wSOL only: the test LSTs exist on the first network)
    const wsolOnly = {
      ...deployConfig,
      vault: { ...deployConfig.vault, assets: deployConfig.vault.assets.slice(0, 1) },
    };
    const lines: string[] = [];
    await assert.rejects(
      deploy(providerFor(otherConnection, ourPayer), wsolOnly, {
        baseDir: dir,
        log: (line) => lines.push(line),
      }),
      (error: unknown) => {
        assert.ok(error instanceof DeployMismatchError);
        assert.match(error.message, /nothing was changed/);
        const mismatches = error.report.steps.filter((s) => s.status === 'mismatch');
        assert.deepEqual(
          mismatches.map((s) => [s.step, s.details]),
          [
            [
              'config',
              [
                `admin: ${someoneElse.wallet.publicKey.toBase58()} on chain, config asks ${ourPayer.publicKey.toBase58()}`,
              ],
            ],
          ],
        );
        return true;
      },
    );
    assert.deepEqual(lines, [
      `mismatch     config ${CONFIG.toBase58()}\n    admin: ${someoneElse.wallet.publicKey.toBase58()} on chain, config asks ${ourPayer.publicKey.toBase58()}`,
    ]);
    assert.deepEqual(await snapshot(otherConnection, touched), before);
    assert.equal(before[REGISTRY_CONFIG.toBase58()], null);
    assert.equal(await signatureCount(otherConnection, ourPayer.publicKey), signaturesBefore);
    assert.equal(existsSync(join(dir, 'keys/lrt-mint.json')), false, 'no mint keypair written');
  } finally {
    disconnect(otherConnection);
    await other.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lost LRT mint keypair: the deploy refuses to create a second vault', async () => {
  assert.ok(firstRun, 'the first run ran');
  const elsewhere = { ...deployConfig.vault, lrtMintKeypair: 'lost/lrt-mint.json' };
  const before = await snapshot(connection, [payer.publicKey]);
  const signaturesBefore = await signatureCount(connection, payer.publicKey);
  await assert.rejects(
    deploy(provider, { ...deployConfig, vault: elsewhere }, { baseDir: configDir, log: () => {} }),
    (error: unknown) => {
      assert.ok(error instanceof DeployMismatchError);
      assert.match(
        error.message,
        new RegExp(
          `problem +vault ${firstRun.vault} \\(LRT mint ${firstRun.lrtMint}\\) with symbol mrSOL is already curated by ${payer.publicKey.toBase58()}, but the LRT mint keypair .*lost/lrt-mint.json is missing`,
        ),
      );
      return true;
    },
  );
  assert.equal(existsSync(join(configDir, 'lost')), false);
  assert.deepEqual(await snapshot(connection, [payer.publicKey]), before);
  assert.equal(await signatureCount(connection, payer.publicKey), signaturesBefore);
});
