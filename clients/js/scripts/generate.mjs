// Generates the TypeScript client of each program from its committed IDL (idl/*.json)
// with Codama, for @solana/kit: accounts and their decoders, instruction builders with
// PDA defaults, error codes and messages, the program address. One folder per program,
// so names the programs share (`Vault` is in the registry's IDL too) never collide.
//
// One addition to the IDL: Anchor 1.2's `#[event_cpi]` declares `event_authority` with
// an address expression and `program` with none, so its IDL gives no way to derive them;
// here every instruction defaults them to the program's own `["__event_authority"]` PDA
// and id, so a caller never passes either. And the PDAs whose seeds hold a number (an
// epoch, an id, an index), which Anchor's IDL only shows inside instructions: each gets a
// `find...Pda` like the others (seeds as in lrt_vault::constants and
// slasher_registry::constants, and crates/lrt-client's pda modules). And one account:
// Anchor's IDL lists only the accounts some instruction takes typed, and the registry's
// `VaultCapture` (the vault's value a capture epoch's stakes are measured on) is created
// and loaded by hand in `execute_slash`; its layout is
// programs/slasher_registry/src/state/vault_epoch_slash.rs, with Anchor's discriminator.
// So is `RequestTarget` (the one vault a remote request may reach; created by
// `submit_remote_slash`, read by `execute_slash`): programs/slasher_registry/src/state/
// slash_request.rs. So is `RemoteEmitter` (the one AVS a remote emitter speaks for;
// created by `register_avs` and `announce_avs_change`, read by the inbound messages):
// programs/slasher_registry/src/state/remote_emitter.rs.
//
//   npm run generate [-- <out folder>]   (default: src/generated; `cargo xtask client`)
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { rootNodeFromAnchor } from '@codama/nodes-from-anchor';
import { renderVisitor } from '@codama/renderers-js';
import {
  accountNode,
  addPdasVisitor,
  arrayTypeNode,
  bytesTypeNode,
  bytesValueNode,
  constantPdaSeedNodeFromString,
  createFromRoot,
  fieldDiscriminatorNode,
  fixedCountNode,
  fixedSizeTypeNode,
  numberTypeNode,
  pdaLinkNode,
  pdaNode,
  pdaValueNode,
  programIdValueNode,
  programNode,
  publicKeyTypeNode,
  rootNode,
  setInstructionAccountDefaultValuesVisitor,
  structFieldTypeNode,
  structTypeNode,
  variablePdaSeedNode,
} from 'codama';

const here = dirname(fileURLToPath(import.meta.url));
const idlFolder = resolve(here, '../../../idl');
const out = resolve(process.argv[2] ?? join(here, '../src/generated'));
const programs = ['lrt_vault', 'slasher_registry', 'example_avs'];

const text = (value) => constantPdaSeedNodeFromString('utf8', value);
const key = (name) => variablePdaSeedNode(name, publicKeyTypeNode());
const u64 = (name) => variablePdaSeedNode(name, numberTypeNode('u64'));
const u32 = (name) => variablePdaSeedNode(name, numberTypeNode('u32'));
const u16be = (name) => variablePdaSeedNode(name, numberTypeNode('u16', 'be'));
const bytes32 = (name) => variablePdaSeedNode(name, fixedSizeTypeNode(bytesTypeNode(), 32));
const extraPdas = {
  lrtVault: [
    { name: 'bucket', seeds: [text('bucket'), key('vault'), u64('epoch')] },
    {
      name: 'ticket',
      seeds: [text('ticket'), key('vault'), key('owner'), u64('id')],
    },
  ],
  slasherRegistry: [
    { name: 'avs', seeds: [text('avs'), key('id')] },
    {
      name: 'slashRequest',
      seeds: [text('slash_request'), key('avs'), u64('index')],
    },
    {
      name: 'vaultEpochSlash',
      seeds: [text('vault_epoch_slash'), key('vault'), key('operator'), u64('captureEpoch')],
    },
    {
      name: 'vaultAvsEpochSlash',
      seeds: [text('vault_avs_epoch_slash'), key('vaultAvs'), key('operator'), u64('captureEpoch')],
    },
    {
      name: 'vaultCapture',
      seeds: [text('vault_capture'), key('vault'), u64('captureEpoch')],
    },
    { name: 'guardianSet', seeds: [text('guardian_set'), u32('index')] },
    { name: 'vaaBuffer', seeds: [text('vaa_buffer'), key('payer'), u32('nonce')] },
    {
      name: 'replayRecord',
      seeds: [text('vaa_replay'), u16be('chain'), bytes32('emitter'), u64('sequence')],
    },
    // outbound stake attestations: the message account of each sequence, and the
    // registry's emitter address (no account lives there) they are carried under
    { name: 'attestation', seeds: [text('attestation'), u64('sequence')] },
    { name: 'emitter', seeds: [text('emitter')] },
    // the one AVS a remote emitter speaks for (claimed once, never released)
    {
      name: 'remoteEmitter',
      seeds: [text('remote_emitter'), u16be('chain'), bytes32('emitter')],
    },
    // (`rewardInbox`, ["reward_inbox", avs], the authority of a remote AVS's reward inbox,
    // comes from the IDL: submit_remote_reward's seeds name only the AVS account)
  ],
};

/** Anchor's account discriminator: the first 8 bytes of sha256("account:<Name>"). */
const discriminator = (name) =>
  createHash('sha256').update(`account:${name}`).digest('hex').slice(0, 16);

const extraAccounts = {
  slasher_registry: [
    accountNode({
      name: 'vaultCapture',
      docs: ["A vault's slashable value before the first slash of a capture epoch."],
      pda: pdaLinkNode('vaultCapture'),
      discriminators: [fieldDiscriminatorNode('discriminator')],
      data: structTypeNode([
        structFieldTypeNode({
          name: 'discriminator',
          type: fixedSizeTypeNode(bytesTypeNode(), 8),
          defaultValue: bytesValueNode('base16', discriminator('VaultCapture')),
          defaultValueStrategy: 'omitted',
        }),
        structFieldTypeNode({ name: 'vault', type: publicKeyTypeNode() }),
        structFieldTypeNode({ name: 'captureEpoch', type: numberTypeNode('u64') }),
        structFieldTypeNode({ name: 'slashableValueWad', type: numberTypeNode('u128') }),
        structFieldTypeNode({ name: 'bump', type: numberTypeNode('u8') }),
      ]),
    }),
    accountNode({
      name: 'requestTarget',
      docs: ['The one vault a remote slash request may execute against.'],
      pda: pdaLinkNode('requestTarget'),
      discriminators: [fieldDiscriminatorNode('discriminator')],
      data: structTypeNode([
        structFieldTypeNode({
          name: 'discriminator',
          type: fixedSizeTypeNode(bytesTypeNode(), 8),
          defaultValue: bytesValueNode('base16', discriminator('RequestTarget')),
          defaultValueStrategy: 'omitted',
        }),
        structFieldTypeNode({ name: 'request', type: publicKeyTypeNode() }),
        structFieldTypeNode({ name: 'vault', type: publicKeyTypeNode() }),
        structFieldTypeNode({ name: 'bump', type: numberTypeNode('u8') }),
      ]),
    }),
    accountNode({
      name: 'remoteEmitter',
      docs: ['The one AVS a remote emitter speaks for, claimed once and never released.'],
      pda: pdaLinkNode('remoteEmitter'),
      discriminators: [fieldDiscriminatorNode('discriminator')],
      data: structTypeNode([
        structFieldTypeNode({
          name: 'discriminator',
          type: fixedSizeTypeNode(bytesTypeNode(), 8),
          defaultValue: bytesValueNode('base16', discriminator('RemoteEmitter')),
          defaultValueStrategy: 'omitted',
        }),
        structFieldTypeNode({ name: 'chain', type: numberTypeNode('u16') }),
        structFieldTypeNode({
          name: 'emitter',
          type: arrayTypeNode(numberTypeNode('u8'), fixedCountNode(32)),
        }),
        structFieldTypeNode({ name: 'avs', type: publicKeyTypeNode() }),
        structFieldTypeNode({ name: 'bump', type: numberTypeNode('u8') }),
      ]),
    }),
  ],
};

/** The program's root node with the accounts its IDL cannot show. */
function withExtraAccounts(program, root) {
  const extra = extraAccounts[program] ?? [];
  if (extra.length === 0) return root;
  const accounts = [...root.program.accounts, ...extra];
  return rootNode(programNode({ ...root.program, accounts }), root.additionalPrograms);
}

rmSync(out, { recursive: true, force: true });
for (const program of programs) {
  const idl = JSON.parse(readFileSync(join(idlFolder, `${program}.json`), 'utf8'));
  const codama = createFromRoot(withExtraAccounts(program, rootNodeFromAnchor(idl)));
  codama.update(addPdasVisitor(extraPdas));
  codama.update(
    setInstructionAccountDefaultValuesVisitor([
      {
        account: 'eventAuthority',
        defaultValue: pdaValueNode(
          pdaNode({
            name: 'eventAuthority',
            seeds: [constantPdaSeedNodeFromString('utf8', '__event_authority')],
          }),
        ),
      },
      { account: 'program', defaultValue: programIdValueNode() },
    ]),
  );
  await codama.accept(
    renderVisitor(out, {
      generatedFolder: program,
      kitImportStrategy: 'rootOnly',
      syncPackageJson: false,
      deleteFolderBeforeRendering: true,
    }),
  );
}
console.log(`generated ${programs.join(', ')} into ${out}`);
