// Page weight of the built site: every file a page references (scripts and their static imports,
// stylesheets, icons), gzipped. Usage: node web/tools/measure.mjs [distDir]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const BUDGET = { js: 50 * 1024, total: 200 * 1024 };

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const pages = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.html')) pages.push(p);
  }
})(dist);

function local(url, from) {
  if (/^(https?:)?\/\//.test(url) || url.startsWith('data:')) return undefined;
  return url.startsWith('/') ? join(dist, url) : resolve(dirname(from), url);
}

function jsGraph(file, seen) {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?["']([^"']+\.js)["']|import\(\s*["']([^"']+\.js)["']\s*\)/g)) {
    const dep = local(m[1] ?? m[2], file);
    if (dep) jsGraph(dep, seen);
  }
}

let failed = false;
for (const page of pages.sort()) {
  const html = readFileSync(page, 'utf8');
  const js = new Set();
  const other = new Set();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) {
    const f = local(m[1], page);
    if (f) jsGraph(f, js);
  }
  for (const m of html.matchAll(/<link[^>]*\shref="([^"]+)"/g)) {
    const f = local(m[1], page);
    if (!f) continue;
    if (f.endsWith('.js')) jsGraph(f, js);
    else if (!/\.(woff2?|ttf|otf)$/.test(f)) other.add(f);
  }
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>/g)].length + [...html.matchAll(/<style[\s>]/g)].length + [...html.matchAll(/\sstyle="/g)].length;
  const jsBytes = [...js].reduce((n, f) => n + gz(f), 0);
  const otherBytes = [...other].reduce((n, f) => n + gz(f), 0) + gz(page);
  const total = jsBytes + otherBytes;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const over = jsBytes > BUDGET.js || total > BUDGET.total;
  failed ||= over || inline > 0;
  console.log(`${relative(dist, page).padEnd(22)} JS ${kb(jsBytes).padStart(9)}   total ${kb(total).padStart(9)}   inline script/style: ${inline}${over ? '   OVER BUDGET' : ''}`);
  for (const f of [...js, ...other]) console.log(`    ${relative(dist, f).padEnd(60)} ${kb(gz(f)).padStart(9)}`);
}
console.log(`budget per page: JS ≤ ${BUDGET.js / 1024} KB, total ≤ ${BUDGET.total / 1024} KB (gzip -9, fonts excluded)`);
process.exitCode = failed ? 1 : 0;
