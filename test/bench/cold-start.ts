// Cold start of each Lambda handler, bundled exactly as the stack bundles it (infra/bundling.ts): what a fresh
// process reads at import (the entry and every chunk it imports statically), what it loads only on first use
// (chunks behind `await import(…)`), and how long `import()` of the entry takes in fresh Node processes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '../../infra/bundling';
import { HANDLERS, OCR_PACKAGES, SHARP_PACKAGES } from '../../infra/paths';

const root = resolve(import.meta.dirname, '../..');

export interface BundleFigures {
  /** Bytes of the entry and of every chunk it imports statically: what a cold start reads and evaluates. */
  atImport: number;
  /** Bytes of the chunks reached only through dynamic imports: loaded on first use, if ever. */
  onFirstUse: number;
  /** The largest packages (or project folders) in the import-time bytes. */
  largest: [string, number][];
  /** The lazily loaded chunks by the module that names them, largest first. */
  lazy: [string, number][];
  outdir: string;
}

const packageOf = (input: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1]! : input.replace(/\/[^/]+$/, '');
};

/** Bundles one entry with the stack's options and splits its output into what loads at import and later. */
export async function bundleFigures(entry: string, outdir = mkdtempSync(join(tmpdir(), 'bundle-'))): Promise<BundleFigures> {
  // As the stack bundles them: the two functions with native packages keep those out of the bundle.
  const native = entry === HANDLERS.evidenceText ? OCR_PACKAGES : entry === HANDLERS.evidenceUploaded ? SHARP_PACKAGES : [];
  const result = await build({ ...esbuildOptions(entry, outdir, native), metafile: true, absWorkingDir: root });
  const outputs = (result.metafile as Metafile).outputs;
  const js = Object.keys(outputs).filter((o) => o.endsWith('.mjs'));
  const entryOut = js.find((o) => o.endsWith('/index.mjs') && !o.includes('/chunks/'))!;
  const staticClosure = new Set<string>();
  const visit = (out: string) => {
    if (staticClosure.has(out)) return;
    staticClosure.add(out);
    for (const i of outputs[out]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entryOut);
  const byPackage = new Map<string, number>();
  for (const out of staticClosure) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[out]!.inputs)) byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  const lazyOuts = js.filter((o) => !staticClosure.has(o));
  const lazyByName = new Map<string, number>();
  for (const out of lazyOuts) {
    const name = /chunks\/(.+)-[A-Z0-9]{8}\.mjs$/.exec(out)?.[1] ?? out;
    lazyByName.set(name, (lazyByName.get(name) ?? 0) + outputs[out]!.bytes);
  }
  const sum = (outs: Iterable<string>) => [...outs].reduce((n, o) => n + outputs[o]!.bytes, 0);
  return {
    atImport: sum(staticClosure),
    onFirstUse: sum(lazyOuts),
    largest: [...byPackage].sort((a, b) => b[1] - a[1]),
    lazy: [...lazyByName].sort((a, b) => b[1] - a[1]),
    outdir,
  };
}

/** The environment each handler reads at cold start (placeholders: nothing is called at import). */
const HANDLER_ENV: Record<string, string> = {
  AWS_REGION: 'cn-northwest-1',
  TABLE_NAME: 'table',
  EVIDENCE_BUCKET: 'bucket',
  RECEIPT_KEY_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-northwest-1:000000000000:secret:key',
  EVIDENCE_VERIFIER_FUNCTION: 'checker',
  EXPORT_FUNCTION: 'export',
  CASE_FILE_FUNCTION: 'case-file',
  TEXT_READER_FUNCTION: 'text-reader',
  OCR_MODELS_DIR: 'models',
  OIDC_ISSUER: 'https://issuer.example',
  OIDC_AUDIENCE: 'audience',
  NOTIFY_MODE: 'sns',
  NOTICE_TOPIC_ARN: 'arn:aws-cn:sns:cn-northwest-1:000000000000:notices',
  POWERTOOLS_METRICS_NAMESPACE: 'SkillReports',
};

export interface ImportTime {
  /** Wall-clock milliseconds of `await import(…)`: median, fastest, slowest. */
  median: number;
  min: number;
  max: number;
  /** Median CPU milliseconds (user + system) the import took: steadier than wall time on a busy machine. */
  cpu: number;
}

/** `await import(file)` in `runs` fresh `node --enable-source-maps` processes (as on Lambda). */
export function importTime(file: string, runs = 10, env: Record<string, string> = {}): ImportTime {
  const script =
    'const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]); const w = performance.now() - t; const u = process.cpuUsage(c); console.log(w, (u.user + u.system) / 1000);';
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script, file], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...HANDLER_ENV, ...env },
    });
    if (out.status !== 0) throw new Error(`importing ${file} failed: ${out.stderr}`);
    const [wall, cpu] = out.stdout.trim().split('\n').at(-1)!.split(' ').map(Number);
    times.push(wall!);
    cpus.push(cpu!);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), cpu: median(cpus) };
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

/** `npm run bench -- cold`: every handler next to a minimal Hono app, bundled and imported in the same run. */
export async function coldStart() {
  const work = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  try {
    const entries: [string, string][] = [['minimal Hono', 'test/bench/minimal-hono.ts'], ...Object.entries(HANDLERS)];
    const rows: string[] = [];
    let baseline = 0;
    for (const [name, entry] of entries) {
      const figures = await bundleFigures(entry, join(work, name.replace(/\W/g, '')));
      const time = importTime(join(figures.outdir, 'index.mjs'));
      if (name === 'minimal Hono') baseline = time.median;
      const ratio = name === 'minimal Hono' ? '' : ` (${(time.median / baseline).toFixed(0)}× Hono)`;
      rows.push(
        `  ${name.padEnd(16)} at import ${kb(figures.atImport).padStart(7)} · on first use ${kb(figures.onFirstUse).padStart(7)} · import ${time.median.toFixed(1)} ms median [${time.min.toFixed(1)}–${time.max.toFixed(1)}], CPU ${time.cpu.toFixed(1)} ms${ratio}`,
      );
      if (name !== 'minimal Hono') {
        rows.push(`      largest at import: ${figures.largest.slice(0, 5).map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
        rows.push(`      first use: ${figures.lazy.slice(0, 5).map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
      }
    }
    console.log('cold start (each handler bundled with infra/bundling.ts; import of index.mjs in 10 fresh `node --enable-source-maps` processes, median [min–max]; tracing off, as outside Lambda):');
    for (const row of rows) console.log(row);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
