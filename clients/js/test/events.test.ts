// The event decoders (src/helpers/events.ts) against the committed IDLs and against real
// events: every event of lrt_vault and slasher_registry has a decoder under the IDL's
// discriminator (which is sha256("event:<Name>")[..8]); a body written field by field from
// the IDL's types by a small Borsh writer here decodes to exactly the values written; and
// the events captured from the local network (events.json, test/capture-events.ts) decode
// whole, with the numbers the demo world and the capture's transactions imply.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { getAddressDecoder, getBase58Decoder, type Address } from '@solana/kit';

import {
  EVENT_IX_TAG_LE,
  REGISTRY_EVENTS,
  VAULT_EVENTS,
  WAD,
  decodeRegistryEvent,
  decodeVaultEvent,
  eventsOfTransaction,
  snapshotOf,
  vaultOfEvent,
  type ProgramEvent,
} from '../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
type IdlType =
  | string
  | { option: IdlType }
  | { array: [IdlType, number] }
  | { vec: IdlType }
  | { defined: { name: string } };
type IdlField = { name: string; type: IdlType };
type IdlTypeDef = {
  name: string;
  type:
    | { kind: 'struct'; fields?: IdlField[] }
    | { kind: 'enum'; variants: { name: string; fields?: IdlField[] }[] };
};
type Idl = {
  address: string;
  events: { name: string; discriminator: number[] }[];
  types: IdlTypeDef[];
};
const idl = (name: string) =>
  JSON.parse(readFileSync(join(here, '../../../idl', `${name}.json`), 'utf8')) as Idl;
const programs = {
  lrt_vault: { idl: idl('lrt_vault'), table: VAULT_EVENTS as Record<string, unknown> },
  slasher_registry: {
    idl: idl('slasher_registry'),
    table: REGISTRY_EVENTS as Record<string, unknown>,
  },
};

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

test('every event of the IDLs has a decoder under its discriminator', () => {
  for (const [program, { idl, table }] of Object.entries(programs)) {
    const names = idl.events.map((e) => e.name).sort();
    assert.deepEqual(Object.keys(table).sort(), names, `${program}: the IDL's events`);
    for (const e of idl.events) {
      const expected = createHash('sha256').update(`event:${e.name}`).digest().subarray(0, 8);
      assert.deepEqual([...expected], e.discriminator, `${e.name}: sha256("event:<Name>")`);
      const spec = table[e.name] as { discriminator: Uint8Array };
      assert.deepEqual([...spec.discriminator], e.discriminator, `${program}.${e.name}`);
    }
  }
});

// -- a Borsh writer driven by the IDL, and the values kit's decoders give back ------------

/** Deterministic bytes (a linear congruential generator): the same test data every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s & 0xff;
  };
}

type Written = { bytes: number[]; value: unknown };

function writer(idl: Idl, next: () => number) {
  const types = new Map(idl.types.map((t) => [t.name, t]));
  const le = (n: number) => Array.from({ length: n }, next);
  const uint = (b: number[]) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
  const write = (t: IdlType): Written => {
    if (typeof t === 'string') {
      switch (t) {
        case 'bool': {
          const b = next() & 1;
          return { bytes: [b], value: b === 1 };
        }
        case 'u8':
        case 'u16':
        case 'u32': {
          const bytes = le(t === 'u8' ? 1 : t === 'u16' ? 2 : 4);
          return { bytes, value: Number(uint(bytes)) };
        }
        case 'u64':
        case 'u128': {
          const bytes = le(t === 'u64' ? 8 : 16);
          return { bytes, value: uint(bytes) };
        }
        case 'i64':
        case 'i128': {
          const bits = t === 'i64' ? 64n : 128n;
          const bytes = le(Number(bits / 8n));
          const u = uint(bytes);
          return { bytes, value: u >= 1n << (bits - 1n) ? u - (1n << bits) : u };
        }
        case 'pubkey': {
          const bytes = le(32);
          return { bytes, value: getAddressDecoder().decode(new Uint8Array(bytes)) };
        }
        case 'string': {
          const text = `text-${next()}`;
          const utf8 = [...new TextEncoder().encode(text)];
          return { bytes: [utf8.length, 0, 0, 0, ...utf8], value: text };
        }
      }
      throw new Error(`type ${t} not handled`);
    }
    if ('option' in t) {
      if (next() & 1) {
        const inner = write(t.option);
        return { bytes: [1, ...inner.bytes], value: { __option: 'Some', value: inner.value } };
      }
      return { bytes: [0], value: { __option: 'None' } };
    }
    if ('array' in t) {
      const [inner, size] = t.array;
      const items = Array.from({ length: size }, () => write(inner));
      const bytes = items.flatMap((i) => i.bytes);
      return { bytes, value: inner === 'u8' ? new Uint8Array(bytes) : items.map((i) => i.value) };
    }
    if ('vec' in t) {
      // a short vector (the guardian keys of GuardianSetInstalled): u32 length, items
      const items = Array.from({ length: 2 }, () => write(t.vec));
      return {
        bytes: [2, 0, 0, 0, ...items.flatMap((i) => i.bytes)],
        value: items.map((i) => i.value),
      };
    }
    const def = types.get(t.defined.name);
    if (def === undefined) throw new Error(`no type ${t.defined.name}`);
    return writeDef(def);
  };
  const writeFields = (fields: IdlField[] = []) => {
    const bytes: number[] = [];
    const value: Record<string, unknown> = {};
    for (const f of fields) {
      const w = write(f.type);
      bytes.push(...w.bytes);
      value[camel(f.name)] = w.value;
    }
    return { bytes, value };
  };
  const writeDef = (def: IdlTypeDef): Written => {
    if (def.type.kind === 'struct') return writeFields(def.type.fields);
    const variants = def.type.variants;
    const index = next() % variants.length;
    const variant = variants[index]!;
    // kit decodes an enum without data as a number, one with data as `{ __kind, ...fields }`
    if (variants.every((x) => !x.fields)) return { bytes: [index], value: index };
    const fields = writeFields(variant.fields);
    return { bytes: [index, ...fields.bytes], value: { __kind: variant.name, ...fields.value } };
  };
  return writeDef;
}

test('each decoder reads a body written from the IDL field by field', () => {
  for (const [program, { idl }] of Object.entries(programs)) {
    const decode = program === 'lrt_vault' ? decodeVaultEvent : decodeRegistryEvent;
    const defs = new Map(idl.types.map((t) => [t.name, t]));
    for (const [i, e] of idl.events.entries()) {
      for (let round = 0; round < 4; round++) {
        const written = writer(idl, rng(1000 * i + round + 1))(defs.get(e.name)!);
        const data = new Uint8Array([...EVENT_IX_TAG_LE, ...e.discriminator, ...written.bytes]);
        const decoded = decode(data);
        assert.ok(decoded, `${e.name} decoded`);
        assert.equal(decoded.name, e.name);
        assert.deepEqual(decoded.data, written.value, `${program}.${e.name} round ${round}`);
      }
    }
  }
});

test('data that is not an event of the program decodes to null', () => {
  assert.equal(decodeVaultEvent(new Uint8Array([1, 2, 3])), null);
  const deposited = VAULT_EVENTS.Deposited.discriminator;
  const untagged = new Uint8Array([...new Uint8Array(8), ...deposited, ...new Uint8Array(400)]);
  assert.equal(decodeVaultEvent(untagged), null, 'no event tag');
  const unknown = new Uint8Array([...EVENT_IX_TAG_LE, ...new Uint8Array(8), 0]);
  assert.equal(decodeVaultEvent(unknown), null, 'unknown discriminator');
  // a registry event is not a vault event
  const requested = new Uint8Array([
    ...EVENT_IX_TAG_LE,
    ...REGISTRY_EVENTS.SlashRequested.discriminator,
    ...new Uint8Array(300),
  ]);
  assert.equal(decodeVaultEvent(requested), null);
  assert.equal(decodeRegistryEvent(requested)?.name, 'SlashRequested');
});

// -- real events ---------------------------------------------------------------------------

type Captured = {
  vault: string;
  lrt_mint: string;
  wallet: string;
  slash_request: string;
  events: { program: string; signature: string; data: string }[];
};
const captured = JSON.parse(readFileSync(join(here, 'events.json'), 'utf8')) as Captured;

function decodeCaptured(): ProgramEvent[] {
  return captured.events.map((e) => {
    const data = new Uint8Array(Buffer.from(e.data, 'hex'));
    const decoded = e.program === 'lrt_vault' ? decodeVaultEvent(data) : decodeRegistryEvent(data);
    assert.ok(decoded, `${e.program} event in ${e.signature}`);
    // the decoder reads the whole body: nothing left over, nothing missing
    const table = (e.program === 'lrt_vault' ? VAULT_EVENTS : REGISTRY_EVENTS) as Record<
      string,
      { decoder: { read(bytes: Uint8Array, offset: number): [unknown, number] } }
    >;
    const [, end] = table[decoded.name]!.decoder.read(data, 16);
    assert.equal(end, data.length, `${decoded.name} is read to its last byte`);
    return decoded;
  });
}

test('real events from the local network decode whole, with the demo world numbers', () => {
  const events = decodeCaptured();
  const byName = new Map(events.map((e) => [`${e.program}.${e.name}`, e]));
  const find = <N extends string>(name: N) => {
    const e = byName.get(name);
    assert.ok(e, `${name} captured`);
    return e;
  };
  const created = find('lrt_vault.VaultCreated');
  assert.equal(created.name, 'VaultCreated');
  if (created.name === 'VaultCreated') {
    assert.equal(created.data.vault, captured.vault);
    assert.equal(created.data.lrtMint, captured.lrt_mint);
    assert.equal(created.data.symbol, 'drSOL');
    assert.equal(created.data.name, 'Demo Restaked SOL');
  }
  const deposited = find('lrt_vault.Deposited');
  if (deposited.name === 'Deposited') {
    assert.equal(deposited.data.vault, captured.vault);
    assert.equal(deposited.data.depositor, captured.wallet);
    assert.equal(deposited.data.amount, 1_000_000_000n, 'the capture deposited 1 wSOL');
    assert.equal(deposited.data.priceWad, WAD, 'wSOL is worth one lamport per unit');
    assert.equal(deposited.data.valueWad, 1_000_000_000n * WAD);
    const s = deposited.data.snapshot;
    assert.equal(s.assetCount, 3);
    assert.equal(s.pricesWad[0], WAD);
    // the snapshot's active value is the active amounts at its prices, exactly
    const value = s.activeAmounts.reduce((sum, a, k) => sum + a * s.pricesWad[k]!, 0n);
    assert.deepEqual(s.activeValueWad, { __option: 'Some', value });
  }
  const requested = find('lrt_vault.WithdrawalRequested');
  if (requested.name === 'WithdrawalRequested') {
    assert.equal(requested.data.owner, captured.wallet);
    assert.equal(requested.data.sharesIn, 100_000_000n);
    assert.equal(requested.data.sharesBurned + requested.data.feeShares, 100_000_000n);
  }
  const applied = find('lrt_vault.SlashApplied');
  const executed = find('slasher_registry.SlashExecuted');
  const slashRequested = find('slasher_registry.SlashRequested');
  if (
    applied.name === 'SlashApplied' &&
    executed.name === 'SlashExecuted' &&
    slashRequested.name === 'SlashRequested'
  ) {
    assert.equal(applied.data.request, captured.slash_request);
    assert.equal(executed.data.request, captured.slash_request);
    assert.equal(slashRequested.data.request, captured.slash_request);
    assert.equal(slashRequested.data.wad, 10n ** 16n, 'the capture asked for 1%');
    assert.equal(applied.data.lossLamports, executed.data.lossLamports, 'one loss, two views');
    assert.equal(applied.data.captureEpoch, executed.data.captureEpoch);
    assert.equal(executed.data.effectiveWad, 10n ** 16n);
  }
  for (const e of events) {
    if (e.program !== 'lrt_vault') continue;
    const vault = vaultOfEvent(e);
    if (vault !== null) assert.equal(vault, captured.vault, `${e.name} names the demo vault`);
    const snapshot = snapshotOf(e);
    if (snapshot !== null) assert.equal(snapshot.assetCount <= 8, true);
  }
});

test('events are read from the inner instructions of a transaction, in order', () => {
  const vaultProgram = '11111111111111111111111111111112' as Address;
  const registryProgram = '11111111111111111111111111111113' as Address;
  const base58 = getBase58Decoder();
  const deposited = captured.events.find(
    (e) => e.data.slice(16, 32) === hex(VAULT_EVENTS.Deposited.discriminator),
  )!;
  const requested = captured.events.find(
    (e) => e.data.slice(16, 32) === hex(REGISTRY_EVENTS.SlashRequested.discriminator),
  )!;
  const data = (h: string) => base58.decode(new Uint8Array(Buffer.from(h, 'hex')));
  const tx = {
    slot: 42n,
    blockTime: 1_700_000_000n,
    transaction: {
      signatures: ['sig'],
      message: { accountKeys: ['payer', vaultProgram, 'other'] },
    },
    meta: {
      err: null,
      loadedAddresses: { writable: [], readonly: [registryProgram] },
      innerInstructions: [
        {
          index: 1,
          instructions: [
            { programIdIndex: 2, data: data(deposited.data) }, // another program: ignored
            { programIdIndex: 1, data: data(deposited.data) },
            { programIdIndex: 3, data: data(requested.data) }, // from the lookup table
            { programIdIndex: 1, data: data('00') }, // not an event
          ],
        },
      ],
    },
  };
  const events = eventsOfTransaction(tx, { vault: vaultProgram, registry: registryProgram });
  assert.deepEqual(
    events.map((e) => [e.event.program, e.event.name, e.instructionIndex, e.slot, e.blockTime]),
    [
      ['lrt_vault', 'Deposited', 1, 42n, 1_700_000_000],
      ['slasher_registry', 'SlashRequested', 1, 42n, 1_700_000_000],
    ],
  );
  assert.deepEqual(
    eventsOfTransaction(
      { ...tx, meta: { ...tx.meta, err: { X: 1 } } },
      {
        vault: vaultProgram,
      },
    ),
    [],
    'a failed transaction emitted nothing',
  );
});

function hex(bytes: ArrayLike<number>): string {
  return Buffer.from(Array.from(bytes)).toString('hex');
}
