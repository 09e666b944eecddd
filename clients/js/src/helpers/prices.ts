// The prices `refresh_prices` would cache, read from the same pricing accounts with the
// same formulas (crates/restaking-math/src/price.rs `StakePoolReading`, `MarinadeReading`;
// programs/lrt_vault/src/pricing.rs `read_price`): so a client that puts `refresh_prices`
// before `deposit` in one transaction, as it should, can preview the deposit at the
// prices it will really pay, not at the cached ones of an earlier Solana epoch.
//
// The program refreshes nothing while every price is of the current Solana epoch
// (programs/lrt_vault/src/instructions/crank/refresh_prices.rs), and re-reads every asset
// otherwise; `refreshedVault` does the same.
import type { Address, ReadonlyUint8Array } from '@solana/kit';
import { getAddressDecoder } from '@solana/kit';

import {
  LRT_VAULT_ERROR__INVALID_PRICING_DATA,
  LRT_VAULT_ERROR__MISSING_PRICING_ACCOUNT,
  LRT_VAULT_ERROR__PRICING_MINT_MISMATCH,
  LRT_VAULT_ERROR__STAKE_POOL_NOT_UPDATED,
  type LrtVaultError,
  type Vault,
} from '../generated/lrt_vault/index.ts';
import { WAD } from './math.ts';
import { vaultAssets } from './sharePrice.ts';

/** `restaking_math::price` offsets of an SPL `StakePool`. */
const STAKE_POOL = { accountType: 0, poolMint: 162, totalLamports: 258, supply: 266, epoch: 274 };
/** `restaking_math::price` offsets of Marinade's `State`. */
const MARINADE = { msolMint: 8, msolPrice: 512 };
/** `restaking_math::MARINADE_STATE_DISCRIMINATOR`: `sha256("account:State")[..8]`. */
const MARINADE_STATE_DISCRIMINATOR = [0xd8, 0x92, 0x6b, 0x5e, 0x68, 0x4b, 0xb6, 0xb1];
/** `restaking_math::MARINADE_PRICE_DENOMINATOR`: `msol_price` is a 2^32 fixed point. */
const MARINADE_PRICE_DENOMINATOR = 1n << 32n;

function u64At(data: ReadonlyUint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = 7; i >= 0; i--) value = (value << 8n) | BigInt(data[offset + i] ?? 0);
  return value;
}

function addressAt(data: ReadonlyUint8Array, offset: number): Address {
  return getAddressDecoder().decode(data, offset);
}

/** `StakePoolReading`: the fields of an SPL stake pool that price its token. */
export type StakePoolReading = {
  poolMint: Address;
  totalLamports: bigint;
  poolTokenSupply: bigint;
  lastUpdateEpoch: bigint;
};

/** `StakePoolReading::parse`, or `null` when the bytes are not a stake pool. */
export function readStakePool(data: ReadonlyUint8Array): StakePoolReading | null {
  if (data.length < STAKE_POOL.epoch + 8 || data[STAKE_POOL.accountType] !== 1) return null;
  return {
    poolMint: addressAt(data, STAKE_POOL.poolMint),
    totalLamports: u64At(data, STAKE_POOL.totalLamports),
    poolTokenSupply: u64At(data, STAKE_POOL.supply),
    lastUpdateEpoch: u64At(data, STAKE_POOL.epoch),
  };
}

/** `StakePoolReading::price_wad`: floor(total_lamports * 1e18 / supply); `null` if none. */
export function stakePoolPriceWad(reading: StakePoolReading): bigint | null {
  if (reading.poolTokenSupply === 0n) return null;
  const price = (reading.totalLamports * WAD) / reading.poolTokenSupply;
  return price === 0n ? null : price;
}

/** `MarinadeReading`: the fields of Marinade's `State` that price mSOL. */
export type MarinadeReading = { msolMint: Address; msolPrice: bigint };

/** `MarinadeReading::parse`, or `null` when the bytes are not Marinade's `State`. */
export function readMarinade(data: ReadonlyUint8Array): MarinadeReading | null {
  if (data.length < MARINADE.msolPrice + 8) return null;
  if (MARINADE_STATE_DISCRIMINATOR.some((b, i) => data[i] !== b)) return null;
  return {
    msolMint: addressAt(data, MARINADE.msolMint),
    msolPrice: u64At(data, MARINADE.msolPrice),
  };
}

/** `MarinadeReading::price_wad`: floor(msol_price * 1e18 / 2^32); `null` if zero. */
export function marinadePriceWad(reading: MarinadeReading): bigint | null {
  const price = (reading.msolPrice * WAD) / MARINADE_PRICE_DENOMINATOR;
  return price === 0n ? null : price;
}

/** The pricing accounts `refresh_prices` takes, in asset order (wSOL has none). */
export function pricingAccounts(vault: Vault): Address[] {
  return vaultAssets(vault).flatMap((a) =>
    a.pricing.__kind === 'SplStakePool'
      ? [a.pricing.pool]
      : a.pricing.__kind === 'Marinade'
        ? [a.pricing.state]
        : [],
  );
}

/** What `refresh_prices` would leave in the vault, or the error it would fail with. */
export type RefreshedVault =
  | { ok: true; vault: Vault; refreshed: boolean }
  | { ok: false; code: LrtVaultError; assetIndex: number };

/**
 * `refresh_prices` at Solana epoch `solanaEpoch`, with the pricing accounts' data by
 * address (`pricingAccounts(vault)`; a missing one refuses as the program would): a copy
 * of `vault` with every asset's price re-read and stamped with the epoch, or the vault as
 * it is when every price is already of this epoch. Owner and token-program checks are the
 * program's; a client reads the accounts the vault pinned.
 */
export function refreshedVault(
  vault: Vault,
  solanaEpoch: bigint,
  accounts: ReadonlyMap<Address, ReadonlyUint8Array>,
): RefreshedVault {
  const assets = vaultAssets(vault);
  if (assets.every((a) => a.priceEpoch === solanaEpoch)) {
    return { ok: true, vault, refreshed: false };
  }
  const fresh = [...vault.assets];
  for (let k = 0; k < assets.length; k++) {
    const slot = assets[k]!;
    const fail = (code: LrtVaultError): RefreshedVault => ({ ok: false, code, assetIndex: k });
    let price: bigint | null;
    if (slot.pricing.__kind === 'Wsol') {
      price = WAD;
    } else if (slot.pricing.__kind === 'SplStakePool') {
      const data = accounts.get(slot.pricing.pool);
      if (data === undefined) return fail(LRT_VAULT_ERROR__MISSING_PRICING_ACCOUNT);
      const reading = readStakePool(data);
      if (reading === null) return fail(LRT_VAULT_ERROR__INVALID_PRICING_DATA);
      if (reading.poolMint !== slot.mint) return fail(LRT_VAULT_ERROR__PRICING_MINT_MISMATCH);
      if (reading.lastUpdateEpoch !== solanaEpoch) {
        return fail(LRT_VAULT_ERROR__STAKE_POOL_NOT_UPDATED);
      }
      price = stakePoolPriceWad(reading);
    } else {
      const data = accounts.get(slot.pricing.state);
      if (data === undefined) return fail(LRT_VAULT_ERROR__MISSING_PRICING_ACCOUNT);
      const reading = readMarinade(data);
      if (reading === null) return fail(LRT_VAULT_ERROR__INVALID_PRICING_DATA);
      if (reading.msolMint !== slot.mint) return fail(LRT_VAULT_ERROR__PRICING_MINT_MISMATCH);
      price = marinadePriceWad(reading);
    }
    if (price === null) return fail(LRT_VAULT_ERROR__INVALID_PRICING_DATA);
    fresh[k] = { ...slot, priceWad: price, priceEpoch: solanaEpoch };
  }
  return { ok: true, vault: { ...vault, assets: fresh }, refreshed: true };
}
