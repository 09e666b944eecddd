// Everything the app knows about one vault at one moment, as decoded accounts: what the
// screens are computed from. src/chain/load.ts reads it from an RPC; the tests build it
// from accounts the Rust side serialised. Nothing here fetches.
import {
  nowFrom,
  refreshedVault,
  sharePrice,
  type Addressed,
  type Now,
  type RefreshedVault,
  type SharePrice,
  type VaultSlashAccounts,
  type registry,
  type vault,
} from '@lrt/client';
import type { Address, ReadonlyUint8Array } from '@solana/kit';

/** One asset of the vault, with what it takes to show and move it. */
export type AssetInfo = {
  index: number;
  mint: Address;
  symbol: string;
  decimals: number;
  tokenProgram: Address;
  reserve: Address;
};

/** The vault's LRT mint. */
export type LrtInfo = {
  mint: Address;
  symbol: string;
  name: string;
  /** Tokens in circulation (the mint's supply): the vault's share count less its ledgers. */
  supply: bigint;
  decimals: number;
};

export type World = {
  vaultAddress: Address;
  vault: vault.Vault;
  config: vault.Config;
  /** The slot the accounts were read at. */
  slot: bigint;
  /** The Solana epoch of that slot (price freshness). */
  solanaEpoch: bigint;
  /** The vault's pricing accounts' data (stake pools, Marinade states), by address. */
  pricing: ReadonlyMap<Address, ReadonlyUint8Array>;
  lrt: LrtInfo;
  assets: AssetInfo[];
  registryConfig: registry.RegistryConfig | null;
  delegations: Addressed<vault.Delegation>[];
  operators: Addressed<registry.Operator>[];
  bonds: Addressed<vault.OperatorBond>[];
  operatorAvs: Addressed<registry.OperatorAvs>[];
  vaultAvs: Addressed<registry.VaultAvs>[];
  avss: Addressed<registry.Avs>[];
  /** Slash requests against the vault's operators. */
  requests: Addressed<registry.SlashRequest>[];
  /** Executions of slash requests against this vault. */
  executions: Addressed<registry.SlashExecution>[];
  epochSlashes: registry.VaultEpochSlash[];
  avsEpochSlashes: registry.VaultAvsEpochSlash[];
  captures: registry.VaultCapture[];
  buckets: Addressed<vault.WithdrawalBucket>[];
  escrows: Addressed<vault.SlashEscrow>[];
  /** Names to show for addresses (operators, AVSs), e.g. from the demo's demo.json. */
  labels: Readonly<Record<string, string>>;
};

/** The chain's clock as the helpers take it: the slot and the restaking epoch length. */
export function nowOf(world: Pick<World, 'config' | 'slot'>, slot?: bigint): Now {
  return nowFrom(world.config, slot ?? world.slot);
}

/**
 * The vault as the next deposit will see it: prices as `refresh_prices` in the same
 * transaction leaves them (`refreshedVault`), or the cached ones when the pricing
 * accounts cannot be read (then `refresh` says why).
 */
export function vaultForDeposit(world: World): { vault: vault.Vault; refresh: RefreshedVault } {
  const refresh = refreshedVault(world.vault, world.solanaEpoch, world.pricing);
  return { vault: refresh.ok ? refresh.vault : world.vault, refresh };
}

/** The share price now (vesting credited to the slot). */
export function sharePriceNow(world: World, slot?: bigint): SharePrice {
  return sharePrice(world.vault, nowOf(world, slot));
}

/**
 * Net asset value per share now: the active value (vesting credited) over the share
 * supply, WAD SOL per LRT (both 9 decimals); what a share is worth, as bonds and the
 * insurance fund are valued. Deposits pay `sharePriceNow` (with the Marinade margin).
 */
export function navWad(world: World, slot?: bigint): bigint | null {
  const price = sharePriceNow(world, slot);
  return price.shareSupply === 0n ? null : price.activeValueWad / price.shareSupply;
}

/** The accounts the helpers judge slash requests on (`vaultSlashRequests`). */
export function slashAccounts(world: World): VaultSlashAccounts | null {
  if (world.registryConfig === null) return null;
  return {
    vault: { address: world.vaultAddress, data: world.vault },
    registryConfig: world.registryConfig,
    delegations: world.delegations.map((d) => d.data),
    requests: world.requests,
    operatorAvs: world.operatorAvs.map((o) => o.data),
    vaultAvs: world.vaultAvs,
    executions: world.executions.map((e) => e.data),
    epochSlashes: world.epochSlashes,
    avsEpochSlashes: world.avsEpochSlashes,
    captures: world.captures,
    buckets: world.buckets.map((b) => b.data),
    avss: world.avss,
  };
}

/** The name to show for an address: its label, else the address shortened by the caller. */
export function labelOf(world: Pick<World, 'labels'>, address: string): string | null {
  return world.labels[address] ?? null;
}

/** The vault's bucket of `epoch`, if it exists. */
export function bucketAt(
  world: Pick<World, 'buckets'>,
  epoch: bigint,
): vault.WithdrawalBucket | null {
  return world.buckets.find((b) => b.data.epoch === epoch)?.data ?? null;
}
