// A fingerprint of the triage engine's answers: every output on a fixed set of inputs (each tenth of the project's
// own reports), hashed. test/unit/triage-fingerprint.test.ts holds ENGINE_VERSION to it: answers that change
// under the same version fail the test, so every change that can change an answer bumps the version.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { registryFromCsv, type Registry } from '../core/registry';
import { triage, type TriageInput } from '../core/triage';
import { ROOT } from './triage-corpus';

export const FINGERPRINTS_FILE = resolve(ROOT, 'test/fixtures/triage-fingerprints.json');

export function fingerprint(): string {
  const registry = registryFromCsv(readFileSync(resolve(ROOT, 'test/fixtures/shared/dev-registry.csv'), 'utf8'));
  const inputs = readFileSync(resolve(ROOT, 'test/fixtures/triage-extra.jsonl'), 'utf8')
    .split('\n')
    .filter((l, i) => l.trim() && i % 10 === 0)
    .map((l) => (JSON.parse(l) as { input: TriageInput }).input);
  return outputsHash(inputs, registry);
}

/** A hash of every output, in order, judged as received on one fixed day (answers must not move with the clock). */
export function outputsHash(inputs: readonly TriageInput[], registry: Registry): string {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(JSON.stringify(triage(input, registry, { receivedDate: '2026-11-15' })) + '\n');
  return hash.digest('hex');
}

export function recordedFingerprints(): Record<string, string> {
  return JSON.parse(readFileSync(FINGERPRINTS_FILE, 'utf8')) as Record<string, string>;
}
