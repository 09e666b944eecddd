// Reads a vault's world (World, src/model/world.ts) and a depositor's holdings from an
// RPC: the vault and the program Configs, its mints and pricing accounts, its
// delegations, operators, bonds, opt-ins, AVSs, slash requests against its operators and
// what executing them would read, its withdrawal buckets and slash escrows.
import {
  pendingSlashAddresses,
  pricingAccounts,
  registry,
  slashRequestTiming,
  vault,
  type Addressed,
} from '@lrt/client';
import { getAddressEncoder, getProgramDerivedAddress, type Address } from '@solana/kit';

import { nowOf, type AssetInfo, type World } from '../model/world.ts';
import {
  ASSOCIATED_TOKEN_PROGRAM,
  TOKEN_2022_PROGRAM,
  readMint,
  readTokenAccount,
  symbolOf,
} from '../model/tokens.ts';
import { decodePresent, fetchAllOf, fetchRaw, type AppRpc } from './accounts.ts';

const VAULT = vault.LRT_VAULT_PROGRAM_ADDRESS;
const REGISTRY = registry.SLASHER_REGISTRY_PROGRAM_ADDRESS;

/** Every vault of the vault program (its `Vault` accounts). */
export async function listVaults(rpc: AppRpc): Promise<Addressed<vault.Vault>[]> {
  const vaults = await fetchAllOf(rpc, VAULT, vault.VAULT_DISCRIMINATOR, vault.getVaultDecoder());
  return vaults.sort((a, b) => (a.data.shareSupply > b.data.shareSupply ? -1 : 1));
}

/** The associated token account of `owner` for `mint` under `tokenProgram`. */
export async function associatedTokenAddress(
  owner: Address,
  mint: Address,
  tokenProgram: Address,
): Promise<Address> {
  const enc = getAddressEncoder();
  const [pda] = await getProgramDerivedAddress({
    programAddress: ASSOCIATED_TOKEN_PROGRAM,
    seeds: [enc.encode(owner), enc.encode(tokenProgram), enc.encode(mint)],
  });
  return pda;
}

export type LoadOptions = {
  /** Names by address and symbols by mint (from demo.json). */
  labels?: Record<string, string>;
  symbols?: Record<string, string>;
};

/** The world of `vaultAddress`; throws when it is not a vault of this program. */
export async function loadWorld(
  rpc: AppRpc,
  vaultAddress: Address,
  options: LoadOptions = {},
): Promise<World> {
  const [configAddress] = await vault.findConfigPda();
  const [registryConfigAddress] = await registry.findRegistryConfigPda();
  const [slot, epochInfo, base] = await Promise.all([
    rpc.getSlot({ commitment: 'confirmed' }).send(),
    rpc.getEpochInfo({ commitment: 'confirmed' }).send(),
    fetchRaw(rpc, [vaultAddress, configAddress, registryConfigAddress]),
  ]);
  const [vaultRaw, configRaw, registryRaw] = base;
  if (!vaultRaw) throw new Error(`no vault at ${vaultAddress} on this cluster`);
  const v = vault.getVaultDecoder().decode(vaultRaw);
  if (!configRaw) throw new Error('the vault program has no Config on this cluster');
  const config = vault.getConfigDecoder().decode(configRaw);
  const registryConfig = registryRaw
    ? registry.getRegistryConfigDecoder().decode(registryRaw)
    : null;

  const slots = v.assets.slice(0, v.assetCount);
  const pricing = pricingAccounts(v);
  const mintKeys = [v.lrtMint, ...slots.map((a) => a.mint)];
  const byVault = [{ offset: 8, bytes: vaultAddress }];
  const [mintAndPricing, delegations, buckets, escrows, vaultAvs, executions] = await Promise.all([
    fetchRaw(rpc, [...mintKeys, ...pricing]),
    fetchAllOf(rpc, VAULT, vault.DELEGATION_DISCRIMINATOR, vault.getDelegationDecoder(), byVault),
    fetchAllOf(
      rpc,
      VAULT,
      vault.WITHDRAWAL_BUCKET_DISCRIMINATOR,
      vault.getWithdrawalBucketDecoder(),
      byVault,
    ),
    fetchAllOf(
      rpc,
      VAULT,
      vault.SLASH_ESCROW_DISCRIMINATOR,
      vault.getSlashEscrowDecoder(),
      byVault,
    ),
    fetchAllOf(
      rpc,
      REGISTRY,
      registry.VAULT_AVS_DISCRIMINATOR,
      registry.getVaultAvsDecoder(),
      byVault,
    ),
    fetchAllOf(
      rpc,
      REGISTRY,
      registry.SLASH_EXECUTION_DISCRIMINATOR,
      registry.getSlashExecutionDecoder(),
      [{ offset: 40, bytes: vaultAddress }],
    ),
  ]);
  const mints = mintAndPricing.slice(0, mintKeys.length).map((d) => (d ? readMint(d) : null));
  const pricingData = new Map<Address, Uint8Array>();
  pricing.forEach((key, i) => {
    const d = mintAndPricing[mintKeys.length + i];
    if (d) pricingData.set(key, d as Uint8Array);
  });
  const lrtMint = mints[0] ?? null;
  const assets: AssetInfo[] = slots.map((a, index) => ({
    index,
    mint: a.mint,
    symbol: symbolOf(a.mint, mints[index + 1] ?? null, options.symbols?.[a.mint]),
    decimals: a.decimals,
    tokenProgram: a.tokenProgram,
    reserve: a.reserve,
  }));

  const operatorKeys = delegations.map((d) => d.data.operator);
  const bondKeys = await Promise.all(
    operatorKeys.map(
      async (operator) => (await vault.findBondPda({ vault: vaultAddress, operator }))[0],
    ),
  );
  const [operatorRaw, bondRaw, operatorAvsLists, requestLists] = await Promise.all([
    fetchRaw(rpc, operatorKeys),
    fetchRaw(rpc, bondKeys),
    Promise.all(
      operatorKeys.map((operator) =>
        fetchAllOf(
          rpc,
          REGISTRY,
          registry.OPERATOR_AVS_DISCRIMINATOR,
          registry.getOperatorAvsDecoder(),
          [{ offset: 8, bytes: operator }],
        ),
      ),
    ),
    Promise.all(
      operatorKeys.map((operator) =>
        fetchAllOf(
          rpc,
          REGISTRY,
          registry.SLASH_REQUEST_DISCRIMINATOR,
          registry.getSlashRequestDecoder(),
          [{ offset: 40, bytes: operator }],
        ),
      ),
    ),
  ]);
  const operatorAvs = operatorAvsLists.flat();
  const requests = requestLists.flat();

  // what executing the live requests would read (cli/src/slashing/plan.rs `vault_facts`)
  const now = nowOf({ config, slot });
  const live = requests.filter((r) => {
    const status = slashRequestTiming(r.data, now).status;
    return status === 'veto_window' || status === 'executable';
  });
  const addresses = await pendingSlashAddresses(vaultAddress, live);
  const unique = (keys: Address[]) => [...new Set(keys)];
  const epochSlashKeys = unique(addresses.map((a) => a.vaultEpochSlash));
  const captureKeys = unique(addresses.map((a) => a.vaultCapture));
  const avsEpochSlashKeys = unique(addresses.map((a) => a.vaultAvsEpochSlash));
  const ledgerKeys = [...epochSlashKeys, ...captureKeys, ...avsEpochSlashKeys];
  const avsKeys = unique([
    ...vaultAvs.map((v) => v.data.avs),
    ...operatorAvs.map((o) => o.data.avs),
    ...requests.map((r) => r.data.avs),
  ]);
  const [ledgerRaw, avsRaw] = await Promise.all([
    fetchRaw(rpc, ledgerKeys),
    fetchRaw(rpc, avsKeys),
  ]);
  const a = epochSlashKeys.length;
  const b = a + captureKeys.length;
  const epochSlashes = decodePresent(
    epochSlashKeys,
    ledgerRaw.slice(0, a),
    registry.getVaultEpochSlashDecoder(),
  );
  const captures = decodePresent(
    captureKeys,
    ledgerRaw.slice(a, b),
    registry.getVaultCaptureDecoder(),
  );
  const avsEpochSlashes = decodePresent(
    avsEpochSlashKeys,
    ledgerRaw.slice(b),
    registry.getVaultAvsEpochSlashDecoder(),
  );

  return {
    vaultAddress,
    vault: v,
    config,
    slot,
    solanaEpoch: epochInfo.epoch,
    pricing: pricingData,
    lrt: {
      mint: v.lrtMint,
      symbol: symbolOf(v.lrtMint, lrtMint, 'LRT'),
      name: lrtMint?.name ?? 'Liquid restaking token',
      supply: lrtMint?.supply ?? 0n,
      decimals: lrtMint?.decimals ?? 9,
    },
    assets,
    registryConfig,
    delegations,
    operators: decodePresent(operatorKeys, operatorRaw, registry.getOperatorDecoder()),
    bonds: decodePresent(bondKeys, bondRaw, vault.getOperatorBondDecoder()),
    operatorAvs,
    vaultAvs,
    avss: decodePresent(avsKeys, avsRaw, registry.getAvsDecoder()),
    requests,
    executions,
    epochSlashes: epochSlashes.map((x) => x.data),
    avsEpochSlashes: avsEpochSlashes.map((x) => x.data),
    captures: captures.map((x) => x.data),
    buckets,
    escrows,
    labels: options.labels ?? {},
  };
}

/** What a depositor holds that the screens need. */
export type UserState = {
  owner: Address;
  /** Native SOL, lamports. */
  sol: bigint;
  /** Token balances by mint (0 for an account that does not exist). */
  tokens: Map<Address, bigint>;
  lrt: bigint;
  lrtAccount: Address;
  tickets: Addressed<vault.WithdrawalTicket>[];
};

export async function loadUser(rpc: AppRpc, world: World, owner: Address): Promise<UserState> {
  const lrtAccount = await associatedTokenAddress(owner, world.lrt.mint, TOKEN_2022_PROGRAM);
  const atas = await Promise.all(
    world.assets.map((a) => associatedTokenAddress(owner, a.mint, a.tokenProgram)),
  );
  const [balance, raw, tickets] = await Promise.all([
    rpc.getBalance(owner, { commitment: 'confirmed' }).send(),
    fetchRaw(rpc, [lrtAccount, ...atas]),
    fetchAllOf(
      rpc,
      vault.LRT_VAULT_PROGRAM_ADDRESS,
      vault.WITHDRAWAL_TICKET_DISCRIMINATOR,
      vault.getWithdrawalTicketDecoder(),
      [
        { offset: 8, bytes: world.vaultAddress },
        { offset: 40, bytes: owner },
      ],
    ),
  ]);
  const amount = (d: (typeof raw)[number]) => (d ? (readTokenAccount(d)?.amount ?? 0n) : 0n);
  const tokens = new Map<Address, bigint>();
  world.assets.forEach((a, i) => tokens.set(a.mint, amount(raw[i + 1] ?? null)));
  return { owner, sol: balance.value, tokens, lrt: amount(raw[0] ?? null), lrtAccount, tickets };
}
