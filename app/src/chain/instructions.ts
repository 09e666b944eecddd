// The instructions of a deposit, a withdrawal request and a claim, as `lrt` sends them:
// the generated builders for the vault's instructions, and the few token instructions
// around them (the associated token accounts, wrapping SOL for a wSOL deposit). The
// depositor is a no-op signer here: the transaction is signed later, by a wallet or the
// demo key, from its wire bytes.
import { pricingAccounts, vault, type Addressed } from '@lrt/client';
import {
  AccountRole,
  createNoopSigner,
  getU32Encoder,
  getU64Encoder,
  type Address,
  type Instruction,
} from '@solana/kit';

import { nextTicketId } from '../model/withdraw.ts';
import {
  ASSOCIATED_TOKEN_PROGRAM,
  SYSTEM_PROGRAM,
  TOKEN_2022_PROGRAM,
  TOKEN_PROGRAM,
  WSOL_MINT,
} from '../model/tokens.ts';
import type { World } from '../model/world.ts';
import { associatedTokenAddress } from './load.ts';

/** The associated token program's `CreateIdempotent`: the account if missing, else nothing. */
export function createAssociatedTokenAccountIdempotent(
  payer: Address,
  account: Address,
  owner: Address,
  mint: Address,
  tokenProgram: Address,
): Instruction {
  return {
    programAddress: ASSOCIATED_TOKEN_PROGRAM,
    accounts: [
      { address: payer, role: AccountRole.WRITABLE_SIGNER },
      { address: account, role: AccountRole.WRITABLE },
      { address: owner, role: AccountRole.READONLY },
      { address: mint, role: AccountRole.READONLY },
      { address: SYSTEM_PROGRAM, role: AccountRole.READONLY },
      { address: tokenProgram, role: AccountRole.READONLY },
    ],
    data: new Uint8Array([1]),
  };
}

/** The system program's `Transfer` of `lamports`. */
export function systemTransfer(from: Address, to: Address, lamports: bigint): Instruction {
  const data = new Uint8Array(12);
  data.set(getU32Encoder().encode(2), 0);
  data.set(getU64Encoder().encode(lamports), 4);
  return {
    programAddress: SYSTEM_PROGRAM,
    accounts: [
      { address: from, role: AccountRole.WRITABLE_SIGNER },
      { address: to, role: AccountRole.WRITABLE },
    ],
    data,
  };
}

/** SPL Token's `SyncNative`: a wSOL account's balance follows its lamports. */
export function syncNative(account: Address): Instruction {
  return {
    programAddress: TOKEN_PROGRAM,
    accounts: [{ address: account, role: AccountRole.WRITABLE }],
    data: new Uint8Array([17]),
  };
}

/** `refresh_prices` with the vault's pricing accounts after it, in asset order. */
export async function refreshPricesInstruction(world: World): Promise<Instruction> {
  const ix = await vault.getRefreshPricesInstructionAsync({ vault: world.vaultAddress });
  return {
    ...ix,
    accounts: [
      ...ix.accounts,
      ...pricingAccounts(world.vault).map((address) => ({ address, role: AccountRole.READONLY })),
    ],
  };
}

export type DepositArgs = {
  owner: Address;
  assetIndex: number;
  amount: bigint;
  minSharesOut: bigint;
  maxFeeBps: number;
  /** SOL to wrap into the wSOL account first (wSOL deposits only). */
  wrapLamports: bigint;
};

/**
 * A deposit as `lrt deposit` sends it: wrap SOL if asked, create the LRT account if
 * missing, refresh prices, deposit: all in one transaction, so the deposit pays this
 * epoch's prices and nobody waits on a crank.
 */
export async function depositInstructions(world: World, args: DepositArgs): Promise<Instruction[]> {
  const asset = world.assets[args.assetIndex];
  if (asset === undefined) throw new Error(`the vault has no asset ${args.assetIndex}`);
  const owner = args.owner;
  const source = await associatedTokenAddress(owner, asset.mint, asset.tokenProgram);
  const lrtAccount = await associatedTokenAddress(owner, world.lrt.mint, TOKEN_2022_PROGRAM);
  const ixs: Instruction[] = [];
  if (args.wrapLamports > 0n) {
    if (asset.mint !== WSOL_MINT) throw new Error('only wSOL is wrapped from SOL');
    ixs.push(
      createAssociatedTokenAccountIdempotent(owner, source, owner, asset.mint, asset.tokenProgram),
      systemTransfer(owner, source, args.wrapLamports),
      syncNative(source),
    );
  }
  ixs.push(
    createAssociatedTokenAccountIdempotent(
      owner,
      lrtAccount,
      owner,
      world.lrt.mint,
      TOKEN_2022_PROGRAM,
    ),
  );
  ixs.push(await refreshPricesInstruction(world));
  ixs.push(
    await vault.getDepositInstructionAsync({
      depositor: createNoopSigner(owner),
      vault: world.vaultAddress,
      lrtMint: world.lrt.mint,
      assetMint: asset.mint,
      reserve: asset.reserve,
      depositorAssetAccount: source,
      recipientLrtAccount: lrtAccount,
      assetTokenProgram: asset.tokenProgram,
      assetIndex: args.assetIndex,
      amount: args.amount,
      minSharesOut: args.minSharesOut,
      maxFeeBps: args.maxFeeBps,
    }),
  );
  return ixs;
}

/**
 * A withdrawal request: burns `shares` LRT (fee included) for a ticket in the bucket of
 * the next epoch, with the next free ticket id, signing for at most `maxFeeBps`.
 */
export async function withdrawInstructions(
  world: World,
  owner: Address,
  shares: bigint,
  maxFeeBps: number,
  epoch: bigint,
  tickets: ReadonlyArray<Addressed<vault.WithdrawalTicket>>,
): Promise<Instruction[]> {
  const ticketId = nextTicketId(tickets);
  const [bucket] = await vault.findBucketPda({ vault: world.vaultAddress, epoch: epoch + 1n });
  const [ticket] = await vault.findTicketPda({ vault: world.vaultAddress, owner, id: ticketId });
  const lrtAccount = await associatedTokenAddress(owner, world.lrt.mint, TOKEN_2022_PROGRAM);
  return [
    await vault.getRequestWithdrawalInstructionAsync({
      owner: createNoopSigner(owner),
      vault: world.vaultAddress,
      lrtMint: world.lrt.mint,
      ownerLrtAccount: lrtAccount,
      bucket,
      ticket,
      shares,
      ticketId,
      maxFeeBps,
    }),
  ];
}

/**
 * A claim of one matured ticket into the owner's associated token accounts (created if
 * missing), with (reserve, mint, destination) for each asset the ticket holds, in order.
 */
export async function claimInstructions(
  world: World,
  ticket: Addressed<vault.WithdrawalTicket>,
): Promise<Instruction[]> {
  const owner = ticket.data.owner;
  const bucket = world.buckets.find((b) => b.data.epoch === ticket.data.bucketEpoch);
  if (bucket === undefined)
    throw new Error(`the bucket of epoch ${ticket.data.bucketEpoch} is gone`);
  const held = world.assets.filter((a) => (ticket.data.unscaledAmounts[a.index] ?? 0n) > 0n);
  const destinations = await Promise.all(
    held.map((a) => associatedTokenAddress(owner, a.mint, a.tokenProgram)),
  );
  const ixs: Instruction[] = held.map((a, i) =>
    createAssociatedTokenAccountIdempotent(owner, destinations[i]!, owner, a.mint, a.tokenProgram),
  );
  const claim = await vault.getClaimInstructionAsync({
    owner: createNoopSigner(owner),
    vault: world.vaultAddress,
    ticket: ticket.address,
    bucket: bucket.address,
    bucketRentPayer: bucket.data.rentPayer,
  });
  ixs.push({
    ...claim,
    accounts: [
      ...claim.accounts,
      ...held.flatMap((a, i) => [
        { address: a.reserve, role: AccountRole.WRITABLE },
        { address: a.mint, role: AccountRole.READONLY },
        { address: destinations[i]!, role: AccountRole.WRITABLE },
      ]),
    ],
  });
  return ixs;
}
