import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

// The PDF's Chinese font: Noto Serif SC (SIL OFL 1.1), full TrueType files from the npm package
// @expo-google-fonts/noto-serif-sc; pdfkit embeds only the glyphs a document uses. A bundled function has
// no node_modules: DOCUMENT_FONTS_DIR then names the folder the two files were copied to.

const FILES = { regular: '400Regular/NotoSerifSC_400Regular.ttf', bold: '700Bold/NotoSerifSC_700Bold.ttf' } as const;
export type FontWeight = keyof typeof FILES;

function fontPath(weight: FontWeight): string {
  const dir = process.env.DOCUMENT_FONTS_DIR;
  if (dir) return path.join(dir, path.basename(FILES[weight]));
  return createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-serif-sc/${FILES[weight]}`);
}

const loaded = new Map<FontWeight, Promise<Buffer>>();

/** The font file's bytes, read once per process. */
export function fontBytes(weight: FontWeight): Promise<Buffer> {
  let bytes = loaded.get(weight);
  if (!bytes) {
    bytes = readFile(fontPath(weight));
    bytes.catch(() => loaded.delete(weight)); // a failed read is retried next time
    loaded.set(weight, bytes);
  }
  return bytes;
}
