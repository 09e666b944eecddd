// Starts the embedded local network (`lrt-localnet`, the same binary a developer runs)
// for a TypeScript test, as the Rust tests do: on free ports, in a scratch folder, with
// or without the demo world, and stops it when the test is done.
//
// The binary is `$LRT_LOCALNET_BIN` (`cargo xtask test` sets it), else
// `target/debug/lrt-localnet` of this checkout (build it with `cargo build -p
// lrt-localnet`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createKeyPairSignerFromBytes, type KeyPairSigner } from '@solana/kit';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The demo world as `lrt-localnet` writes it (`demo.json`, see localnet/src/demo.rs). */
export type DemoWorld = {
  active_epoch: number;
  epoch_length: number;
  veto_window_slots: number;
  resolution_delay_slots: number;
  max_commission_bps: number;
  config: string;
  registry_config: string;
  treasury: string;
  recipient: string;
  vault: {
    address: string;
    curator: string;
    fee_admin: string;
    lrt_mint: string;
    dead_shares: string;
    name: string;
    symbol: string;
  };
  assets: {
    index: number;
    symbol: string;
    mint: string;
    decimals: number;
    token_program: string;
    reserve: string;
    pricing: 'wsol' | 'spl_stake_pool' | 'marinade';
    pricing_account: string | null;
    wallet_account: string;
  }[];
  operators: {
    name: string;
    operator: string;
    authority: string;
    bond: string;
    delegation: string;
    commission_bps: number;
    allocation_bps: number;
    allocation_wad: string;
    stake_at_hand_over_lamports: number;
    keypair: string;
  }[];
  avs: Record<
    'demo' | 'example',
    {
      account: string;
      admin: string;
      id: string;
      name: string;
      slash_authority: string;
    }
  > & {
    /** The simulated AVS on another chain (`AvsKind::Remote`); no slash authority here. */
    remote: {
      account: string;
      admin: string;
      id: string;
      name: string;
      kind: 'remote';
      /** Wormhole chain id, and its name. */
      chain: number;
      chain_name: string;
      /** The emitting contract, `0x` and 64 hex digits (left-padded). */
      emitter: string;
      simulated: boolean;
    };
  };
  /** The local guardian set and the registry's cross-chain parameters. */
  xchain: {
    config: string;
    guardian_set_index: number;
    guardian_set: string;
    guardians: number;
    quorum: number;
    guardian_label: string;
    /** The guardians' Ethereum addresses, `0x` and 40 hex digits, in index order. */
    guardian_addresses: string[];
    guardian_set_expiration_seconds: number;
    max_message_age_seconds: number;
    remote_avs: string;
  };
  roles: Record<'admin' | 'avs_authority' | 'curator' | 'faucet' | 'treasury', string>;
  wallet: { address: string; lrt_account: string };
  keypairs: Record<string, string>;
  programs: Record<string, string>;
};

export type Localnet = {
  rpcUrl: string;
  wsUrl: string;
  /** The URL that opens the web app on this network, when started with `app`. */
  appUrl?: string;
  /** The demo world, when started with it. */
  demo?: DemoWorld;
  /** The folder of the demo's keypairs (`<name>.json`). */
  dir: string;
  /** Milliseconds from spawning the binary to its "Ctrl-C to stop." line. */
  startedInMs: number;
  /** A keypair file the demo wrote (`admin`, `wallet`, `curator`, `operator-1`, ...). */
  keypair(name: string): string;
  /** That keypair, as a kit signer. */
  signer(name: string): Promise<KeyPairSigner>;
  /** Moves the network's clock to `slot` (surfpool's `surfnet_timeTravel`). */
  timeTravel(slot: number): Promise<void>;
  /** What the binary printed so far (stdout, then stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
};

export type LocalnetOptions = {
  /** Seed the demo world. */
  demo: boolean;
  /** Serve the web app: `true` for this checkout's `app/dist`, a folder for another
   * build; the default serves none (`--no-app`). */
  app?: boolean | string;
  /** Milliseconds per slot (the binary's default: 400). */
  slotTimeMs?: number;
};

/** The localnet binary this test run uses. */
export function localnetBin(): string {
  const bin = process.env.LRT_LOCALNET_BIN ?? join(repo, 'target/debug/lrt-localnet');
  if (!existsSync(bin)) {
    throw new Error(
      `${bin} not found: run \`cargo build -p lrt-localnet\` or set LRT_LOCALNET_BIN`,
    );
  }
  return bin;
}

/** Reads a Solana CLI keypair file (a JSON array of 64 bytes) as a kit signer. */
export async function readSigner(path: string): Promise<KeyPairSigner> {
  const bytes = new Uint8Array(JSON.parse(readFileSync(path, 'utf8')) as number[]);
  return createKeyPairSignerFromBytes(bytes);
}

export async function startLocalnet(options: LocalnetOptions): Promise<Localnet> {
  const dir = mkdtempSync(join(tmpdir(), 'lrt-localnet-'));
  const args = ['--rpc-port', '0', '--ws-port', '0', '--out', dir];
  args.push(options.demo ? '--demo' : '--no-demo');
  if (!options.app) args.push('--no-app');
  else
    args.push(
      '--app-port',
      '0',
      ...(typeof options.app === 'string' ? ['--app', options.app] : []),
    );
  if (options.slotTimeMs !== undefined) args.push('--slot-time', String(options.slotTimeMs));
  const started = performance.now();
  const child = spawn(localnetBin(), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const printed = await ready(child);
  const startedInMs = performance.now() - started;
  const demo = options.demo
    ? (JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoWorld)
    : undefined;
  const keypair = (name: string) => join(dir, `${name}.json`);
  const { rpcUrl } = printed;
  return {
    rpcUrl,
    wsUrl: printed.wsUrl,
    appUrl: printed.appUrl,
    demo,
    dir,
    startedInMs,
    keypair,
    signer: (name) => readSigner(keypair(name)),
    timeTravel: async (slot) => {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'surfnet_timeTravel',
          params: [{ absoluteSlot: slot }],
        }),
      });
      const body = (await response.json()) as { error?: { message: string } };
      if (body.error) throw new Error(`surfnet_timeTravel: ${body.error.message}`);
    },
    output: () => `${printed.out()}\n${printed.errors()}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The value of a `  Label      value` line the binary prints. */
export function printedField(out: string, label: string): string | undefined {
  return new RegExp(`^  ${label} +(\\S+)`, 'm').exec(out)?.[1];
}

type Printed = {
  rpcUrl: string;
  wsUrl: string;
  appUrl?: string;
  out(): string;
  errors(): string;
};

/** Waits for the network's "Ctrl-C to stop." line, reading its RPC, WebSocket and App
 * URLs. */
function ready(child: ChildProcess): Promise<Printed> {
  return new Promise((done, fail) => {
    let out = '';
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`lrt-localnet not ready after 180 s:\n${out}\n${errors}`));
    }, 180_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      // keep the start of it: the programs may log much more later
      if (errors.length < 100_000) errors += chunk.toString();
    });
    let started = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      // the programs log natively on stdout: once started, only drain it
      if (started) return;
      out += chunk.toString();
      if (!out.includes('Ctrl-C to stop.')) return;
      started = true;
      clearTimeout(timer);
      const rpcUrl = printedField(out, 'RPC');
      const wsUrl = printedField(out, 'WebSocket');
      const appUrl = printedField(out, 'App');
      if (!rpcUrl || !wsUrl) fail(new Error(`no RPC or WebSocket URL in:\n${out}`));
      else done({ rpcUrl, wsUrl, appUrl, out: () => out, errors: () => errors });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`lrt-localnet exited (${code}) before it was ready:\n${out}\n${errors}`));
    });
  });
}
