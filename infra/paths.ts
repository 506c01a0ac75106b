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
} as const;

/** The documents renderer's Chinese font (Noto Serif SC, SIL OFL), copied beside the staff function's bundle. */
export const DOCUMENT_FONTS = {
  dir: 'fonts',
  files: ['node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', 'node_modules/@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'],
} as const;

export const handlerExists = (relative: string): boolean => existsSync(repoPath(relative));
