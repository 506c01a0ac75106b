// A fingerprint of the triage engine's answers: every output on every labelled report that is not held out (the
// corpus and the pending sets, 19,886 reports), hashed. test/unit/triage-fingerprint.test.ts holds ENGINE_VERSION
// to it: answers that change under the same version fail the test, so every change that can change an answer bumps
// the version. Versions up to triage-2026.21 were recorded on each tenth of the project's own reports only, which
// missed answers that moved elsewhere (2026.17 and 2026.19 kept 2026.15's fingerprint).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Registry } from '../core/registry';
import { triage, type TriageInput } from '../core/triage';
import { readCorpus, readPending, ROOT } from './triage-corpus';

export const FINGERPRINTS_FILE = resolve(ROOT, 'test/fixtures/triage-fingerprints.json');

export function fingerprint(): string {
  return outputsHash([...readCorpus(), ...readPending()]);
}

/** A hash of every output, in order, judged as received on one fixed day (answers must not move with the clock). */
export function outputsHash(reports: readonly { input: TriageInput; registry: Registry }[]): string {
  const hash = createHash('sha256');
  for (const { input, registry } of reports) hash.update(JSON.stringify(triage(input, registry, { receivedDate: '2026-11-15' })) + '\n');
  return hash.digest('hex');
}

export function recordedFingerprints(): Record<string, string> {
  return JSON.parse(readFileSync(FINGERPRINTS_FILE, 'utf8')) as Record<string, string>;
}
