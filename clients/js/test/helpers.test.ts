// The hand-written helpers against numbers the Rust side wrote: vectors.json is produced
// by crates/lrt-client/tests/ts_vectors.rs from the programs' own methods and
// restaking-math (a stale file fails that test; UPDATE_TS_VECTORS=1 rewrites it). Every
// account is decoded from its Anchor-serialised bytes with the generated decoders, and
// every helper must return exactly the Rust numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { Address, Decoder, ReadonlyUint8Array } from '@solana/kit';

import {
  MS_PER_SLOT,
  MathError,
  WAD,
  depositExposure,
  mulDivFloor,
  nowFrom,
  operatorStake,
  pendingSlashAddresses,
  pendingSlashes,
  previewDeposit,
  previewWithdrawal,
  registry,
  sharePrice,
  slashFractionCeil,
  ticketStatus,
  vault,
  vaultSlashRequests,
  type Addressed,
  type VaultSlashAccounts,
} from '../src/index.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const vectors = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'vectors.json'), 'utf8'),
) as Obj;

/** A helper's answer in the vectors' form: bigints as decimal strings. */
function j(value: unknown): Json {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(j);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, j(v)]));
  }
  throw new Error(`cannot compare ${String(value)}`);
}

// -- accounts ---------------------------------------------------------------------------

type Decoded = { kind: string; address: Address; data: unknown; bytes: Uint8Array };

const decoders: Record<string, [Decoder<unknown>, ReadonlyUint8Array]> = {
  'vault.Config': [vault.getConfigDecoder(), vault.CONFIG_DISCRIMINATOR],
  'vault.Vault': [vault.getVaultDecoder(), vault.VAULT_DISCRIMINATOR],
  'vault.WithdrawalBucket': [
    vault.getWithdrawalBucketDecoder(),
    vault.WITHDRAWAL_BUCKET_DISCRIMINATOR,
  ],
  'vault.WithdrawalTicket': [
    vault.getWithdrawalTicketDecoder(),
    vault.WITHDRAWAL_TICKET_DISCRIMINATOR,
  ],
  'vault.Delegation': [vault.getDelegationDecoder(), vault.DELEGATION_DISCRIMINATOR],
  'registry.RegistryConfig': [
    registry.getRegistryConfigDecoder(),
    registry.REGISTRY_CONFIG_DISCRIMINATOR,
  ],
  'registry.Avs': [registry.getAvsDecoder(), registry.AVS_DISCRIMINATOR],
  'registry.OperatorAvs': [registry.getOperatorAvsDecoder(), registry.OPERATOR_AVS_DISCRIMINATOR],
  'registry.VaultAvs': [registry.getVaultAvsDecoder(), registry.VAULT_AVS_DISCRIMINATOR],
  'registry.SlashRequest': [
    registry.getSlashRequestDecoder(),
    registry.SLASH_REQUEST_DISCRIMINATOR,
  ],
  'registry.SlashExecution': [
    registry.getSlashExecutionDecoder(),
    registry.SLASH_EXECUTION_DISCRIMINATOR,
  ],
  'registry.VaultEpochSlash': [
    registry.getVaultEpochSlashDecoder(),
    registry.VAULT_EPOCH_SLASH_DISCRIMINATOR,
  ],
  'registry.VaultAvsEpochSlash': [
    registry.getVaultAvsEpochSlashDecoder(),
    registry.VAULT_AVS_EPOCH_SLASH_DISCRIMINATOR,
  ],
  // not in the IDL; the generated client adds it (clients/js/scripts/generate.mjs)
  'registry.VaultCapture': [
    registry.getVaultCaptureDecoder() as Decoder<unknown>,
    registry.VAULT_CAPTURE_DISCRIMINATOR,
  ],
};

const accounts = new Map<string, Decoded>();
for (const [name, raw] of Object.entries(vectors.accounts as Obj)) {
  const { kind, address, data } = raw as { kind: string; address: string; data: string };
  const entry = decoders[kind];
  assert.ok(entry, `no decoder for ${kind}`);
  const bytes = new Uint8Array(Buffer.from(data, 'base64'));
  accounts.set(name, { kind, address: address as Address, data: entry[0].decode(bytes), bytes });
}

function account<T>(name: Json | undefined, kind: string): T {
  const found = accounts.get(name as string);
  assert.ok(found, `no account ${String(name)}`);
  assert.equal(found.kind, kind, `${String(name)} is a ${found.kind}`);
  return found.data as T;
}

function addressed<T>(name: Json | undefined, kind: string): Addressed<T> {
  return { address: accounts.get(name as string)!.address, data: account<T>(name, kind) };
}

function names(list: Json | undefined): string[] {
  return list as string[];
}

function now(v: Obj) {
  return nowFrom(account<vault.Config>(v.config, 'vault.Config'), BigInt(v.slot as string));
}

const cases = (key: string) => vectors[key] as Obj[];
const big = (x: Json | undefined) =>
  x === null || x === undefined ? undefined : BigInt(x as string);

// -- tests ------------------------------------------------------------------------------

test('every account the Rust side serialised decodes with the generated decoders', () => {
  assert.ok(accounts.size >= 70);
  for (const [name, { kind, bytes }] of accounts) {
    const [decoder, discriminator] = decoders[kind]!;
    assert.deepEqual(bytes.slice(0, 8), Uint8Array.from(discriminator), `${name}: discriminator`);
    const [, read] = decoder.read(bytes, 0);
    assert.equal(read, bytes.length, `${name}: the decoder reads exactly the account's bytes`);
  }
  const capture = accounts.get('capture10')!;
  assert.deepEqual(
    registry.getVaultCaptureDecoder().decode(capture.bytes),
    capture.data as registry.VaultCapture,
  );
  assert.equal(
    registry.identifySlasherRegistryAccount(capture.bytes),
    registry.SlasherRegistryAccount.VaultCapture,
  );
});

test('share price: deposit value over the share supply, vesting credited to the slot', async (t) => {
  for (const v of cases('sharePrice')) {
    await t.test(v.name as string, () => {
      const actual = sharePrice(account(v.vault, 'vault.Vault'), now(v));
      assert.deepEqual(j(actual), v.expect);
    });
  }
});

test('deposit preview: shares, fee in force, refusal, as deposit.rs', async (t) => {
  for (const v of cases('deposit')) {
    await t.test(v.name as string, () => {
      const o = v.options as Obj;
      const actual = previewDeposit(
        account(v.vault, 'vault.Vault'),
        now(v),
        v.assetIndex as number,
        BigInt(v.amount as string),
        {
          ...(o.maxFeeBps !== null ? { maxFeeBps: o.maxFeeBps as number } : {}),
          ...(o.minSharesOut !== null ? { minSharesOut: big(o.minSharesOut)! } : {}),
          ...(o.solanaEpoch !== null ? { solanaEpoch: big(o.solanaEpoch)! } : {}),
          protocolPaused: o.protocolPaused as boolean,
        },
      );
      assert.deepEqual(j(actual), v.expect);
    });
  }
});

test('withdrawal preview: fee, basket, bucket units, refusal, as request_withdrawal.rs', async (t) => {
  for (const v of cases('withdrawal')) {
    await t.test(v.name as string, () => {
      const o = v.options as Obj;
      const actual = previewWithdrawal(
        account(v.vault, 'vault.Vault'),
        now(v),
        BigInt(v.shares as string),
        {
          ...(o.maxFeeBps !== null ? { maxFeeBps: o.maxFeeBps as number } : {}),
          ...(o.ownerShares !== null ? { ownerShares: big(o.ownerShares)! } : {}),
          protocolPaused: o.protocolPaused as boolean,
          bucket:
            o.bucket === null
              ? null
              : account<vault.WithdrawalBucket>(o.bucket, 'vault.WithdrawalBucket'),
        },
      );
      assert.deepEqual(j(actual), v.expect);
    });
  }
});

test('ticket status and countdown: waiting, held, claimable; amounts at the bucket scale', async (t) => {
  for (const v of cases('tickets')) {
    await t.test(v.name as string, () => {
      const ticket = account<vault.WithdrawalTicket>(v.ticket, 'vault.WithdrawalTicket');
      const status = ticketStatus(ticket, account(v.bucket, 'vault.WithdrawalBucket'), now(v));
      assert.deepEqual(
        j({
          state: status.state,
          refusal: status.refusal,
          bucketEpoch: status.bucketEpoch,
          claimableFromEpoch: status.claimableFromEpoch,
          claimableFromSlot: status.claimableFromSlot,
          heldUntilSlot: status.heldUntilSlot,
          slotsLeft: status.countdown.slotsLeft,
          scaleWad: status.scaleWad,
          slashed: status.slashed,
          amounts: status.amounts,
        }),
        v.expect,
      );
      assert.equal(status.countdown.estimatedMs, Number(status.countdown.slotsLeft) * MS_PER_SLOT);
      assert.deepEqual(status.unscaledAmounts, ticket.unscaledAmounts);
    });
  }
  const [first] = cases('tickets');
  const other = accounts.get('bucketMain10')!.data as vault.WithdrawalBucket;
  assert.throws(() =>
    ticketStatus(account(first!.ticket, 'vault.WithdrawalTicket'), other, now(first!)),
  );
});

test("operator allocation and stake: the history's rule, floor(allocation x slashable value)", async (t) => {
  for (const v of cases('stakes')) {
    await t.test(v.name as string, () => {
      const buckets = (v.buckets as Json[]).map((n) =>
        n === null ? null : account<vault.WithdrawalBucket>(n, 'vault.WithdrawalBucket'),
      );
      const actual = operatorStake(
        account(v.vault, 'vault.Vault'),
        account(v.delegation, 'vault.Delegation'),
        buckets,
        now(v),
        BigInt(v.captureEpoch as string),
      );
      assert.deepEqual(j(actual), v.expect);
    });
  }
});

test('slash requests against a vault: status, reach, caps, the most each can cost', async (t) => {
  for (const v of cases('slashes')) {
    await t.test(v.name as string, async () => {
      const many = <T>(list: Json | undefined, kind: string) =>
        names(list).map((n) => account<T>(n, kind));
      const input: VaultSlashAccounts = {
        vault: addressed(v.vault, 'vault.Vault'),
        registryConfig: account(v.registryConfig, 'registry.RegistryConfig'),
        delegations: many(v.delegations, 'vault.Delegation'),
        requests: names(v.requests).map((n) => addressed(n, 'registry.SlashRequest')),
        operatorAvs: many(v.operatorAvs, 'registry.OperatorAvs'),
        vaultAvs: names(v.vaultAvs).map((n) => addressed(n, 'registry.VaultAvs')),
        executions: many(v.executions, 'registry.SlashExecution'),
        epochSlashes: many(v.epochSlashes, 'registry.VaultEpochSlash'),
        avsEpochSlashes: many(v.avsEpochSlashes, 'registry.VaultAvsEpochSlash'),
        captures: many(v.captures, 'registry.VaultCapture'),
        buckets: many(v.buckets, 'vault.WithdrawalBucket'),
        avss: names(v.avss).map((n) => addressed(n, 'registry.Avs')),
      };
      const expect = v.expect as Obj;
      assert.deepEqual(j(vaultSlashRequests(input, now(v))), expect.requests);

      const pending = pendingSlashes(input, now(v));
      const exposure = depositExposure(pending, BigInt(v.depositValueWad as string));
      assert.deepEqual(
        j(
          pending.map((p, i) => ({
            request: p.request,
            maxLossLamports: p.maxLossLamports,
            maxLossShareWad: p.maxLossShareWad,
            depositMaxLoss: exposure[i],
          })),
        ),
        expect.pending,
      );
      for (const p of pending) {
        assert.ok(p.status === 'veto_window' || p.status === 'executable');
        assert.equal(p.maxLossLamports, p.plan.loss);
      }

      // the addresses to fetch: the programs' PDAs, as lrt-client derives them
      assert.deepEqual(
        j(await pendingSlashAddresses(input.vault.address, input.requests)),
        v.addresses,
      );
    });
  }
});

test('the math refuses what restaking-math refuses', () => {
  const U128_MAX = (1n << 128n) - 1n;
  assert.equal(mulDivFloor(U128_MAX, U128_MAX, U128_MAX), U128_MAX);
  assert.throws(
    () => mulDivFloor(U128_MAX, U128_MAX, U128_MAX - 1n),
    (e) => e instanceof MathError && e.kind === 'Overflow',
  );
  assert.throws(
    () => mulDivFloor(1n, 1n, 0n),
    (e) => e instanceof MathError && e.kind === 'DivisionByZero',
  );
  // a share above one whole is capped at one (restaking_math::slash_fraction_ceil)
  assert.equal(slashFractionCeil(U128_MAX, 1n), WAD);
  assert.equal(slashFractionCeil(0n, 1n), 0n);
});
