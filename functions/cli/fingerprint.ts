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
import { readNotHeldOut, ROOT } from './triage-corpus';

export const FINGERPRINTS_FILE = resolve(ROOT, 'test/fixtures/triage-fingerprints.json');

/** A version's answers: a hash of the reports read (their files and inputs) and one of every output on them. */
export interface Fingerprint {
  inputs: string;
  outputs: string;
}
/** Up to triage-2026.21 a version's fingerprint was the hash of its outputs alone. */
type Recorded = string | Fingerprint;

export function fingerprint(): Fingerprint {
  const reports = readNotHeldOut();
  const inputs = createHash('sha256');
  for (const { file, input } of reports) inputs.update(`${file}\n${JSON.stringify(input)}\n`);
  return { inputs: inputs.digest('hex'), outputs: outputsHash(reports) };
}

/** A hash of every output, in order, judged as received on one fixed day (answers must not move with the clock). */
export function outputsHash(reports: readonly { input: TriageInput; registry: Registry }[]): string {
  const hash = createHash('sha256');
  for (const { input, registry } of reports) hash.update(JSON.stringify(triage(input, registry, { receivedDate: '2026-11-15' })) + '\n');
  return hash.digest('hex');
}

export function recordedFingerprints(): Record<string, Recorded> {
  return JSON.parse(readFileSync(FINGERPRINTS_FILE, 'utf8')) as Record<string, Recorded>;
}

/**
 * What recording `now` for a version recorded as `before` would mean. On the same reports, other outputs are
 * changed answers, which need a new version; other reports (a set moved into or out of the corpus or the pending
 * sets) are recorded again under the same version.
 */
export function recording(before: Recorded | undefined, now: Fingerprint): 'new' | 'unchanged' | 'reports-changed' | 'answers-changed' {
  if (before === undefined) return 'new';
  if (typeof before === 'string') return 'answers-changed';
  if (before.inputs !== now.inputs) return 'reports-changed';
  return before.outputs === now.outputs ? 'unchanged' : 'answers-changed';
}
