// What the browser tests read from the chain themselves, to compare with what the app
// shows: token balances and supplies, associated accounts, the slot and the restaking
// epoch; and moving the clock (surfpool's `surfnet_timeTravel`, as `lrt epoch advance`).
import {
  address,
  createSolanaRpc,
  getAddressEncoder,
  getProgramDerivedAddress,
  type Address,
  type Rpc,
  type SolanaRpcApi,
} from '@solana/kit';

import type { AppNetwork } from './localnet.ts';

export const ASSOCIATED_TOKEN_PROGRAM = address('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL');

export class Chain {
  readonly rpc: Rpc<SolanaRpcApi>;

  constructor(readonly net: AppNetwork) {
    this.rpc = createSolanaRpc(net.rpcUrl);
  }

  /** `owner`'s associated token account of `mint` under `tokenProgram`. */
  async associatedAccount(owner: string, mint: string, tokenProgram: string): Promise<Address> {
    const enc = getAddressEncoder();
    const [ata] = await getProgramDerivedAddress({
      programAddress: ASSOCIATED_TOKEN_PROGRAM,
      seeds: [
        enc.encode(address(owner)),
        enc.encode(address(tokenProgram)),
        enc.encode(address(mint)),
      ],
    });
    return ata;
  }

  /** `owner`'s balance of the demo asset `symbol`, base units (0 without an account). */
  async assetBalance(owner: string, symbol: string): Promise<bigint> {
    const asset = this.net.demo.assets.find((a) => a.symbol === symbol);
    if (!asset) throw new Error(`no demo asset ${symbol}`);
    return this.tokenBalance(await this.associatedAccount(owner, asset.mint, asset.token_program));
  }

  /** `owner`'s LRT (drSOL), base units. */
  async lrtBalance(owner: string): Promise<bigint> {
    const { lrt_mint } = this.net.demo.vault;
    const token2022 = this.net.demo.programs.token_2022!;
    return this.tokenBalance(await this.associatedAccount(owner, lrt_mint, token2022));
  }

  async tokenBalance(account: string): Promise<bigint> {
    const { value } = await this.rpc
      .getAccountInfo(address(account), { encoding: 'base64', commitment: 'processed' })
      .send();
    if (!value) return 0n;
    const { value: balance } = await this.rpc
      .getTokenAccountBalance(address(account), { commitment: 'processed' })
      .send();
    return BigInt(balance.amount);
  }

  async lamports(owner: string): Promise<bigint> {
    const { value } = await this.rpc.getBalance(address(owner), { commitment: 'processed' }).send();
    return value;
  }

  /** The LRT mint's supply, base units. */
  async lrtSupply(): Promise<bigint> {
    const { value } = await this.rpc
      .getTokenSupply(address(this.net.demo.vault.lrt_mint), { commitment: 'processed' })
      .send();
    return BigInt(value.amount);
  }

  async slot(): Promise<bigint> {
    return this.rpc.getSlot({ commitment: 'processed' }).send();
  }

  /** The restaking epoch now (`slot / epoch_length`). */
  async epoch(): Promise<bigint> {
    return (await this.slot()) / BigInt(this.net.demo.epoch_length);
  }

  /**
   * Moves the clock to `slot`, then waits for a block after it: until then surfpool's
   * Clock sysvar holds the slot within the Solana epoch (`advance_to_slot` in Rust).
   */
  async advanceToSlot(slot: bigint): Promise<void> {
    const current = await this.slot();
    if (slot > current) await this.net.timeTravel(Number(slot));
    const target = slot > current ? slot : current;
    const deadline = Date.now() + 15_000;
    while ((await this.slot()) <= target) {
      if (Date.now() > deadline) throw new Error(`the network did not reach slot ${target}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** To the first slot of the restaking epoch `epochs` after the current one. */
  async advanceEpochs(epochs: number): Promise<bigint> {
    const target = (await this.epoch()) + BigInt(epochs);
    await this.advanceToSlot(target * BigInt(this.net.demo.epoch_length));
    return target;
  }
}

/** Base units of a decimal token amount ("1.5" -> 1500000000n at 9 decimals). */
export function units(text: string, decimals = 9): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(text)}`);
  const fraction = (m[2] ?? '').padEnd(decimals, '0');
  if (fraction.length > decimals) throw new Error(`more than ${decimals} decimals: ${text}`);
  return BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt(fraction === '' ? '0' : fraction);
}

/**
 * The first decimal number in a text the app shows ("1,234.5 drSOL" -> "1234.5"), or
 * `null`. Thousands separators (commas, thin and plain spaces between digit groups) are
 * dropped.
 */
export function decimalIn(text: string): string | null {
  const m = /\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/.exec(text);
  return m ? m[0].replace(/[,\u202f\u00a0 ]/g, '') : null;
}

/** The amount a text shows, in base units. */
export function unitsIn(text: string, decimals = 9): bigint {
  const d = decimalIn(text);
  if (d === null) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return units(d, decimals);
}

/** `units` as a decimal text without trailing zeros (1500000000n -> "1.5"). */
export function decimal(value: bigint, decimals = 9): string {
  const scale = 10n ** BigInt(decimals);
  const whole = value / scale;
  const fraction = (value % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}
