// Anchor migration: brings a cluster where `lrt_vault` and `slasher_registry` are
// deployed to a first usable state, idempotently. `anchor migrate` (or any caller) runs it
// with a provider; the provider's wallet becomes the config admin and registry admin,
// creates the first vault and pays for everything.
//
// Steps, in order, each skipped when its account already exists with the values asked:
//   1. `lrt_vault::initialize_config`: the protocol Config (`["config"]`);
//   2. `slasher_registry::initialize_registry`: the registry config (`["registry_config"]`);
//      it reads the vault program's epoch length, so it comes second;
//   3. `lrt_vault::create_vault`: the vault, its Token-2022 LRT mint with metadata, and the
//      seed deposit in the first asset of the list (its dead shares keep the share supply
//      from ever returning to zero); a wSOL seed is wrapped from the wallet's SOL in the
//      same transaction, in a temporary account that is closed again;
//   4. `lrt_vault::add_asset` for every other asset of the list (assets the vault holds
//      beyond the list are left alone).
// Programs come from the committed IDLs (`../idl/*.json`, their `address` is the program
// id); accounts are resolved by Anchor from the IDLs where it can (PDAs, fixed addresses,
// event-CPI accounts), the rest are named here.
//
// Every account is read first. If one exists with values other than the config asks (another
// admin, other fee caps, a vault with another name, an asset with another pricing source or
// cap...), the deploy lists every difference and throws without sending anything: it never
// changes an existing account. Otherwise it creates what is missing and reads everything
// back. It logs each step as `created` or `exists` and returns a report (addresses,
// signatures).
//
// Configuration: the JSON file named by `LRT_DEPLOY_CONFIG`, else `deploy.config.json`
// next to this file. Relative paths in it are relative to the file. Fields (pubkeys in
// base58; u64 values as numbers, or decimal strings above 2^53; a role left out is the
// wallet):
//   config.epochLength            slots per restaking epoch (> 0)
//   config.maxDepositFeeBps       cap on every vault's deposit fee (<= 1000)
//   config.maxWithdrawalFeeBps    cap on every vault's withdrawal fee (<= 1000)
//   config.pauser?, config.treasury?
//   registry.vetoWindowSlots      0 < veto window < epochLength
//   registry.resolutionDelaySlots <= epochLength
//   registry.maxVaultSlashBpsPerEpoch  1..=10000
//   registry.maxCommissionBps     <= 10000
//   registry.vetoAuthority?
//   vault.name (<= 32 bytes), vault.symbol (<= 10), vault.uri? (<= 200)
//   vault.curator?, vault.feeAdmin?   proposed roles: the wallet holds them until the key
//                                     named accepts (`accept_curator`, `accept_fee_admin`)
//   vault.lrtMintKeypair?  keypair file of the LRT mint, which fixes the vault's address
//                          (`["vault", lrt_mint]`); written on the first run if missing.
//                          Keep it: without it a later run cannot find the vault (it then
//                          refuses to create a second one with the same symbol).
//                          Default: `lrt-mint-keypair.json` next to the config file;
//                          the committed deploy.config.json keeps it in
//                          `../target/deploy/`, beside Anchor's program keypairs.
//   vault.seedAmount       raw units of the first asset deposited as dead shares (worth at
//                          least 0.001 SOL)
//   vault.assets[]         { symbol, mint, pricing, depositCap? }: pricing is "wsol", or
//                          { "splStakePool": <pool> }, or { "marinade": <state> };
//                          depositCap in raw units, "max" (the default) for no cap.
// Environment: `LRT_DEPLOY_DRY_RUN=1` reads and reports what would be created, sending
// nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

import { AnchorProvider, BN, Program, web3, type Idl } from '@anchor-lang/core';

const { ComputeBudgetProgram, Keypair, PublicKey, SystemProgram, TransactionInstruction } = web3;
type PublicKey = web3.PublicKey;
type Keypair = web3.Keypair;
type TransactionInstruction = web3.TransactionInstruction;

// ---------------------------------------------------------------------------------------
// Configuration

type U64 = number | string;
export type PricingConfig = 'wsol' | { splStakePool: string } | { marinade: string };

export type AssetConfig = {
  symbol: string;
  mint: string;
  pricing: PricingConfig;
  depositCap?: U64 | 'max';
};

export type DeployConfig = {
  config: {
    epochLength: U64;
    maxDepositFeeBps: number;
    maxWithdrawalFeeBps: number;
    pauser?: string;
    treasury?: string;
  };
  registry: {
    vetoWindowSlots: U64;
    resolutionDelaySlots: U64;
    maxVaultSlashBpsPerEpoch: number;
    maxCommissionBps: number;
    vetoAuthority?: string;
  };
  vault: {
    name: string;
    symbol: string;
    uri?: string;
    curator?: string;
    feeAdmin?: string;
    lrtMintKeypair?: string;
    seedAmount: U64;
    assets: AssetConfig[];
  };
};

/** What one step found or did. */
export type Step = {
  step: string;
  address: string;
  status: 'created' | 'exists' | 'would create' | 'mismatch';
  /** For a mismatch: each field that differs, with the value on chain and the one asked. */
  details: string[];
  signature?: string;
};

export type DeployReport = {
  steps: Step[];
  /** Transactions sent, in order (none when nothing was missing). */
  signatures: string[];
  /** Every account the deploy creates or writes, the wallet aside (empty in a dry run). */
  accounts: string[];
  config: string;
  registryConfig: string;
  vault: string;
  lrtMint: string;
  /** Where the LRT mint keypair is kept. */
  lrtMintKeypair: string;
};

/** Thrown when the cluster holds accounts that differ from the config; nothing was sent. */
export class DeployMismatchError extends Error {
  constructor(
    message: string,
    readonly report: DeployReport,
  ) {
    super(message);
    this.name = 'DeployMismatchError';
  }
}

/** `module.exports` below, for callers that `require` this file. */
export type Migrate = (provider: AnchorProvider) => Promise<DeployReport>;

// ---------------------------------------------------------------------------------------
// Constants of the programs and of the token programs (`lrt_vault::constants`).

const TOKEN_PROGRAM = new PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
const TOKEN_2022_PROGRAM = new PublicKey('TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb');
const ASSOCIATED_TOKEN_PROGRAM = new PublicKey('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL');
const UPGRADEABLE_LOADER = new PublicKey('BPFLoaderUpgradeab1e11111111111111111111111');
const WSOL_MINT = new PublicKey('So11111111111111111111111111111111111111112');
const U64_MAX = new BN('18446744073709551615');
const MAX_ASSETS = 8;
/** The IDLs' `Vault.curator` offset: discriminator (8) + `lrt_mint` (32). */
const VAULT_CURATOR_OFFSET = 40;
/** Token-2022 `ExtensionType::TokenMetadata`. */
const TOKEN_METADATA_EXTENSION = 19;
/** `add_asset` instructions per transaction. */
const ADD_ASSET_BATCH = 3;

// ---------------------------------------------------------------------------------------
// Decoded accounts (the shapes @anchor-lang/core gives for the IDL types).

type DecodedPricing =
  | { wsol: object }
  | { splStakePool: { pool: PublicKey } }
  | { marinade: { state: PublicKey } };

type ConfigAccount = {
  admin: PublicKey;
  pendingAdmin: PublicKey | null;
  pauser: PublicKey;
  treasury: PublicKey;
  pendingTreasury: PublicKey | null;
  registryProgram: PublicKey;
  epochLength: BN;
  maxDepositFeeBps: number;
  maxWithdrawalFeeBps: number;
  paused: boolean;
};

type RegistryParamsAccount = {
  vetoWindowSlots: BN;
  resolutionDelaySlots: BN;
  maxVaultSlashBpsPerEpoch: number;
  maxCommissionBps: number;
};

type RegistryConfigAccount = {
  admin: PublicKey;
  pendingAdmin: PublicKey | null;
  vetoAuthority: PublicKey;
  params: RegistryParamsAccount;
  nextParams: RegistryParamsAccount;
  paramsEffectiveEpoch: BN;
  vaultProgram: PublicKey;
};

type AssetSlotAccount = {
  mint: PublicKey;
  reserve: PublicKey;
  tokenProgram: PublicKey;
  pricing: DecodedPricing;
  depositCap: BN;
};

type VaultAccount = {
  lrtMint: PublicKey;
  curator: PublicKey;
  feeAdmin: PublicKey;
  pendingCurator: PublicKey | null;
  pendingFeeAdmin: PublicKey | null;
  deadSharesAccount: PublicKey;
  assetCount: number;
  assets: AssetSlotAccount[];
};

// ---------------------------------------------------------------------------------------
// Resolved configuration

type Asset = {
  symbol: string;
  mint: PublicKey;
  pricing: DecodedPricing;
  pricingAccount: PublicKey | null;
  depositCap: BN;
};

type Resolved = {
  config: {
    pauser: PublicKey;
    treasury: PublicKey;
    epochLength: BN;
    maxDepositFeeBps: number;
    maxWithdrawalFeeBps: number;
  };
  registry: {
    vetoAuthority: PublicKey;
    vetoWindowSlots: BN;
    resolutionDelaySlots: BN;
    maxVaultSlashBpsPerEpoch: number;
    maxCommissionBps: number;
  };
  vault: {
    name: string;
    symbol: string;
    uri: string;
    curator: PublicKey;
    feeAdmin: PublicKey;
    lrtMintKeypair: string;
    seedAmount: BN;
    assets: Asset[];
  };
};

function u64(value: U64, what: string): BN {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new Error(`${what}: ${value} is not exact as a JSON number: write it as a string`);
  }
  const text = String(value);
  if (!/^\d+$/.test(text)) throw new Error(`${what}: ${text} is not an unsigned integer`);
  const n = new BN(text);
  if (n.gt(U64_MAX)) throw new Error(`${what}: ${text} does not fit in a u64`);
  return n;
}

function bps(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${what}: ${value} is not an integer in 0..=${max}`);
  }
  return value;
}

function pubkey(value: string, what: string): PublicKey {
  try {
    return new PublicKey(value);
  } catch {
    throw new Error(`${what}: ${value} is not a base58 public key`);
  }
}

function pricingOf(asset: AssetConfig): Pick<Asset, 'pricing' | 'pricingAccount'> {
  const what = `vault.assets ${asset.symbol}: pricing`;
  if (asset.pricing === 'wsol') {
    if (asset.mint !== WSOL_MINT.toBase58())
      throw new Error(`${what}: "wsol" prices only ${WSOL_MINT.toBase58()}`);
    return { pricing: { wsol: {} }, pricingAccount: null };
  }
  if (typeof asset.pricing === 'object' && 'splStakePool' in asset.pricing) {
    const pool = pubkey(asset.pricing.splStakePool, what);
    return { pricing: { splStakePool: { pool } }, pricingAccount: pool };
  }
  if (typeof asset.pricing === 'object' && 'marinade' in asset.pricing) {
    const state = pubkey(asset.pricing.marinade, what);
    return { pricing: { marinade: { state } }, pricingAccount: state };
  }
  throw new Error(
    `${what}: expected "wsol", { "splStakePool": <pool> } or { "marinade": <state> }`,
  );
}

/** Checks the bounds the programs enforce, so a bad config fails before any transaction. */
export function resolveConfig(raw: DeployConfig, wallet: PublicKey, baseDir: string): Resolved {
  const epochLength = u64(raw.config.epochLength, 'config.epochLength');
  if (epochLength.isZero()) throw new Error('config.epochLength must be > 0');
  const vetoWindowSlots = u64(raw.registry.vetoWindowSlots, 'registry.vetoWindowSlots');
  if (vetoWindowSlots.isZero() || vetoWindowSlots.gte(epochLength)) {
    throw new Error('registry.vetoWindowSlots must be > 0 and < config.epochLength');
  }
  const resolutionDelaySlots = u64(
    raw.registry.resolutionDelaySlots,
    'registry.resolutionDelaySlots',
  );
  if (resolutionDelaySlots.gt(epochLength)) {
    throw new Error('registry.resolutionDelaySlots must be <= config.epochLength');
  }
  const maxVaultSlashBpsPerEpoch = bps(
    raw.registry.maxVaultSlashBpsPerEpoch,
    10_000,
    'registry.maxVaultSlashBpsPerEpoch',
  );
  if (maxVaultSlashBpsPerEpoch === 0)
    throw new Error('registry.maxVaultSlashBpsPerEpoch must be > 0');

  const v = raw.vault;
  const uri = v.uri ?? '';
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  if (bytes(v.name) > 32 || bytes(v.symbol) > 10 || bytes(uri) > 200) {
    throw new Error('vault: name, symbol and uri are limited to 32, 10 and 200 bytes');
  }
  if (v.assets.length === 0) throw new Error('vault.assets: list at least the seed asset');
  if (v.assets.length > MAX_ASSETS) throw new Error(`vault.assets: at most ${MAX_ASSETS}`);
  const assets = v.assets.map((a) => ({
    symbol: a.symbol,
    mint: pubkey(a.mint, `vault.assets ${a.symbol}: mint`),
    ...pricingOf(a),
    depositCap:
      a.depositCap === undefined || a.depositCap === 'max'
        ? U64_MAX
        : u64(a.depositCap, `vault.assets ${a.symbol}: depositCap`),
  }));
  const mints = new Set(assets.map((a) => a.mint.toBase58()));
  if (mints.size !== assets.length) throw new Error('vault.assets: a mint is listed twice');
  const seedAmount = u64(v.seedAmount, 'vault.seedAmount');
  if (seedAmount.isZero()) throw new Error('vault.seedAmount must be > 0');
  if (seedAmount.gt(assets[0]!.depositCap))
    throw new Error('vault.seedAmount exceeds the seed asset deposit cap');

  const role = (value: string | undefined, what: string) =>
    value === undefined ? wallet : pubkey(value, what);
  const keypairPath = v.lrtMintKeypair ?? 'lrt-mint-keypair.json';
  return {
    config: {
      pauser: role(raw.config.pauser, 'config.pauser'),
      treasury: role(raw.config.treasury, 'config.treasury'),
      epochLength,
      maxDepositFeeBps: bps(raw.config.maxDepositFeeBps, 1_000, 'config.maxDepositFeeBps'),
      maxWithdrawalFeeBps: bps(raw.config.maxWithdrawalFeeBps, 1_000, 'config.maxWithdrawalFeeBps'),
    },
    registry: {
      vetoAuthority: role(raw.registry.vetoAuthority, 'registry.vetoAuthority'),
      vetoWindowSlots,
      resolutionDelaySlots,
      maxVaultSlashBpsPerEpoch,
      maxCommissionBps: bps(raw.registry.maxCommissionBps, 10_000, 'registry.maxCommissionBps'),
    },
    vault: {
      name: v.name,
      symbol: v.symbol,
      uri,
      curator: role(v.curator, 'vault.curator'),
      feeAdmin: role(v.feeAdmin, 'vault.feeAdmin'),
      lrtMintKeypair: isAbsolute(keypairPath) ? keypairPath : resolve(baseDir, keypairPath),
      seedAmount,
      assets,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Helpers

/** The account client of `name` (camelCase), typed as what it decodes. */
type AccountReader<T> = {
  fetchNullable(address: PublicKey): Promise<T | null>;
  all(filters?: web3.GetProgramAccountsFilter[]): Promise<{ publicKey: PublicKey; account: T }[]>;
};

function accountReader<T>(program: Program, name: string): AccountReader<T> {
  const client = (program.account as unknown as Record<string, AccountReader<T> | undefined>)[name];
  if (!client) throw new Error(`the ${program.idl.metadata.name} IDL has no account ${name}`);
  return client;
}

function loadIdl(name: string): Idl {
  return JSON.parse(readFileSync(join(__dirname, '..', 'idl', `${name}.json`), 'utf8')) as Idl;
}

function pda(seeds: (Buffer | Uint8Array)[], program: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync(seeds, program)[0];
}

function associatedTokenAccount(
  owner: PublicKey,
  mint: PublicKey,
  tokenProgram: PublicKey,
): PublicKey {
  return pda(
    [owner.toBuffer(), tokenProgram.toBuffer(), mint.toBuffer()],
    ASSOCIATED_TOKEN_PROGRAM,
  );
}

function createAssociatedTokenAccountIdempotent(
  payer: PublicKey,
  ata: PublicKey,
  owner: PublicKey,
  mint: PublicKey,
  tokenProgram: PublicKey,
): TransactionInstruction {
  return new TransactionInstruction({
    programId: ASSOCIATED_TOKEN_PROGRAM,
    keys: [
      { pubkey: payer, isSigner: true, isWritable: true },
      { pubkey: ata, isSigner: false, isWritable: true },
      { pubkey: owner, isSigner: false, isWritable: false },
      { pubkey: mint, isSigner: false, isWritable: false },
      { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
      { pubkey: tokenProgram, isSigner: false, isWritable: false },
    ],
    data: Buffer.from([1]),
  });
}

/** SPL Token `SyncNative` (17): the account's wSOL balance follows its lamports. */
function syncNative(account: PublicKey): TransactionInstruction {
  return new TransactionInstruction({
    programId: TOKEN_PROGRAM,
    keys: [{ pubkey: account, isSigner: false, isWritable: true }],
    data: Buffer.from([17]),
  });
}

/** SPL Token `CloseAccount` (9). */
function closeAccount(
  account: PublicKey,
  destination: PublicKey,
  owner: PublicKey,
): TransactionInstruction {
  return new TransactionInstruction({
    programId: TOKEN_PROGRAM,
    keys: [
      { pubkey: account, isSigner: false, isWritable: true },
      { pubkey: destination, isSigner: false, isWritable: true },
      { pubkey: owner, isSigner: true, isWritable: false },
    ],
    data: Buffer.from([9]),
  });
}

/** Token amount of a token account (both token programs: amount at offset 64). */
function tokenAmount(data: Buffer): BN {
  return new BN(data.subarray(64, 72), 'le');
}

/** Name, symbol and uri of a Token-2022 mint's metadata extension, if it has one. */
export function readTokenMetadata(
  data: Buffer,
): { name: string; symbol: string; uri: string } | null {
  // base mint (82 bytes) padded to 165, the account type byte, then type-length-value entries
  let offset = 166;
  while (offset + 4 <= data.length) {
    const type = data.readUInt16LE(offset);
    const length = data.readUInt16LE(offset + 2);
    const value = data.subarray(offset + 4, offset + 4 + length);
    if (type === TOKEN_METADATA_EXTENSION) {
      let at = 64; // update authority, mint
      const text = () => {
        const n = value.readUInt32LE(at);
        const s = value.subarray(at + 4, at + 4 + n).toString('utf8');
        at += 4 + n;
        return s;
      };
      const name = text();
      const symbol = text();
      const uri = text();
      return { name, symbol, uri };
    }
    if (type === 0) break;
    offset += 4 + length;
  }
  return null;
}

function describePricing(p: DecodedPricing): string {
  if ('splStakePool' in p) return `splStakePool(${p.splStakePool.pool.toBase58()})`;
  if ('marinade' in p) return `marinade(${p.marinade.state.toBase58()})`;
  return 'wsol';
}

function differences(fields: [string, unknown, unknown][]): string[] {
  const text = (v: unknown) =>
    v === null || v === undefined
      ? 'none'
      : v instanceof PublicKey
        ? v.toBase58()
        : BN.isBN(v)
          ? v.toString()
          : String(v);
  return fields
    .filter(([, onChain, asked]) => text(onChain) !== text(asked))
    .map(
      ([name, onChain, asked]) => `${name}: ${text(onChain)} on chain, config asks ${text(asked)}`,
    );
}

function readOrCreateKeypair(path: string, create: boolean): Keypair | null {
  if (existsSync(path)) {
    return Keypair.fromSecretKey(
      Uint8Array.from(JSON.parse(readFileSync(path, 'utf8')) as number[]),
    );
  }
  if (!create) return null;
  const keypair = Keypair.generate();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(Array.from(keypair.secretKey)), { mode: 0o600 });
  return keypair;
}

// ---------------------------------------------------------------------------------------
// The deploy

/**
 * Runs the deploy on the provider's cluster with `raw` (see the top of this file); the
 * wallet is admin, creator and payer. `log` receives one line per step.
 */
export async function deploy(
  provider: AnchorProvider,
  raw: DeployConfig,
  options: { baseDir: string; dryRun?: boolean; log?: (line: string) => void },
): Promise<DeployReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const wallet = provider.wallet.publicKey;
  const cfg = resolveConfig(raw, wallet, options.baseDir);
  const connection = provider.connection;

  const vaultProgram = new Program(loadIdl('lrt_vault'), provider);
  const registryProgram = new Program(loadIdl('slasher_registry'), provider);
  const vaultId = vaultProgram.programId;
  const registryId = registryProgram.programId;

  const configAddress = pda([Buffer.from('config')], vaultId);
  const registryConfigAddress = pda([Buffer.from('registry_config')], registryId);

  const steps: Step[] = [];
  const problems: string[] = [];
  const step = (s: Step) => {
    steps.push(s);
    return s;
  };

  // Programs: deployed, and (through the upgradeable loader) their program data account,
  // which `initialize_*` need to check the upgrade authority.
  const programData = async (id: PublicKey, name: string): Promise<PublicKey | null> => {
    const account = await connection.getAccountInfo(id);
    if (!account?.executable) {
      problems.push(`program ${name} (${id.toBase58()}) is not deployed on this cluster`);
      return null;
    }
    return account.owner.equals(UPGRADEABLE_LOADER)
      ? pda([id.toBuffer()], UPGRADEABLE_LOADER)
      : null;
  };
  const vaultProgramData = await programData(vaultId, 'lrt_vault');
  const registryProgramData = await programData(registryId, 'slasher_registry');

  // 1. Config
  const config = await accountReader<ConfigAccount>(vaultProgram, 'config').fetchNullable(
    configAddress,
  );
  const configStep = step({
    step: 'config',
    address: configAddress.toBase58(),
    status: 'would create',
    details: [],
  });
  if (config) {
    configStep.details = differences([
      ['admin', config.admin, wallet],
      ['pauser', config.pauser, cfg.config.pauser],
      ['treasury', config.treasury, cfg.config.treasury],
      ['registry_program', config.registryProgram, registryId],
      ['epoch_length', config.epochLength, cfg.config.epochLength],
      ['max_deposit_fee_bps', config.maxDepositFeeBps, cfg.config.maxDepositFeeBps],
      ['max_withdrawal_fee_bps', config.maxWithdrawalFeeBps, cfg.config.maxWithdrawalFeeBps],
    ]);
    configStep.status = configStep.details.length ? 'mismatch' : 'exists';
  }

  // 2. Registry config. The parameters compared are the ones announced last (in force at
  //    creation; a later announcement is a difference to report, not to undo).
  const registry = await accountReader<RegistryConfigAccount>(
    registryProgram,
    'registryConfig',
  ).fetchNullable(registryConfigAddress);
  const registryStep = step({
    step: 'registry config',
    address: registryConfigAddress.toBase58(),
    status: 'would create',
    details: [],
  });
  if (registry) {
    const p = registry.nextParams;
    registryStep.details = differences([
      ['admin', registry.admin, wallet],
      ['veto_authority', registry.vetoAuthority, cfg.registry.vetoAuthority],
      ['vault_program', registry.vaultProgram, vaultId],
      ['veto_window_slots', p.vetoWindowSlots, cfg.registry.vetoWindowSlots],
      ['resolution_delay_slots', p.resolutionDelaySlots, cfg.registry.resolutionDelaySlots],
      [
        'max_vault_slash_bps_per_epoch',
        p.maxVaultSlashBpsPerEpoch,
        cfg.registry.maxVaultSlashBpsPerEpoch,
      ],
      ['max_commission_bps', p.maxCommissionBps, cfg.registry.maxCommissionBps],
    ]);
    registryStep.status = registryStep.details.length ? 'mismatch' : 'exists';
  }

  // 3. The vault, found through its LRT mint keypair file.
  let lrtMintKeypair = readOrCreateKeypair(cfg.vault.lrtMintKeypair, false);
  let lrtMint = lrtMintKeypair?.publicKey ?? null;
  const vaults = accountReader<VaultAccount>(vaultProgram, 'vault');
  let vault: VaultAccount | null = null;
  if (lrtMint) {
    vault = await vaults.fetchNullable(pda([Buffer.from('vault'), lrtMint.toBuffer()], vaultId));
  } else {
    // No keypair file: refuse to create a second vault with this symbol for this curator.
    const mine = await vaults.all([
      { memcmp: { offset: VAULT_CURATOR_OFFSET, bytes: wallet.toBase58() } },
    ]);
    for (const { publicKey, account } of mine) {
      const mint = account.lrtMint;
      const info = await connection.getAccountInfo(mint);
      if (info && readTokenMetadata(info.data)?.symbol === cfg.vault.symbol) {
        problems.push(
          `vault ${publicKey.toBase58()} (LRT mint ${mint.toBase58()}) with symbol ${cfg.vault.symbol} is already curated by ${wallet.toBase58()}, ` +
            `but the LRT mint keypair ${cfg.vault.lrtMintKeypair} is missing: restore it rather than create a second vault`,
        );
      }
    }
  }
  const vaultStep = step({ step: 'vault', address: '', status: 'would create', details: [] });
  if (vault && lrtMint) {
    const mintInfo = await connection.getAccountInfo(lrtMint);
    const metadata = mintInfo ? readTokenMetadata(mintInfo.data) : null;
    vaultStep.details = differences([
      ['name', metadata?.name, cfg.vault.name],
      ['symbol', metadata?.symbol, cfg.vault.symbol],
      ['uri', metadata?.uri, cfg.vault.uri],
    ]);
    // a role matches when the key asked holds it or has been proposed it (and may accept)
    const role = (name: string, held: PublicKey, pending: PublicKey | null, asked: PublicKey) => {
      if (held.equals(asked) || (pending !== null && pending.equals(asked))) return;
      const onChain = held.toBase58() + (pending ? ` (proposed: ${pending.toBase58()})` : '');
      vaultStep.details.push(`${name}: ${onChain} on chain, config asks ${asked.toBase58()}`);
    };
    role('curator', vault.curator, vault.pendingCurator, cfg.vault.curator);
    role('fee_admin', vault.feeAdmin, vault.pendingFeeAdmin, cfg.vault.feeAdmin);
    vaultStep.status = vaultStep.details.length ? 'mismatch' : 'exists';
  }

  // Assets: their mints exist (the token program is the mint's owner), the pricing account
  // exists; on an existing vault, each listed asset is there with the same pricing and cap.
  const tokenPrograms = new Map<string, PublicKey>();
  for (const asset of cfg.vault.assets) {
    const mint = await connection.getAccountInfo(asset.mint);
    if (!mint || !(mint.owner.equals(TOKEN_PROGRAM) || mint.owner.equals(TOKEN_2022_PROGRAM))) {
      problems.push(
        `asset ${asset.symbol}: ${asset.mint.toBase58()} is not a token mint on this cluster`,
      );
    } else {
      tokenPrograms.set(asset.mint.toBase58(), mint.owner);
    }
    if (asset.pricingAccount && !(await connection.getAccountInfo(asset.pricingAccount))) {
      problems.push(
        `asset ${asset.symbol}: pricing account ${asset.pricingAccount.toBase58()} does not exist`,
      );
    }
  }
  // The seed deposit of a new vault: wSOL is wrapped from the wallet's SOL, another asset
  // must already be in the wallet's associated token account.
  const seed = cfg.vault.assets[0]!;
  let seedPlan: { account: PublicKey; held: BN | null; tokenProgram: PublicKey } | null = null;
  const seedTokenProgram = tokenPrograms.get(seed.mint.toBase58());
  if (!vault && seedTokenProgram) {
    const account = associatedTokenAccount(wallet, seed.mint, seedTokenProgram);
    const info = await connection.getAccountInfo(account);
    const held = info ? tokenAmount(info.data) : null;
    if (!seed.mint.equals(WSOL_MINT) && (held === null || held.lt(cfg.vault.seedAmount))) {
      problems.push(
        `the seed deposit needs ${cfg.vault.seedAmount.toString()} ${seed.symbol} in ${account.toBase58()}, which holds ${held?.toString() ?? 'nothing'}`,
      );
    }
    seedPlan = { account, held, tokenProgram: seedTokenProgram };
  }

  const missingAssets: Asset[] = [];
  const assetSteps = cfg.vault.assets.map((asset) => {
    const s = step({
      step: `asset ${asset.symbol}`,
      address: '',
      status: 'would create',
      details: [],
    });
    if (!vault) return s;
    const slot = vault.assets.slice(0, vault.assetCount).find((a) => a.mint.equals(asset.mint));
    if (!slot) {
      missingAssets.push(asset);
      if (!vault.curator.equals(wallet)) {
        s.status = 'mismatch';
        s.details = [
          `missing from the vault, whose curator ${vault.curator.toBase58()} is not this wallet: it cannot be added here`,
        ];
      }
      return s;
    }
    s.address = slot.reserve.toBase58();
    s.details = differences([
      ['pricing', describePricing(slot.pricing), describePricing(asset.pricing)],
      ['deposit_cap', slot.depositCap, asset.depositCap],
    ]);
    s.status = s.details.length ? 'mismatch' : 'exists';
    return s;
  });

  const report: DeployReport = {
    steps,
    signatures: [],
    accounts: [],
    config: configAddress.toBase58(),
    registryConfig: registryConfigAddress.toBase58(),
    vault: '',
    lrtMint: '',
    lrtMintKeypair: cfg.vault.lrtMintKeypair,
  };
  const describe = (s: Step) =>
    `${s.status.padEnd(12)} ${s.step}${s.address ? ` ${s.address}` : ''}${s.details.length ? `\n    ${s.details.join('\n    ')}` : ''}`;
  const mismatches = steps.filter((s) => s.status === 'mismatch');
  if (mismatches.length || problems.length) {
    const lines = [...mismatches.map(describe), ...problems.map((p) => `problem      ${p}`)];
    for (const line of lines) log(line);
    throw new DeployMismatchError(
      `deploy: the cluster does not match the config; nothing was changed\n${lines.join('\n')}`,
      report,
    );
  }
  if (options.dryRun) {
    for (const s of steps) log(describe(s));
    return report;
  }

  // Everything matches or is missing: create what is missing, in order. (An optional
  // account left out is passed as the program id: Anchor's encoding of `None`.)
  // Each step waits for `confirmed` (or the provider's `finalized`) before the next.
  const confirm: web3.ConfirmOptions = {
    ...provider.opts,
    commitment: provider.opts.commitment === 'finalized' ? 'finalized' : 'confirmed',
  };
  const send = async (s: Step, builder: { rpc(options: web3.ConfirmOptions): Promise<string> }) => {
    const signature = await builder.rpc(confirm);
    s.status = 'created';
    s.signature = signature;
    report.signatures.push(signature);
  };

  if (configStep.status === 'would create') {
    await send(
      configStep,
      vaultProgram.methods
        .initializeConfig({
          pauser: cfg.config.pauser,
          treasury: cfg.config.treasury,
          registryProgram: registryId,
          epochLength: cfg.config.epochLength,
          maxDepositFeeBps: cfg.config.maxDepositFeeBps,
          maxWithdrawalFeeBps: cfg.config.maxWithdrawalFeeBps,
        })
        .accounts({ admin: wallet, programData: vaultProgramData ?? vaultId }),
    );
  }
  log(describe(configStep));

  if (registryStep.status === 'would create') {
    await send(
      registryStep,
      registryProgram.methods
        .initializeRegistry({
          vetoAuthority: cfg.registry.vetoAuthority,
          vetoWindowSlots: cfg.registry.vetoWindowSlots,
          resolutionDelaySlots: cfg.registry.resolutionDelaySlots,
          maxVaultSlashBpsPerEpoch: cfg.registry.maxVaultSlashBpsPerEpoch,
          maxCommissionBps: cfg.registry.maxCommissionBps,
        })
        .accounts({ admin: wallet, programData: registryProgramData ?? registryId }),
    );
  }
  log(describe(registryStep));

  const tokenProgramOf = (asset: Asset) => tokenPrograms.get(asset.mint.toBase58())!;
  if (!vault) {
    lrtMintKeypair = readOrCreateKeypair(cfg.vault.lrtMintKeypair, true)!;
    lrtMint = lrtMintKeypair.publicKey;
    const { account: seedAccount, held, tokenProgram } = seedPlan!;
    const pre: TransactionInstruction[] = [
      ComputeBudgetProgram.setComputeUnitLimit({ units: 400_000 }),
    ];
    const post: TransactionInstruction[] = [];
    if (seed.mint.equals(WSOL_MINT)) {
      // wrap the seed: top the wallet's wSOL account up to the seed amount; close it after
      // if it was made for this
      if (held === null) {
        pre.push(
          createAssociatedTokenAccountIdempotent(
            wallet,
            seedAccount,
            wallet,
            seed.mint,
            tokenProgram,
          ),
        );
        post.push(closeAccount(seedAccount, wallet, wallet));
      }
      const missing = cfg.vault.seedAmount.sub(held ?? new BN(0));
      if (missing.gtn(0)) {
        pre.push(
          SystemProgram.transfer({
            fromPubkey: wallet,
            toPubkey: seedAccount,
            lamports: BigInt(missing.toString()),
          }),
          syncNative(seedAccount),
        );
      }
    }
    await send(
      vaultStep,
      vaultProgram.methods
        .createVault({
          name: cfg.vault.name,
          symbol: cfg.vault.symbol,
          uri: cfg.vault.uri,
          curator: cfg.vault.curator,
          feeAdmin: cfg.vault.feeAdmin,
          seedAsset: { pricing: seed.pricing, depositCap: seed.depositCap },
          seedAmount: cfg.vault.seedAmount,
        })
        .accounts({
          creator: wallet,
          // a signer: without it Anchor would default it to the wallet
          lrtMint,
          seedMint: seed.mint,
          creatorSeedAccount: seedAccount,
          pricingAccount: seed.pricingAccount ?? vaultId,
          seedTokenProgram: tokenProgram,
        })
        .preInstructions(pre)
        .postInstructions(post)
        .signers([lrtMintKeypair]),
    );
    assetSteps[0]!.status = 'created';
    assetSteps[0]!.signature = vaultStep.signature!;
    missingAssets.push(...cfg.vault.assets.slice(1));
  }
  const vaultAddress = pda([Buffer.from('vault'), lrtMint!.toBuffer()], vaultId);
  vaultStep.address = vaultAddress.toBase58();
  report.vault = vaultAddress.toBase58();
  report.lrtMint = lrtMint!.toBase58();
  log(describe(vaultStep));

  for (let i = 0; i < missingAssets.length; i += ADD_ASSET_BATCH) {
    const batch = missingAssets.slice(i, i + ADD_ASSET_BATCH);
    const ixs = await Promise.all(
      batch.map((asset) =>
        vaultProgram.methods
          .addAsset({ pricing: asset.pricing, depositCap: asset.depositCap })
          .accounts({
            curator: wallet,
            // `vault`'s seeds read its own `lrt_mint`: Anchor cannot derive it
            vault: vaultAddress,
            assetMint: asset.mint,
            pricingAccount: asset.pricingAccount ?? vaultId,
            assetTokenProgram: tokenProgramOf(asset),
          })
          .instruction(),
      ),
    );
    const signature = await provider.sendAndConfirm(
      new web3.Transaction().add(...ixs),
      [],
      confirm,
    );
    report.signatures.push(signature);
    for (const asset of batch) {
      const s = assetSteps[cfg.vault.assets.indexOf(asset)]!;
      s.status = 'created';
      s.signature = signature;
    }
  }
  for (const [index, asset] of cfg.vault.assets.entries()) {
    const s = assetSteps[index]!;
    s.address = pda(
      [Buffer.from('reserve'), vaultAddress.toBuffer(), asset.mint.toBuffer()],
      vaultId,
    ).toBase58();
    log(describe(s));
  }

  report.accounts = [
    report.config,
    report.registryConfig,
    report.vault,
    report.lrtMint,
    pda([Buffer.from('dead_shares'), vaultAddress.toBuffer()], vaultId).toBase58(),
    ...assetSteps.map((s) => s.address),
  ];

  // Read back what was created: a write the runtime dropped must not pass for a deploy.
  if (report.signatures.length) {
    const readBack = await deploy(provider, raw, {
      ...options,
      dryRun: true,
      log: () => undefined,
    }).catch((error: unknown) => {
      throw new Error(`deploy: the accounts read back after sending differ: ${String(error)}`);
    });
    const notThere = readBack.steps.filter((s) => s.status !== 'exists');
    if (notThere.length) {
      throw new Error(
        `deploy: after sending, ${notThere.map((s) => `${s.step} is ${s.status}`).join(', ')}`,
      );
    }
  }
  return report;
}

/** The Anchor migration entry point: the config from `LRT_DEPLOY_CONFIG` or next to this file. */
const migrate: Migrate = async function (provider) {
  const path = resolve(process.env['LRT_DEPLOY_CONFIG'] ?? join(__dirname, 'deploy.config.json'));
  const raw = JSON.parse(readFileSync(path, 'utf8')) as DeployConfig;
  return deploy(provider, raw, {
    baseDir: dirname(path),
    dryRun: process.env['LRT_DEPLOY_DRY_RUN'] === '1',
    log: (line) => console.log(line),
  });
};

// Anchor's form: the module is the migration function. The named exports ride along on it
// for callers that `require` this file (the tests).
module.exports = Object.assign(migrate, {
  deploy,
  resolveConfig,
  readTokenMetadata,
  DeployMismatchError,
});
