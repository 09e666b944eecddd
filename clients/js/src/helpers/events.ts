// The programs' events, decoded from the transactions that emitted them. Every vault and
// registry instruction emits its events with Anchor's `emit_cpi!`: an inner instruction
// from the program to itself whose data is `EVENT_IX_TAG_LE` (8 bytes), the event's
// discriminator (`sha256("event:<Name>")[..8]`) and the event's Borsh body. Anchor 1.2's
// IDL lists the events (idl/*.json `events`, their fields in `types`) but Codama renders
// no event types, so the decoders are written here from kit codecs, field for field in
// the IDL's order; the tests check every one against the committed IDLs and against real
// events captured from the local network (test/events.json).
//
// Every vault event that changes the books carries a `VaultSnapshot` of the vault after
// it (share supply, active value, amounts, cached prices): a chart of the share price or
// an indexer needs nothing else.
import {
  addDecoderSizePrefix,
  fixDecoderSize,
  getAddressDecoder,
  getArrayDecoder,
  getBase58Encoder,
  getBooleanDecoder,
  getBytesDecoder,
  getI128Decoder,
  getI64Decoder,
  getOptionDecoder,
  getStructDecoder,
  getU128Decoder,
  getU16Decoder,
  getU32Decoder,
  getU64Decoder,
  getU8Decoder,
  getUtf8Decoder,
  type Address,
  type Decoder,
  type ReadonlyUint8Array,
} from '@solana/kit';

import * as v from '../generated/lrt_vault/index.ts';
import * as r from '../generated/slasher_registry/index.ts';

/** Anchor's `EVENT_IX_TAG_LE`: the first 8 bytes of every event-CPI instruction's data. */
export const EVENT_IX_TAG_LE: ReadonlyUint8Array = new Uint8Array([
  0xe4, 0x45, 0xa5, 0x2e, 0x51, 0xcb, 0x9a, 0x1d,
]);

const utf8 = () => addDecoderSizePrefix(getUtf8Decoder(), getU32Decoder());
const bytes = (size: number) => fixDecoderSize(getBytesDecoder(), size);

type EventSpec<T extends object> = { discriminator: ReadonlyUint8Array; decoder: Decoder<T> };

function event<T extends object>(discriminator: number[], decoder: Decoder<T>): EventSpec<T> {
  return { discriminator: new Uint8Array(discriminator), decoder };
}

/** The `lrt_vault` events (idl/lrt_vault.json), by name. */
export const VAULT_EVENTS = {
  AdminTransferStarted: event(
    [31, 82, 117, 177, 147, 168, 210, 177],
    getStructDecoder([
      ['admin', getAddressDecoder()],
      ['pendingAdmin', getAddressDecoder()],
    ]),
  ),
  AdminTransferred: event(
    [255, 147, 182, 5, 199, 217, 38, 179],
    getStructDecoder([
      ['previousAdmin', getAddressDecoder()],
      ['newAdmin', getAddressDecoder()],
    ]),
  ),
  AssetAdded: event(
    [174, 91, 37, 97, 47, 14, 45, 93],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['assetIndex', getU8Decoder()],
      ['mint', getAddressDecoder()],
      ['reserve', getAddressDecoder()],
      ['tokenProgram', getAddressDecoder()],
      ['pricing', v.getPricingSourceDecoder()],
      ['priceWad', getU128Decoder()],
      ['depositCap', getU64Decoder()],
    ]),
  ),
  BondChanged: event(
    [182, 171, 105, 8, 232, 86, 149, 135],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['authority', getAddressDecoder()],
      ['shares', getU64Decoder()],
      ['unbondingShares', getU64Decoder()],
      ['unbondEpoch', getU64Decoder()],
      ['vaultBondedShares', getU64Decoder()],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  CapsSet: event(
    [163, 165, 113, 36, 109, 76, 122, 29],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['assetIndex', getU8Decoder()],
      ['depositCap', getU64Decoder()],
    ]),
  ),
  ConcentrationLimitSet: event(
    [225, 237, 196, 70, 47, 162, 6, 160],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['previousMaxBps', getU16Decoder()],
      ['maxBps', getU16Decoder()],
    ]),
  ),
  ConfigInitialized: event(
    [181, 49, 200, 156, 19, 167, 178, 91],
    getStructDecoder([
      ['admin', getAddressDecoder()],
      ['pauser', getAddressDecoder()],
      ['treasury', getAddressDecoder()],
      ['registryProgram', getAddressDecoder()],
      ['epochLength', getU64Decoder()],
      ['maxDepositFeeBps', getU16Decoder()],
      ['maxWithdrawalFeeBps', getU16Decoder()],
    ]),
  ),
  DelegationChanged: event(
    [161, 88, 226, 64, 82, 57, 63, 110],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['deltaWad', getI128Decoder()],
      ['epoch', getU64Decoder()],
      ['allocation', v.getAllocationHistoryDecoder()],
      ['vaultAllocations', v.getAllocationHistoryDecoder()],
    ]),
  ),
  Deposited: event(
    [111, 141, 26, 45, 161, 35, 100, 57],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['depositor', getAddressDecoder()],
      ['recipientLrtAccount', getAddressDecoder()],
      ['assetIndex', getU8Decoder()],
      ['mint', getAddressDecoder()],
      ['amount', getU64Decoder()],
      ['priceWad', getU128Decoder()],
      ['valueWad', getU128Decoder()],
      ['sharesOut', getU64Decoder()],
      ['feeShares', getU64Decoder()],
      ['feeBps', getU16Decoder()],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  EscrowSwept: event(
    [183, 123, 76, 75, 208, 119, 180, 208],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['request', getAddressDecoder()],
      ['assetIndex', getU8Decoder()],
      ['mint', getAddressDecoder()],
      ['amount', getU64Decoder()],
      ['burnt', getBooleanDecoder()],
      ['recipientTokenAccount', getOptionDecoder(getAddressDecoder())],
    ]),
  ),
  FeesSet: event(
    [121, 74, 126, 26, 13, 22, 27, 166],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['fees', v.getFeesDecoder()],
      ['next', v.getFeesDecoder()],
      ['effectiveEpoch', getU64Decoder()],
      ['insuranceCutBps', getU16Decoder()],
    ]),
  ),
  InsuranceFunded: event(
    [158, 72, 23, 80, 138, 56, 33, 206],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['funder', getAddressDecoder()],
      ['shares', getU64Decoder()],
      ['insuranceShares', getU64Decoder()],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  OperatorWhitelisted: event(
    [133, 101, 65, 19, 17, 87, 253, 209],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['operatorAuthority', getAddressDecoder()],
      ['maxBps', getU16Decoder()],
    ]),
  ),
  PauserSet: event(
    [138, 228, 181, 212, 112, 5, 3, 86],
    getStructDecoder([
      ['previousPauser', getAddressDecoder()],
      ['newPauser', getAddressDecoder()],
    ]),
  ),
  PricesRefreshed: event(
    [107, 188, 83, 106, 144, 77, 105, 165],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['solanaEpoch', getU64Decoder()],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  ProtocolPauseSet: event(
    [88, 186, 42, 175, 234, 40, 83, 247],
    getStructDecoder([
      ['by', getAddressDecoder()],
      ['paused', getBooleanDecoder()],
    ]),
  ),
  RewardsDistributed: event(
    [11, 43, 154, 0, 229, 9, 116, 85],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['payer', getAddressDecoder()],
      ['assetIndex', getU8Decoder()],
      ['amount', getU64Decoder()],
      ['operatorCommission', getU64Decoder()],
      ['commissionBps', getU16Decoder()],
      ['vaultFee', getU64Decoder()],
      ['treasuryShares', getU64Decoder()],
      ['insuranceShares', getU64Decoder()],
      ['toPool', getU64Decoder()],
      ['vestingEpoch', getU64Decoder()],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  RewardsVested: event(
    [158, 184, 206, 179, 156, 222, 110, 74],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['vested', getArrayDecoder(getU64Decoder(), { size: 8 })],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  RoleAccepted: event(
    [130, 219, 17, 167, 202, 238, 104, 50],
    getStructDecoder([
      ['vault', getOptionDecoder(getAddressDecoder())],
      ['role', v.getRoleDecoder()],
      ['previous', getAddressDecoder()],
      ['new', getAddressDecoder()],
    ]),
  ),
  RoleProposed: event(
    [168, 105, 155, 70, 211, 61, 123, 252],
    getStructDecoder([
      ['vault', getOptionDecoder(getAddressDecoder())],
      ['role', v.getRoleDecoder()],
      ['current', getAddressDecoder()],
      ['proposed', getAddressDecoder()],
    ]),
  ),
  SlashApplied: event(
    [207, 20, 164, 179, 234, 57, 80, 238],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['request', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['captureEpoch', getU64Decoder()],
      ['allocationWad', getU64Decoder()],
      ['slashableValueWad', getU128Decoder()],
      ['lossLamports', getU64Decoder()],
      ['bondSharesBurnt', getU64Decoder()],
      ['insuranceSharesBurnt', getU64Decoder()],
      ['valueCoveredWad', getU128Decoder()],
      ['fractionWad', getU128Decoder()],
      ['escrow', getArrayDecoder(getU64Decoder(), { size: 8 })],
      ['bucketEpochs', getArrayDecoder(getU64Decoder(), { size: 2 })],
      ['bucketScalesAfter', getArrayDecoder(getU128Decoder(), { size: 2 })],
      ['windowUntilSlot', getU64Decoder()],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  SlashCancelled: event(
    [30, 217, 21, 135, 62, 236, 194, 221],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['request', getAddressDecoder()],
      ['bondSharesRestored', getU64Decoder()],
      ['bondUnbondingSharesRestored', getU64Decoder()],
      ['insuranceSharesRestored', getU64Decoder()],
      ['bucketEpochs', getArrayDecoder(getU64Decoder(), { size: 3 })],
      ['bucketScalesAfter', getArrayDecoder(getU128Decoder(), { size: 3 })],
      ['toBuckets', getArrayDecoder(getArrayDecoder(getU64Decoder(), { size: 8 }), { size: 3 })],
      ['toPool', getArrayDecoder(getU64Decoder(), { size: 8 })],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  TreasuryFeesClaimed: event(
    [231, 48, 176, 247, 137, 1, 6, 171],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['treasury', getAddressDecoder()],
      ['destination', getAddressDecoder()],
      ['shares', getU64Decoder()],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  VaultCreated: event(
    [117, 25, 120, 254, 75, 236, 78, 115],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['lrtMint', getAddressDecoder()],
      ['curator', getAddressDecoder()],
      ['feeAdmin', getAddressDecoder()],
      ['pendingCurator', getOptionDecoder(getAddressDecoder())],
      ['pendingFeeAdmin', getOptionDecoder(getAddressDecoder())],
      ['name', utf8()],
      ['symbol', utf8()],
      ['uri', utf8()],
      ['seedAssetMint', getAddressDecoder()],
      ['seedAmount', getU64Decoder()],
      ['deadShares', getU64Decoder()],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  VaultPauseSet: event(
    [1, 12, 106, 36, 16, 232, 88, 126],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['by', getAddressDecoder()],
      ['depositsPaused', getBooleanDecoder()],
      ['withdrawalsPaused', getBooleanDecoder()],
    ]),
  ),
  WithdrawalClaimed: event(
    [9, 131, 99, 68, 7, 105, 180, 36],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['owner', getAddressDecoder()],
      ['ticket', getAddressDecoder()],
      ['bucketEpoch', getU64Decoder()],
      ['bucketScaleWad', getU128Decoder()],
      ['bucketClosed', getBooleanDecoder()],
      ['residueToPool', getArrayDecoder(getU64Decoder(), { size: 8 })],
      ['amounts', getArrayDecoder(getU64Decoder(), { size: 8 })],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
  WithdrawalRequested: event(
    [75, 207, 21, 12, 160, 102, 150, 55],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['owner', getAddressDecoder()],
      ['ticket', getAddressDecoder()],
      ['ticketId', getU64Decoder()],
      ['bucketEpoch', getU64Decoder()],
      ['sharesIn', getU64Decoder()],
      ['sharesBurned', getU64Decoder()],
      ['feeShares', getU64Decoder()],
      ['feeBps', getU16Decoder()],
      ['amounts', getArrayDecoder(getU64Decoder(), { size: 8 })],
      ['snapshot', v.getVaultSnapshotDecoder()],
    ]),
  ),
};

/** The `slasher_registry` events (idl/slasher_registry.json), by name. */
export const REGISTRY_EVENTS = {
  AdminTransferStarted: event(
    [31, 82, 117, 177, 147, 168, 210, 177],
    getStructDecoder([
      ['admin', getAddressDecoder()],
      ['pendingAdmin', getAddressDecoder()],
    ]),
  ),
  AdminTransferred: event(
    [255, 147, 182, 5, 199, 217, 38, 179],
    getStructDecoder([
      ['previousAdmin', getAddressDecoder()],
      ['newAdmin', getAddressDecoder()],
    ]),
  ),
  AvsActiveSet: event(
    [78, 52, 236, 51, 92, 227, 136, 227],
    getStructDecoder([
      ['avs', getAddressDecoder()],
      ['by', getAddressDecoder()],
      ['active', getBooleanDecoder()],
    ]),
  ),
  AvsChangesAnnounced: event(
    [130, 140, 121, 240, 50, 201, 56, 110],
    getStructDecoder([
      ['avs', getAddressDecoder()],
      ['by', getAddressDecoder()],
      ['epoch', getU64Decoder()],
      ['kind', r.getAvsKindDecoder()],
      ['maxSlashWad', getU128Decoder()],
      ['destination', r.getSlashDestinationDecoder()],
      ['nextKind', r.getAvsKindDecoder()],
      ['nextMaxSlashWad', getU128Decoder()],
      ['nextDestination', r.getSlashDestinationDecoder()],
      ['effectiveEpoch', getU64Decoder()],
    ]),
  ),
  AvsRegistered: event(
    [155, 212, 23, 123, 181, 73, 94, 84],
    getStructDecoder([
      ['avs', getAddressDecoder()],
      ['id', getAddressDecoder()],
      ['admin', getAddressDecoder()],
      ['kind', r.getAvsKindDecoder()],
      ['maxSlashWad', getU128Decoder()],
      ['destination', r.getSlashDestinationDecoder()],
      ['metadataUri', utf8()],
    ]),
  ),
  OperatorOptedIn: event(
    [34, 133, 89, 40, 169, 253, 249, 108],
    getStructDecoder([
      ['operator', getAddressDecoder()],
      ['avs', getAddressDecoder()],
      ['operatorAvs', getAddressDecoder()],
      ['activationEpoch', getU64Decoder()],
    ]),
  ),
  OperatorOptedOut: event(
    [78, 126, 53, 155, 15, 190, 1, 153],
    getStructDecoder([
      ['operator', getAddressDecoder()],
      ['avs', getAddressDecoder()],
      ['operatorAvs', getAddressDecoder()],
      ['activationEpoch', getU64Decoder()],
      ['deactivationEpoch', getU64Decoder()],
    ]),
  ),
  OperatorRegistered: event(
    [173, 220, 230, 105, 117, 97, 22, 133],
    getStructDecoder([
      ['operator', getAddressDecoder()],
      ['authority', getAddressDecoder()],
      ['commissionBps', getU16Decoder()],
      ['signingKey', bytes(32)],
      ['metadataUri', utf8()],
    ]),
  ),
  OperatorUpdated: event(
    [28, 104, 226, 145, 253, 229, 17, 245],
    getStructDecoder([
      ['operator', getAddressDecoder()],
      ['authority', getAddressDecoder()],
      ['epoch', getU64Decoder()],
      ['commissionBps', getU16Decoder()],
      ['nextCommissionBps', getU16Decoder()],
      ['commissionEffectiveEpoch', getU64Decoder()],
      ['commissionAnnounced', getBooleanDecoder()],
      ['previousSigningKey', bytes(32)],
      ['signingKey', bytes(32)],
      ['keyRotatedEpoch', getU64Decoder()],
      ['previousKeyValidThrough', getOptionDecoder(getU64Decoder())],
      ['metadataUri', utf8()],
    ]),
  ),
  RegistryInitialized: event(
    [144, 138, 62, 105, 58, 38, 100, 177],
    getStructDecoder([
      ['admin', getAddressDecoder()],
      ['vetoAuthority', getAddressDecoder()],
      ['vetoWindowSlots', getU64Decoder()],
      ['resolutionDelaySlots', getU64Decoder()],
      ['maxVaultSlashBpsPerEpoch', getU16Decoder()],
      ['vaultProgram', getAddressDecoder()],
      ['epochLength', getU64Decoder()],
      ['maxCommissionBps', getU16Decoder()],
    ]),
  ),
  RegistryParamsAnnounced: event(
    [86, 166, 221, 136, 126, 1, 87, 144],
    getStructDecoder([
      ['admin', getAddressDecoder()],
      ['epoch', getU64Decoder()],
      ['params', r.getRegistryParamsDecoder()],
      ['nextParams', r.getRegistryParamsDecoder()],
      ['effectiveEpoch', getU64Decoder()],
    ]),
  ),
  SlashCancelled: event(
    [30, 217, 21, 135, 62, 236, 194, 221],
    getStructDecoder([
      ['request', getAddressDecoder()],
      ['vault', getAddressDecoder()],
      ['lossLamports', getU64Decoder()],
      ['cancelledSlot', getU64Decoder()],
    ]),
  ),
  SlashExecuted: event(
    [170, 48, 78, 119, 242, 155, 108, 61],
    getStructDecoder([
      ['request', getAddressDecoder()],
      ['execution', getAddressDecoder()],
      ['avs', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['vault', getAddressDecoder()],
      ['executor', getAddressDecoder()],
      ['captureEpoch', getU64Decoder()],
      ['stakeLamports', getU64Decoder()],
      ['effectiveWad', getU128Decoder()],
      ['requestedLossLamports', getU64Decoder()],
      ['avsCapRoomLamports', getU64Decoder()],
      ['vaultCapRoomLamports', getU64Decoder()],
      ['lossLamports', getU64Decoder()],
      ['avsEpochTotalLamports', getU64Decoder()],
      ['vaultEpochTotalLamports', getU64Decoder()],
      ['destination', r.getSlashDestinationDecoder()],
      ['resolveAfterSlot', getU64Decoder()],
    ]),
  ),
  SlashRequested: event(
    [185, 32, 136, 108, 192, 136, 109, 161],
    getStructDecoder([
      ['request', getAddressDecoder()],
      ['avs', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['index', getU64Decoder()],
      ['wad', getU128Decoder()],
      ['maxSlashWad', getU128Decoder()],
      ['evidenceHash', bytes(32)],
      ['captureEpoch', getU64Decoder()],
      ['requestedSlot', getU64Decoder()],
      ['vetoDeadlineSlot', getU64Decoder()],
      ['destination', r.getSlashDestinationDecoder()],
    ]),
  ),
  SlashVetoed: event(
    [7, 146, 105, 203, 141, 130, 94, 117],
    getStructDecoder([
      ['request', getAddressDecoder()],
      ['avs', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['vetoAuthority', getAddressDecoder()],
      ['slot', getU64Decoder()],
    ]),
  ),
  VaultOptedIn: event(
    [46, 21, 111, 113, 238, 198, 114, 242],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['avs', getAddressDecoder()],
      ['vaultAvs', getAddressDecoder()],
      ['curator', getAddressDecoder()],
      ['capBps', getU16Decoder()],
      ['activationEpoch', getU64Decoder()],
    ]),
  ),
  VaultOptedOut: event(
    [69, 129, 178, 8, 64, 81, 22, 193],
    getStructDecoder([
      ['vault', getAddressDecoder()],
      ['avs', getAddressDecoder()],
      ['vaultAvs', getAddressDecoder()],
      ['curator', getAddressDecoder()],
      ['activationEpoch', getU64Decoder()],
      ['deactivationEpoch', getU64Decoder()],
    ]),
  ),
  VetoAuthoritySet: event(
    [76, 103, 167, 211, 63, 162, 98, 105],
    getStructDecoder([
      ['previousVetoAuthority', getAddressDecoder()],
      ['newVetoAuthority', getAddressDecoder()],
    ]),
  ),
  GuardianSetInstalled: event(
    [183, 32, 68, 241, 253, 62, 65, 48],
    getStructDecoder([
      ['index', getU32Decoder()],
      ['keys', getArrayDecoder(bytes(20))],
      ['previous', getOptionDecoder(getU32Decoder())],
      ['previousExpirationTime', getU32Decoder()],
    ]),
  ),
  VaaVerified: event(
    [234, 27, 95, 225, 79, 64, 144, 69],
    getStructDecoder([
      ['buffer', getAddressDecoder()],
      ['digest', bytes(32)],
      ['guardianSetIndex', getU32Decoder()],
      ['signatures', getU8Decoder()],
    ]),
  ),
  RemoteSlashReceived: event(
    [83, 100, 250, 225, 75, 166, 210, 32],
    getStructDecoder([
      ['request', getAddressDecoder()],
      ['avs', getAddressDecoder()],
      ['emitterChain', getU16Decoder()],
      ['emitter', bytes(32)],
      ['sequence', getU64Decoder()],
      ['digest', bytes(32)],
      ['timestamp', getU32Decoder()],
    ]),
  ),
  StakeAttested: event(
    [106, 57, 65, 77, 148, 109, 51, 105],
    getStructDecoder([
      ['attestation', getAddressDecoder()],
      ['sequence', getU64Decoder()],
      ['emitter', bytes(32)],
      ['vault', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['stakeLamports', getU64Decoder()],
      ['epoch', getU64Decoder()],
      ['slot', getU64Decoder()],
      ['timestamp', getI64Decoder()],
      ['payer', getAddressDecoder()],
    ]),
  ),
  RemoteRewardReceived: event(
    [249, 196, 75, 4, 130, 49, 143, 198],
    getStructDecoder([
      ['avs', getAddressDecoder()],
      ['vault', getAddressDecoder()],
      ['operator', getAddressDecoder()],
      ['mint', getAddressDecoder()],
      ['amount', getU64Decoder()],
      ['inbox', getAddressDecoder()],
      ['emitterChain', getU16Decoder()],
      ['emitter', bytes(32)],
      ['sequence', getU64Decoder()],
      ['digest', bytes(32)],
      ['timestamp', getU32Decoder()],
      ['transferChain', getU16Decoder()],
      ['transferEmitter', bytes(32)],
      ['transferSequence', getU64Decoder()],
    ]),
  ),
  ReplayRecordClosed: event(
    [88, 47, 127, 240, 120, 148, 206, 76],
    getStructDecoder([
      ['replayRecord', getAddressDecoder()],
      ['payer', getAddressDecoder()],
      ['lamports', getU64Decoder()],
      ['timestamp', getU32Decoder()],
      ['closedAt', getI64Decoder()],
      ['closer', getAddressDecoder()],
    ]),
  ),
};

type DataOf<S> = S extends EventSpec<infer T> ? T : never;

export type VaultEventName = keyof typeof VAULT_EVENTS;
export type RegistryEventName = keyof typeof REGISTRY_EVENTS;
/** The decoded body of the vault event `N` (fields camelCased, as the generated client). */
export type VaultEventData<N extends VaultEventName> = DataOf<(typeof VAULT_EVENTS)[N]>;
/** The decoded body of the registry event `N`. */
export type RegistryEventData<N extends RegistryEventName> = DataOf<(typeof REGISTRY_EVENTS)[N]>;

/** A decoded `lrt_vault` event. */
export type VaultEvent = {
  [N in VaultEventName]: { program: 'lrt_vault'; name: N; data: VaultEventData<N> };
}[VaultEventName];
/** A decoded `slasher_registry` event. */
export type RegistryEvent = {
  [N in RegistryEventName]: { program: 'slasher_registry'; name: N; data: RegistryEventData<N> };
}[RegistryEventName];
export type ProgramEvent = VaultEvent | RegistryEvent;

function startsWith(data: ReadonlyUint8Array, prefix: ReadonlyUint8Array, at = 0): boolean {
  if (data.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[at + i] !== prefix[i]) return false;
  return true;
}

function decodeWith<E>(
  table: Record<string, EventSpec<object>>,
  data: ReadonlyUint8Array,
  wrap: (name: string, body: object) => E,
): E | null {
  if (!startsWith(data, EVENT_IX_TAG_LE)) return null;
  for (const [name, spec] of Object.entries(table)) {
    if (!startsWith(data, spec.discriminator, 8)) continue;
    return wrap(name, spec.decoder.decode(data, 16));
  }
  return null;
}

/**
 * The vault event in an event-CPI instruction's data (tag, discriminator, body), or `null`
 * when the data is not an event of this program. A body too short for its event throws.
 */
export function decodeVaultEvent(data: ReadonlyUint8Array): VaultEvent | null {
  return decodeWith(
    VAULT_EVENTS,
    data,
    (name, body) => ({ program: 'lrt_vault', name, data: body }) as VaultEvent,
  );
}

/** The registry event in an event-CPI instruction's data, or `null`. */
export function decodeRegistryEvent(data: ReadonlyUint8Array): RegistryEvent | null {
  return decodeWith(
    REGISTRY_EVENTS,
    data,
    (name, body) => ({ program: 'slasher_registry', name, data: body }) as RegistryEvent,
  );
}

/**
 * The parts of a `getTransaction` answer (encoding `json`, `maxSupportedTransactionVersion:
 * 0`) that events are read from: the static account keys, the addresses loaded from lookup
 * tables, and the inner instructions with base58 data.
 */
export type TransactionWithInnerInstructions = {
  slot: bigint;
  blockTime: bigint | number | null;
  transaction: { message: { accountKeys: readonly string[] }; signatures: readonly string[] };
  meta: {
    err: unknown;
    loadedAddresses?: { writable: readonly string[]; readonly: readonly string[] } | null;
    innerInstructions?:
      | readonly {
          index: number;
          instructions: readonly { programIdIndex: number; data: string }[];
        }[]
      | null;
  } | null;
};

/** An event and where it happened. */
export type EventInTransaction<E> = {
  signature: string;
  slot: bigint;
  /** Seconds since the Unix epoch as the cluster reports it, or `null`. */
  blockTime: number | null;
  /** The top-level instruction that emitted it. */
  instructionIndex: number;
  event: E;
};

/**
 * Every event the vault program (`vaultProgram`) and the registry (`registryProgram`)
 * emitted in `tx`, in order. A failed transaction has none (its events were rolled back).
 * Only inner instructions count: an event CPI succeeds only when the program itself signs
 * with its event authority, so a look-alike top-level instruction cannot forge one.
 */
export function eventsOfTransaction(
  tx: TransactionWithInnerInstructions,
  programs: { vault: Address; registry?: Address },
): EventInTransaction<ProgramEvent>[] {
  const meta = tx.meta;
  if (meta === null || meta.err !== null) return [];
  const keys = [
    ...tx.transaction.message.accountKeys,
    ...(meta.loadedAddresses?.writable ?? []),
    ...(meta.loadedAddresses?.readonly ?? []),
  ];
  const base58 = getBase58Encoder();
  const out: EventInTransaction<ProgramEvent>[] = [];
  for (const group of meta.innerInstructions ?? []) {
    for (const ix of group.instructions) {
      const program = keys[ix.programIdIndex];
      let decoded: ProgramEvent | null = null;
      if (program === programs.vault) decoded = decodeVaultEvent(base58.encode(ix.data));
      else if (program !== undefined && program === programs.registry) {
        decoded = decodeRegistryEvent(base58.encode(ix.data));
      }
      if (decoded === null) continue;
      out.push({
        signature: tx.transaction.signatures[0] ?? '',
        slot: BigInt(tx.slot),
        blockTime: tx.blockTime === null ? null : Number(tx.blockTime),
        instructionIndex: group.index,
        event: decoded,
      });
    }
  }
  return out;
}

/** The vault snapshot an event carries (every event that changes the vault's books), or `null`. */
export function snapshotOf(event: ProgramEvent): v.VaultSnapshot | null {
  if (event.program !== 'lrt_vault') return null;
  return 'snapshot' in event.data ? event.data.snapshot : null;
}

/** The vault an event is about, when it names one. */
export function vaultOfEvent(event: ProgramEvent): Address | null {
  const data = event.data as { vault?: unknown };
  if (typeof data.vault === 'string') return data.vault as Address;
  return null;
}
