// The local network with the web app, for the browser tests: `lrt-localnet` (the binary a
// developer runs) on free ports, serving the built app (`app/dist`) beside the demo world,
// in a scratch folder; stopped with Ctrl-C when the test is done. Started by the
// TypeScript tests' own `startLocalnet` (clients/js/test/localnet.ts).
//
// The binary is `$LRT_LOCALNET_BIN` (`cargo xtask test` sets it), else
// `target/debug/lrt-localnet` of this checkout; `$LRT_APP_DIR` serves another build of the
// app. The demo's setup steps (deposits, a slash request, a cap) run the `lrt` command
// line, `$LRT_BIN` else `target/debug/lrt`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import {
  startLocalnet,
  type DemoWorld as ClientDemoWorld,
  type Localnet,
} from '../../clients/js/test/localnet.ts';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `demo.json` as the network writes and serves it, with the web app's demo wallet. */
export type DemoWorld = ClientDemoWorld & {
  rpc_url: string;
  ws_url: string;
  demo_wallet: { address: string; secret_key: number[] };
};

/** The network with the demo world and the app (`appUrl`: `http://127.0.0.1:P/?rpc=...`;
 * empty when started with `requireApp: false`). */
export type AppNetwork = Localnet & { appUrl: string; demo: DemoWorld };

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
  const requireApp = options.requireApp ?? true;
  const net = await startLocalnet({
    demo: true,
    app: requireApp && (process.env.LRT_APP_DIR ?? true),
    slotTimeMs: options.slotTimeMs ?? 100,
  });
  if (requireApp && !net.appUrl) {
    const output = net.output();
    await net.stop();
    throw new Error(
      `lrt-localnet serves no app (build it with \`npm run build -w app\`):\n${output}`,
    );
  }
  return { ...net, appUrl: net.appUrl ?? '', demo: net.demo as DemoWorld };
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

/**
 * A remote AVS's slash request, as a relayer brings it, with the real command line:
 * `lrt xchain demo-sign` (the local guardians sign a request of `fraction` of the
 * operator's stake, as the AVS's contract on the other chain would have emitted it), its
 * VAA passed to `lrt xchain submit` (posted in chunks, verified against the demo's
 * guardian set, consumed), both as the demo `wallet`. Returns what `submit` printed.
 */
export async function relayRemoteSlash(
  net: AppNetwork,
  avs: string,
  operator: string,
  fraction: string,
): Promise<RemoteSlash> {
  const signed = await lrt<{ vaa: string; guardian_set: number; signatures: number }>(
    net,
    'wallet',
    ['xchain', 'demo-sign', '--avs', avs, '--operator', operator, '--fraction', fraction],
  );
  const submitted = await lrt<RemoteSlash>(net, 'wallet', ['xchain', 'submit', signed.vaa]);
  return { ...submitted, signed };
}

/** What `lrt xchain submit --output json` prints (the parts the tests read). */
export type RemoteSlash = {
  request: { address: string; avs: string; operator: string; fraction: string };
  vaa: { emitter_chain: number; emitter: string; guardian_set: number; signatures: number };
  transactions: { what: string; signature: string; bytes: number }[];
  signed?: { guardian_set: number; signatures: number };
};
