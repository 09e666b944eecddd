// Vite builds the app into dist/ as static files with relative asset paths (`base: './'`),
// so any static server can serve it from any folder (hash routing: no server rewrites).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { defineConfig, type Plugin } from 'vite';

/**
 * One copy of kit's shared packages. The workspace root also holds @solana/web3.js 1.x
 * (for the migrations), whose older @solana/errors and codecs are hoisted to the root, so
 * npm nests a copy of kit's own versions under each kit package that needs them (about
 * ten of @solana/errors alone). They are the same version: every import resolves to the
 * copy beside @solana/kit, which keeps one in the bundle.
 */
function kitSharedPackages() {
  // the package folder of @solana/kit (its exports do not include package.json)
  let kit = dirname(createRequire(import.meta.url).resolve('@solana/kit'));
  while (!kit.endsWith(join('@solana', 'kit')) && dirname(kit) !== kit) kit = dirname(kit);
  const shared = [
    'errors',
    'codecs',
    'codecs-core',
    'codecs-numbers',
    'codecs-strings',
    'codecs-data-structures',
    'options',
  ];
  return shared.flatMap((name) => {
    const nested = join(kit, 'node_modules/@solana', name);
    return existsSync(join(nested, 'package.json'))
      ? [{ find: new RegExp(`^@solana/${name}$`), replacement: nested }]
      : [];
  });
}

/**
 * The generated client (like kit) keeps the programs' error messages only outside
 * production builds (`process.env['NODE_ENV'] !== 'production'`). The app shows those
 * messages to depositors when a transaction fails, so in the generated error modules the
 * guard is taken as true: the messages (a few kilobytes) stay in the bundle.
 */
function keepProgramErrorMessages(): Plugin {
  const guard = "process.env['NODE_ENV'] !== 'production'";
  return {
    name: 'keep-program-error-messages',
    enforce: 'pre',
    transform(code, id) {
      if (!/clients\/js\/src\/generated\/[^/]+\/errors\/[^/]+\.ts$/.test(id)) return null;
      if (!code.includes(guard)) return null;
      return { code: code.replaceAll(guard, 'true'), map: null };
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [keepProgramErrorMessages()],
  resolve: { alias: kitSharedPackages() },
  build: { target: 'es2022', sourcemap: false },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
