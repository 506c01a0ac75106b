// npm run --silent triage:outputs [-- --check <saved.json>] — a hash of every output of the engine on the reports
// the fingerprint covers (the corpus and the pending sets), per file, to tell which files a change moved. A change
// meant to leave every answer alone (for speed, or tidying) is held to the hashes saved before it: save them first
// (`> before.json`), then check. Held-out sets are not read.
import { readFileSync } from 'node:fs';
import { readNotHeldOut } from './triage-corpus';
import { outputsHash } from './fingerprint';

const byFile = new Map<string, ReturnType<typeof readNotHeldOut>>();
for (const c of readNotHeldOut()) (byFile.get(c.file) ?? byFile.set(c.file, []).get(c.file)!).push(c);
const hashes = Object.fromEntries([...byFile].map(([file, cases]) => [file, outputsHash(cases)]));

const at = process.argv.indexOf('--check');
if (at < 0) {
  process.stdout.write(JSON.stringify(hashes, null, 2) + '\n');
} else {
  const saved = JSON.parse(readFileSync(process.argv[at + 1] ?? '', 'utf8')) as Record<string, string>;
  const changed = Object.keys({ ...saved, ...hashes }).filter((file) => saved[file] !== hashes[file]);
  const reports = [...byFile.values()].reduce((n, cases) => n + cases.length, 0);
  if (changed.length) {
    process.stderr.write(`triage:outputs: the outputs changed in ${changed.length} of ${byFile.size} files:\n${changed.map((f) => `  ${f}\n`).join('')}`);
    process.exit(1);
  }
  process.stderr.write(`triage:outputs: every output the same on ${reports} reports in ${byFile.size} files\n`);
}
