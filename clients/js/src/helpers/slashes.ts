// Slash requests that can still reach a vault, and the most each can cost it, by the
// programs' own rules: where a request stands (`SlashRequest::status`), whether it reaches
// the vault (`SlashRequest::check_reaches`, `AllocationHistory::at`), the operator's stake
// (`Vault::allocated_stake` of the vault valued now; the base fixed by the epoch's first
// slash, `VaultCapture` / `VaultEpochSlash`) and the loss under the AVS's maximum and both
// caps (`restaking_math::execution_loss`, the function `execute_slash` charges). This is
// what `lrt deposit` warns about and `lrt vault show` lists (cli/src/slashing/plan.rs).
import type { Address } from '@solana/kit';

import {
  findBucketPda,
  findDelegationPda,
  type Delegation,
  type Vault,
  type WithdrawalBucket,
} from '../generated/lrt_vault/index.ts';
import {
  findOperatorAvsPda,
  findSlashExecutionPda,
  findVaultAvsEpochSlashPda,
  findVaultAvsPda,
  findVaultCapturePda,
  type VaultCapture,
  findVaultEpochSlashPda,
  type Avs,
  type OperatorAvs,
  type OptInWindow,
  type RegistryConfig,
  type RegistryParams,
  type SlashExecution,
  type SlashRequest,
  type VaultAvs,
  type VaultAvsEpochSlash,
  type VaultEpochSlash,
} from '../generated/slasher_registry/index.ts';
import {
  MathError,
  WAD,
  allocatedStakeFloor,
  executionLoss,
  inForce,
  lamportsFloor,
  proRataTakeCeil,
  saturatingAddU64,
  saturatingMulU64,
  saturatingSub,
  slashFractionCeil,
} from './math.ts';
import { accrueVesting, allocatedStake, slashableValueWad } from './sharePrice.ts';
import { allocationAt } from './stake.ts';
import { currentEpoch, type Now } from './time.ts';

/** A decoded account with its address (kit's `Account<T>` has both). */
export type Addressed<T> = { address: Address; data: T };

// ---------------------------------------------------------------------------------------
// Where a request stands
// ---------------------------------------------------------------------------------------

/**
 * Where a request stands (cli/src/slashing/plan.rs `RequestStatus`): the registry's
 * `SlashRequest::status`, with "executed" told apart from "expired" once the window is
 * over.
 */
export type SlashRequestStatus = 'veto_window' | 'executable' | 'executed' | 'vetoed' | 'expired';

export type SlashRequestTiming = {
  status: SlashRequestStatus;
  /** Last slot the veto authority may veto (`veto_deadline_slot`). */
  vetoDeadlineSlot: bigint;
  /** `SlashRequest::executable_from_slot`: the slot after the deadline. */
  executableFromSlot: bigint;
  /** `SlashRequest::last_execution_epoch`: capture epoch + 1. */
  executableUntilEpoch: bigint;
  /** The last slot of that epoch (cli/src/slashing/plan.rs `executable_until_slot`). */
  executableUntilSlot: bigint;
};

/** `SlashRequest::last_execution_epoch`. */
export function lastExecutionEpoch(request: SlashRequest): bigint {
  return saturatingAddU64(request.captureEpoch, 1n);
}

/** `SlashRequest::executable_from_slot`. */
export function executableFromSlot(request: SlashRequest): bigint {
  return saturatingAddU64(request.vetoDeadlineSlot, 1n);
}

/** cli/src/slashing/plan.rs `executable_until_slot`: the end of its last execution epoch. */
export function executableUntilSlot(request: SlashRequest, epochLength: bigint): bigint {
  return saturatingSub(
    saturatingMulU64(saturatingAddU64(lastExecutionEpoch(request), 1n), epochLength),
    1n,
  );
}

/**
 * Where `request` stands at `now`: `SlashRequest::status` (vetoed, then expired once the
 * epoch is past capture + 1, then the veto window while slot <= deadline, else executable),
 * with "executed" for an expired request executed somewhere (cli/src/slashing/plan.rs
 * `request_status`).
 */
export function slashRequestTiming(request: SlashRequest, now: Now): SlashRequestTiming {
  const cur = currentEpoch(now);
  let status: SlashRequestStatus;
  if (request.vetoed) status = 'vetoed';
  else if (cur > lastExecutionEpoch(request))
    status = request.executions > 0 ? 'executed' : 'expired';
  else if (now.slot <= request.vetoDeadlineSlot) status = 'veto_window';
  else status = 'executable';
  return {
    status,
    vetoDeadlineSlot: request.vetoDeadlineSlot,
    executableFromSlot: executableFromSlot(request),
    executableUntilEpoch: lastExecutionEpoch(request),
    executableUntilSlot: executableUntilSlot(request, now.epochLength),
  };
}

// ---------------------------------------------------------------------------------------
// One request against one vault
// ---------------------------------------------------------------------------------------

/** `OptInWindow::is_active_at`: slashable by a request captured at `capture`. */
export function isOptInActiveAt(window: OptInWindow, capture: bigint): boolean {
  return (
    window.activationEpoch < capture && capture <= saturatingAddU64(window.deactivationEpoch, 1n)
  );
}

/** `RegistryConfig::params_at`: the registry's parameters in force during `epoch`. */
export function registryParamsAt(config: RegistryConfig, epoch: bigint): RegistryParams {
  return inForce(config.params, config.nextParams, config.paramsEffectiveEpoch, epoch);
}

/**
 * The registry-wide cap an execution of `request` applies: the one in force at its capture
 * epoch (cli/src/slashing/plan.rs `registry_cap_bps`).
 */
export function registryCapBps(config: RegistryConfig, request: SlashRequest): number {
  return registryParamsAt(config, request.captureEpoch).maxVaultSlashBpsPerEpoch;
}

/** What the chain holds about executing one request against one vault (plan.rs `VaultFacts`). */
export type ExecutionFacts = {
  /** The operator's opt-in window to the request's AVS (`OperatorAvs`), if any. */
  operatorWindow: OptInWindow | null;
  /** The vault's opt-in window to the AVS and the curator's cap (`VaultAvs`), if any. */
  optIn: { window: OptInWindow; capBps: number } | null;
  /** The vault's delegation to the operator, if any. */
  delegation: Delegation | null;
  /** The request's `SlashExecution` for this vault exists (even cancelled). */
  executed: boolean;
  /** `VaultEpochSlash` of (vault, operator, capture): stake at capture and slashed total. */
  epochLedger: { stakeAtCapture: bigint; slashed: bigint } | null;
  /** `VaultCapture.slashable_value_wad` of (vault, capture), if recorded. */
  captureValueWad: bigint | null;
  /** `VaultAvsEpochSlash.slashed_lamports` of (vault's opt-in, operator, capture), or 0. */
  avsSlashed: bigint;
  /** The vault with vesting credited to now, and its buckets of epochs c+1 and c+2. */
  vault: Vault;
  buckets: [WithdrawalBucket | null, WithdrawalBucket | null];
};

/** What an execution would do to a vault (plan.rs `Planned`). */
export type PlannedExecution = {
  /** The operator's allocation at the capture epoch (WAD). */
  allocationWad: bigint;
  /** The base of the fraction and the caps: the ledger's, or the stake now if first. */
  stakeAtCapture: bigint;
  /** The operator's stake now: allocation at capture x slashable value now. */
  remaining: bigint;
  /** ceil(min(fraction, AVS max) x base), before the caps. */
  requested: bigint;
  /** What the vault would lose. */
  loss: bigint;
};

/** Why a request is not executed against a vault (plan.rs `Skip`). */
export type ExecutionSkip =
  | { kind: 'already_executed' }
  | { kind: 'vault_not_opted_in' }
  | { kind: 'operator_not_opted_in' }
  | { kind: 'operator_not_active_at_capture'; window: OptInWindow }
  | { kind: 'vault_not_active_at_capture'; window: OptInWindow }
  | { kind: 'not_whitelisted' }
  | { kind: 'no_stake_at_capture' }
  | { kind: 'avs_cap_used'; capBps: number }
  | { kind: 'vault_cap_used'; capBps: number };

export type ExecutionPlan =
  | { ok: true; plan: PlannedExecution }
  | { ok: false; skip: ExecutionSkip };

/**
 * What `execute_slash` would take from a vault during epoch `cur`, or why it would not
 * run, in the registry's order (cli/src/slashing/plan.rs `plan_execution`, after
 * programs/slasher_registry/src/instructions/crank/execute_slash.rs).
 */
export function planExecution(
  request: SlashRequest,
  capBps: number,
  facts: ExecutionFacts,
  cur: bigint,
): ExecutionPlan {
  const skip = (s: ExecutionSkip): ExecutionPlan => ({ ok: false, skip: s });
  const capture = request.captureEpoch;
  if (facts.executed) return skip({ kind: 'already_executed' });
  if (facts.optIn === null) return skip({ kind: 'vault_not_opted_in' });
  if (facts.operatorWindow === null) return skip({ kind: 'operator_not_opted_in' });
  // SlashRequest::check_reaches: the operator's opt-in, then the vault's
  if (!isOptInActiveAt(facts.operatorWindow, capture)) {
    return skip({ kind: 'operator_not_active_at_capture', window: facts.operatorWindow });
  }
  if (!isOptInActiveAt(facts.optIn.window, capture)) {
    return skip({ kind: 'vault_not_active_at_capture', window: facts.optIn.window });
  }
  if (facts.delegation === null) return skip({ kind: 'not_whitelisted' });
  const noStake = skip({ kind: 'no_stake_at_capture' });
  const allocationWad = allocationAt(facts.delegation.allocation, capture, cur);
  if (allocationWad === null) return noStake;
  try {
    const remaining = allocatedStake(facts.vault, allocationWad, facts.buckets);
    // the base: the ledger's, else the allocation of the value before any slash of the
    // epoch (`VaultCapture::base_value_wad`, `VaultEpochSlash::stake_at_capture`)
    let stake: bigint;
    let slashed: bigint;
    if (facts.epochLedger !== null) {
      stake = facts.epochLedger.stakeAtCapture;
      slashed = facts.epochLedger.slashed;
    } else {
      const base = facts.captureValueWad ?? slashableValueWad(facts.vault, facts.buckets);
      stake = allocatedStakeFloor(base, allocationWad);
      slashed = 0n;
    }
    const outcome = executionLoss({
      stakeAtCapture: stake,
      remaining,
      requestWad: request.wad,
      maxSlashWad: request.maxSlashWad,
      avsCapBps: facts.optIn.capBps,
      avsSlashed: facts.avsSlashed,
      registryCapBps: capBps,
      vaultSlashed: slashed,
    });
    switch (outcome.kind) {
      case 'Take':
        return {
          ok: true,
          plan: {
            allocationWad,
            stakeAtCapture: stake,
            remaining,
            requested: outcome.requested,
            loss: outcome.loss,
          },
        };
      case 'AvsCapUsed':
        return skip({ kind: 'avs_cap_used', capBps: facts.optIn.capBps });
      case 'VaultCapUsed':
        return skip({ kind: 'vault_cap_used', capBps });
      case 'NoStake':
        return noStake;
    }
  } catch (error) {
    if (error instanceof MathError) return noStake;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Requests against a vault
// ---------------------------------------------------------------------------------------

/**
 * The accounts a vault's slash requests are judged on, as decoded (absent accounts are
 * simply not listed; each array may hold accounts of other vaults or requests: they are
 * matched by their fields, which the programs write from the same keys as their PDAs).
 * `pendingSlashAddresses` lists every address to fetch.
 */
export type VaultSlashAccounts = {
  vault: Addressed<Vault>;
  /** The registry's `RegistryConfig`. */
  registryConfig: RegistryConfig;
  /** The vault's delegations (one per whitelisted operator). */
  delegations: ReadonlyArray<Delegation>;
  /** Slash requests against the vault's operators (others are ignored). */
  requests: ReadonlyArray<Addressed<SlashRequest>>;
  operatorAvs: ReadonlyArray<OperatorAvs>;
  vaultAvs: ReadonlyArray<Addressed<VaultAvs>>;
  /** `SlashExecution`s of those requests against this vault. */
  executions: ReadonlyArray<SlashExecution>;
  epochSlashes: ReadonlyArray<VaultEpochSlash>;
  avsEpochSlashes: ReadonlyArray<VaultAvsEpochSlash>;
  captures: ReadonlyArray<VaultCapture>;
  /** The vault's withdrawal buckets (those of epochs c+1 and c+2 of each capture c). */
  buckets: ReadonlyArray<WithdrawalBucket>;
  /** The requests' AVSs, for `avsActive` (an inactive AVS cannot execute until reactivated). */
  avss?: ReadonlyArray<Addressed<Avs>>;
};

/** One request against one of the vault's operators. */
export type VaultSlashRequest = SlashRequestTiming & {
  request: Address;
  avs: Address;
  operator: Address;
  index: bigint;
  /** The requested fraction of the operator's stake (WAD) and the AVS maximum it recorded. */
  wad: bigint;
  maxSlashWad: bigint;
  captureEpoch: bigint;
  /** `Avs.active` of its AVS (`null` when the AVS account was not given). */
  avsActive: boolean | null;
  /** The vault's slashable value for this capture now (active pool and buckets c+1, c+2). */
  slashableValueWad: bigint;
  /** For a request in its veto window or executable: what executing it now would take... */
  plan: PlannedExecution | null;
  /** ...or why it would not run against this vault. */
  skip: ExecutionSkip | null;
};

/** A request that can still take something from the vault (plan.rs `PendingSlashView`). */
export type PendingSlash = VaultSlashRequest & {
  plan: PlannedExecution;
  /** The most the vault loses if it executes now, lamports (`plan.loss`). */
  maxLossLamports: bigint;
  /**
   * That loss over the vault's slashable value, `slash_fraction_ceil(loss, value)` (WAD):
   * about the share of every position (less if the bond and the insurance fund cover part).
   */
  maxLossShareWad: bigint;
};

function sameAddress(a: Address, b: Address): boolean {
  return a === b;
}

/** The facts of `request` against the vault, from the accounts given (plan.rs `vault_facts`). */
export function executionFacts(
  accounts: VaultSlashAccounts,
  request: Addressed<SlashRequest>,
  now: Now,
): ExecutionFacts {
  const vault = accounts.vault.address;
  const r = request.data;
  const capture = r.captureEpoch;
  const operatorAvs = accounts.operatorAvs.find(
    (o) => sameAddress(o.operator, r.operator) && sameAddress(o.avs, r.avs),
  );
  const vaultAvs = accounts.vaultAvs.find(
    (v) => sameAddress(v.data.vault, vault) && sameAddress(v.data.avs, r.avs),
  );
  const delegation = accounts.delegations.find(
    (d) => sameAddress(d.vault, vault) && sameAddress(d.operator, r.operator),
  );
  const ledger = accounts.epochSlashes.find(
    (l) =>
      sameAddress(l.vault, vault) &&
      sameAddress(l.operator, r.operator) &&
      l.captureEpoch === capture,
  );
  const record = accounts.captures.find(
    (c) => sameAddress(c.vault, vault) && c.captureEpoch === capture,
  );
  const avsLedger =
    vaultAvs === undefined
      ? undefined
      : accounts.avsEpochSlashes.find(
          (l) =>
            sameAddress(l.vaultAvs, vaultAvs.address) &&
            sameAddress(l.operator, r.operator) &&
            l.captureEpoch === capture,
        );
  const bucket = (epoch: bigint) =>
    accounts.buckets.find((b) => sameAddress(b.vault, vault) && b.epoch === epoch) ?? null;
  return {
    operatorWindow: operatorAvs?.window ?? null,
    optIn:
      vaultAvs === undefined
        ? null
        : { window: vaultAvs.data.window, capBps: vaultAvs.data.capBps },
    delegation: delegation ?? null,
    executed: accounts.executions.some(
      (e) => sameAddress(e.request, request.address) && sameAddress(e.vault, vault),
    ),
    epochLedger:
      ledger === undefined
        ? null
        : { stakeAtCapture: ledger.stakeAtCaptureLamports, slashed: ledger.slashedLamports },
    captureValueWad: record?.slashableValueWad ?? null,
    avsSlashed: avsLedger?.slashedLamports ?? 0n,
    // VaultValue::read: vesting credited to the slot, buckets c+1 and c+2
    vault: accrueVesting(accounts.vault.data, now),
    buckets: [bucket(saturatingAddU64(capture, 1n)), bucket(saturatingAddU64(capture, 2n))],
  };
}

/**
 * Every request against the vault's operators, delegation by delegation and in request
 * order (requested slot, index), with where it stands and, while it is in its veto window
 * or executable, what executing it now would take or why it would not run.
 */
export function vaultSlashRequests(accounts: VaultSlashAccounts, now: Now): VaultSlashRequest[] {
  const cur = currentEpoch(now);
  const vault = accounts.vault.address;
  const out: VaultSlashRequest[] = [];
  for (const delegation of accounts.delegations) {
    if (!sameAddress(delegation.vault, vault)) continue;
    const requests = accounts.requests
      .filter((r) => sameAddress(r.data.operator, delegation.operator))
      .sort((a, b) => {
        const bySlot = a.data.requestedSlot - b.data.requestedSlot;
        const byIndex = a.data.index - b.data.index;
        return bySlot !== 0n ? (bySlot < 0n ? -1 : 1) : byIndex === 0n ? 0 : byIndex < 0n ? -1 : 1;
      });
    for (const request of requests) {
      const r = request.data;
      const timing = slashRequestTiming(r, now);
      const facts = executionFacts(accounts, request, now);
      const live = timing.status === 'veto_window' || timing.status === 'executable';
      const planned = live
        ? planExecution(r, registryCapBps(accounts.registryConfig, r), facts, cur)
        : null;
      const avs = accounts.avss?.find((a) => sameAddress(a.address, r.avs));
      out.push({
        ...timing,
        request: request.address,
        avs: r.avs,
        operator: r.operator,
        index: r.index,
        wad: r.wad,
        maxSlashWad: r.maxSlashWad,
        captureEpoch: r.captureEpoch,
        avsActive: avs === undefined ? null : avs.data.active,
        slashableValueWad: slashableValueWad(facts.vault, facts.buckets),
        plan: planned !== null && planned.ok ? planned.plan : null,
        skip: planned !== null && !planned.ok ? planned.skip : null,
      });
    }
  }
  return out;
}

/**
 * The slash requests pending against the vault at `now` (cli/src/slashing/plan.rs
 * `pending_slashes`): in their veto window or executable, within reach of the vault (both
 * opt-ins at the capture epoch), not executed against it yet, with a loss if executed now.
 * Like `lrt`, this does not drop a request whose AVS is inactive (see `avsActive`).
 */
export function pendingSlashes(accounts: VaultSlashAccounts, now: Now): PendingSlash[] {
  const pending: PendingSlash[] = [];
  for (const r of vaultSlashRequests(accounts, now)) {
    if (r.plan === null || r.plan.loss === 0n) continue;
    pending.push({
      ...r,
      plan: r.plan,
      maxLossLamports: r.plan.loss,
      maxLossShareWad: slashFractionCeil(r.plan.loss * WAD, r.slashableValueWad),
    });
  }
  return pending;
}

/**
 * The most a deposit worth `depositValueWad` (its `asset_value_wad`) can lose to each
 * pending slash if it executes after the deposit: the same share of the deposit's lamports
 * (cli/src/cmd/depositor.rs `exposure`: `pro_rata_take_ceil(lamports_floor(value), share)`).
 */
export function depositExposure(
  pending: ReadonlyArray<PendingSlash>,
  depositValueWad: bigint,
): bigint[] {
  let lamports: bigint;
  try {
    lamports = lamportsFloor(depositValueWad);
  } catch {
    lamports = (1n << 64n) - 1n;
  }
  return pending.map((p) => {
    try {
      return proRataTakeCeil(lamports, p.maxLossShareWad);
    } catch {
      return lamports;
    }
  });
}

/** The accounts `executionFacts` reads for one request against one vault. */
export type SlashRequestAddresses = {
  request: Address;
  avs: Address;
  operatorAvs: Address;
  vaultAvs: Address;
  delegation: Address;
  slashExecution: Address;
  vaultEpochSlash: Address;
  vaultCapture: Address;
  vaultAvsEpochSlash: Address;
  /** The vault's buckets of epochs c+1 and c+2. */
  buckets: [Address, Address];
};

/**
 * Every address to fetch (and decode, absent ones left out) for `vaultSlashRequests`: the
 * PDAs cli/src/slashing/plan.rs `vault_facts` reads (the seeds in each program's constants.rs,
 * through the generated `find*Pda`).
 */
export async function pendingSlashAddresses(
  vault: Address,
  requests: ReadonlyArray<Addressed<SlashRequest>>,
): Promise<SlashRequestAddresses[]> {
  return Promise.all(
    requests.map(async ({ address, data: r }) => {
      const capture = r.captureEpoch;
      const [vaultAvs] = await findVaultAvsPda({ vault, avs: r.avs });
      const pda = async (p: Promise<readonly [Address, number]>) => (await p)[0];
      return {
        request: address,
        avs: r.avs,
        operatorAvs: await pda(findOperatorAvsPda({ operator: r.operator, avs: r.avs })),
        vaultAvs,
        delegation: await pda(findDelegationPda({ vault, operator: r.operator })),
        slashExecution: await pda(findSlashExecutionPda({ slashRequest: address, vault })),
        vaultEpochSlash: await pda(
          findVaultEpochSlashPda({ vault, operator: r.operator, captureEpoch: capture }),
        ),
        vaultCapture: await pda(findVaultCapturePda({ vault, captureEpoch: capture })),
        vaultAvsEpochSlash: await pda(
          findVaultAvsEpochSlashPda({ vaultAvs, operator: r.operator, captureEpoch: capture }),
        ),
        buckets: [
          await pda(findBucketPda({ vault, epoch: saturatingAddU64(capture, 1n) })),
          await pda(findBucketPda({ vault, epoch: saturatingAddU64(capture, 2n) })),
        ],
      };
    }),
  );
}
