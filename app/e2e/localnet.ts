// The local network with the web app, for the browser tests: `lrt-localnet` (the binary a
// developer runs) on free ports, serving the built app (`app/dist`) beside the demo world,
// in a scratch folder; stopped with Ctrl-C when the test is done.
//
// The binary is `$LRT_LOCALNET_BIN` (`cargo xtask test` sets it), else
// `target/debug/lrt-localnet` of this checkout; the demo's setup steps (deposits, a slash
// request, a cap) run the `lrt` command line, `$LRT_BIN` else `target/debug/lrt`. The
// binary, `readSigner` and the demo world's shape are the TypeScript tests' own
// (clients/js/test/localnet.ts).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { KeyPairSigner } from '@solana/kit';

import {
  localnetBin,
  readSigner,
  type DemoWorld as ClientDemoWorld,
} from '../../clients/js/test/localnet.ts';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `demo.json` as the network writes and serves it, with the web app's demo wallet. */
export type DemoWorld = ClientDemoWorld & {
  rpc_url: string;
  ws_url: string;
  demo_wallet: { address: string; secret_key: number[] };
};

export type AppNetwork = {
  rpcUrl: string;
  wsUrl: string;
  /** The URL that opens the app on this network (`http://127.0.0.1:P/?rpc=...`); empty
   * when the binary serves no app (only with `requireApp: false`). */
  appUrl: string;
  demo: DemoWorld;
  /** The folder of the demo's keypairs (`<name>.json`). */
  dir: string;
  /** Milliseconds from spawning the binary to its "Ctrl-C to stop." line. */
  startedInMs: number;
  /** A keypair the demo wrote (`wallet`, `demo-wallet`, `curator`, `avs-authority`, ...). */
  signer(name: string): Promise<KeyPairSigner>;
  /** Its keypair file. */
  keypair(name: string): string;
  /** Everything the binary printed (stdout, then stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
};

/** Options the tests start the network with. */
export type StartOptions = {
  /** Milliseconds per slot: short, so confirmations come quickly. */
  slotTimeMs?: number;
  /** Serve the app and fail without it (default); false (`--no-app`) for tests of the
   * harness itself. */
  requireApp?: boolean;
};

/** Starts `lrt-localnet` with the demo world and the app; resolves once it serves both. */
export async function startAppNetwork(options: StartOptions = {}): Promise<AppNetwork> {
  const dir = mkdtempSync(join(tmpdir(), 'lrt-e2e-'));
  const args = [
    ...['--rpc-port', '0', '--ws-port', '0', '--app-port', '0'],
    ...['--out', dir, '--slot-time', String(options.slotTimeMs ?? 100)],
  ];
  const requireApp = options.requireApp ?? true;
  if (!requireApp) args.push('--no-app');
  else if (process.env.LRT_APP_DIR) args.push('--app', process.env.LRT_APP_DIR);
  const started = performance.now();
  const child = spawn(localnetBin(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = await ready(child, requireApp);
  const startedInMs = performance.now() - started;
  const demo = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoWorld;
  const keypair = (name: string) => join(dir, `${name}.json`);
  return {
    ...lines,
    demo,
    dir,
    startedInMs,
    keypair,
    signer: (name) => readSigner(keypair(name)),
    output: () => `${lines.out()}\n${lines.errors()}`,
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

type Ready = {
  rpcUrl: string;
  wsUrl: string;
  appUrl: string;
  out(): string;
  errors(): string;
};

/** Waits for the "Ctrl-C to stop." line, reading the RPC, WebSocket and App URLs. */
function ready(child: ChildProcess, requireApp: boolean): Promise<Ready> {
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
      else if (!appUrl && requireApp) {
        child.kill('SIGKILL');
        fail(
          new Error(
            `lrt-localnet serves no app (build it with \`npm run build -w app\`):\n${out}\n${errors}`,
          ),
        );
      } else done({ rpcUrl, wsUrl, appUrl: appUrl ?? '', out: () => out, errors: () => errors });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`lrt-localnet exited (${code}) before it was ready:\n${out}\n${errors}`));
    });
  });
}

/** The `lrt` command line of this checkout. */
export function lrtBin(): string {
  const bin = process.env.LRT_BIN ?? join(repo, 'target/debug/lrt');
  if (!existsSync(bin)) {
    throw new Error(`${bin} not found: run \`cargo build -p lrt-cli\` or set LRT_BIN`);
  }
  return bin;
}

const run = promisify(execFile);

/**
 * Runs `lrt <args> --output json` against the network as the demo role `as` (its keypair
 * file) and returns the parsed JSON; a failure throws with what `lrt` printed.
 */
export async function lrt<T = unknown>(net: AppNetwork, as: string, args: string[]): Promise<T> {
  const all = ['-u', net.rpcUrl, '-k', net.keypair(as), '--output', 'json', ...args];
  try {
    const { stdout } = await run(lrtBin(), all, { maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as T;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `lrt ${all.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`,
    );
  }
}
