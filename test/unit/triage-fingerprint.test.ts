// Every change that can change an answer bumps ENGINE_VERSION: the answers on a fixed input set are recorded
// per version (npm run triage:fingerprint), and a version's answers may not change.
import { describe, expect, it } from 'vitest';
import { fingerprint, recordedFingerprints } from '../../functions/cli/fingerprint';
import { ENGINE_VERSION } from '../../functions/core/triage';

describe('ENGINE_VERSION', () => {
  it('names the answers it gives', () => {
    const recorded = recordedFingerprints();
    expect(recorded[ENGINE_VERSION], `no fingerprint recorded for ${ENGINE_VERSION}: run npm run triage:fingerprint`).toBeDefined();
    expect(fingerprint(), `the answers changed under ${ENGINE_VERSION}: bump ENGINE_VERSION, then npm run triage:fingerprint`).toBe(recorded[ENGINE_VERSION]);
  }, 120_000);
});
