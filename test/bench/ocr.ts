import { spawnSync } from 'node:child_process';
import { basename, join, resolve } from 'node:path';

// `npm run bench -- ocr`: what reading a screenshot costs the text-reading function, in a fresh process (ocr-child.ts):
// the display copy (sharp), the cold read (loading the PaddleOCR models into onnxruntime, then the first image) and
// warm reads (3 rounds of each image), wall clock and CPU, and the process's peak resident memory.
const root = resolve(import.meta.dirname, '../..');
const IMAGES = ['test/fixtures/screenshots/poster-ad.jpg', 'test/fixtures/screenshots/chat-ad.png', 'test/fixtures/ad-screenshot.jpg'];

export function ocrCost(): void {
  const child = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'test/bench/ocr-child.ts', ...IMAGES], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(child.stderr);
  const r = JSON.parse(child.stdout) as {
    cold: { path: string; wall: number; cpu: number };
    warm: Record<string, { wall: number[]; cpu: number[]; lines: number }>;
    decode: Record<string, { decode: number; copy: number; size: number[] }>;
    rssAfterColdMB: number;
    peakRssMB: number;
  };
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  console.log(`OCR (text reader: @gutenye/ocr-node, PP-OCRv4 on onnxruntime-node, CPU), fresh process, this machine:`);
  console.log(`  cold: ${r.cold.wall.toFixed(0)} ms wall, ${r.cold.cpu.toFixed(0)} ms CPU — loading the models and reading ${basename(r.cold.path)}`);
  for (const [path, w] of Object.entries(r.warm)) {
    const d = r.decode[path]!;
    console.log(
      `  warm ${basename(path)} (display copy ${d.size.join('×')}): ${median(w.wall).toFixed(0)} ms wall, ${median(w.cpu).toFixed(0)} ms CPU per image (median of 3; ${w.lines} lines); ` +
        `decode in full ${d.decode.toFixed(0)} ms, display copy ${d.copy.toFixed(0)} ms`,
    );
  }
  console.log(`  memory: ${r.rssAfterColdMB.toFixed(0)} MB resident after the cold read, peak ${r.peakRssMB.toFixed(0)} MB (the function has 2048 MB)`);
}
