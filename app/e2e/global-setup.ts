// Before the browser tests: what they need is there (Chromium, the two binaries), and the
// measurements of an earlier run are cleared.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { localnetBin } from '../../clients/js/test/localnet.ts';
import { lrtBin, repo } from './localnet.ts';

export default function globalSetup(): void {
  const chromium = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(
      `${chromium} not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_BIN`,
    );
  }
  localnetBin();
  lrtBin();
  const artifacts = join(repo, 'app/e2e/artifacts');
  mkdirSync(artifacts, { recursive: true });
  rmSync(join(artifacts, 'timings.json'), { force: true });
}
