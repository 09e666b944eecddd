// Prints the gzipped size of the built JS and CSS (dist/) and fails above the budget
// (350 KB gzipped, the limit). Run after `vite build` (`npm run build` does).
//
//   node scripts/bundle-size.mjs [dist folder] [--budget KB]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget');
const budgetKb = budgetAt >= 0 ? Number(args[budgetAt + 1]) : 350;
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--budget');
const dist = resolve(positional[0] ?? join(dirname(fileURLToPath(import.meta.url)), '../dist'));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let all;
try {
  all = files(dist).filter((f) => ['.js', '.css'].includes(extname(f)));
} catch {
  console.error(`no build at ${dist}: run \`npm run build -w app\` first`);
  process.exit(1);
}
let raw = 0;
let gzipped = 0;
for (const file of all.sort()) {
  const bytes = readFileSync(file);
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += gz;
  console.log(
    `${relative(dist, file).padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KB  ${(gz / 1024).toFixed(1).padStart(7)} KB gzipped`,
  );
}
const kb = gzipped / 1024;
console.log(
  `total JS+CSS: ${(raw / 1024).toFixed(1)} KB, ${kb.toFixed(1)} KB gzipped (budget ${budgetKb} KB)`,
);
if (kb > budgetKb) {
  console.error(`over budget by ${(kb - budgetKb).toFixed(1)} KB gzipped`);
  process.exit(1);
}
