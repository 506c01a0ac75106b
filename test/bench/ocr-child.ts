// Run by ocr.ts in a fresh process: the text reader's work on the fixture images, cold then warm, as JSON.
import { readFileSync } from 'node:fs';
import { ocrReader } from '../../functions/adapters/ocr-reader';
import { sharpImages } from '../../functions/adapters/sharp-images';

const images = process.argv.slice(2).map((path) => ({ path, bytes: readFileSync(path) }));
const timed = async <T>(fn: () => Promise<T>) => {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
};
// As the function does: the display copy first (decode in full, upright, no metadata), then OCR of the copy.
type Timed<T> = { value: T; wall: number; cpu: number };
const copies: { path: string; bytes: Buffer; copy: Timed<Awaited<ReturnType<typeof sharpImages.displayCopy>>>; decode: Timed<boolean> }[] = [];
for (const image of images) copies.push({ ...image, copy: await timed(() => sharpImages.displayCopy(image.bytes)), decode: await timed(() => sharpImages.decodes(image.bytes)) });
const cold = await timed(() => ocrReader.read(copies[0]!.copy.value.bytes));
const rssAfterCold = process.memoryUsage().rss;
const warm: Record<string, { wall: number[]; cpu: number[]; lines: number }> = {};
for (let round = 0; round < 3; round++) {
  for (const image of copies) {
    const run = await timed(() => ocrReader.read(image.copy.value.bytes));
    const entry = (warm[image.path] ??= { wall: [], cpu: [], lines: run.value.length });
    entry.wall.push(run.wall);
    entry.cpu.push(run.cpu);
  }
}
process.stdout.write(
  JSON.stringify({
    cold: { path: images[0]!.path, wall: cold.wall, cpu: cold.cpu },
    warm,
    decode: Object.fromEntries(copies.map((c) => [c.path, { decode: c.decode.wall, copy: c.copy.wall, size: [c.copy.value.width, c.copy.value.height] }])),
    rssAfterColdMB: rssAfterCold / 1024 / 1024,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
