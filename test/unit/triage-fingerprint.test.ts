// Every change that can change an answer bumps ENGINE_VERSION: the answers on the labelled reports that are not
// held out are recorded per version (npm run triage:fingerprint), and a version's answers may not change.
import { describe, expect, it } from 'vitest';
import { fingerprint, recordedFingerprints, recording } from '../../functions/cli/fingerprint';
import { ENGINE_VERSION } from '../../functions/core/triage';

describe('ENGINE_VERSION', () => {
  it('names the answers it gives', () => {
    const before = recordedFingerprints()[ENGINE_VERSION];
    expect(before, `no fingerprint recorded for ${ENGINE_VERSION}: run npm run triage:fingerprint`).toBeDefined();
    const what = recording(before, fingerprint());
    expect(what, `the labelled reports the fingerprint reads changed (a set moved): npm run triage:fingerprint records them for ${ENGINE_VERSION}`).not.toBe('reports-changed');
    expect(what, `the answers changed under ${ENGINE_VERSION}: bump ENGINE_VERSION, then npm run triage:fingerprint`).toBe('unchanged');
  }, 120_000);

  it('may be recorded again for moved reports, never for changed answers', () => {
    const fp = { inputs: 'a', outputs: 'x' };
    expect(recording(undefined, fp)).toBe('new');
    expect(recording(fp, { ...fp })).toBe('unchanged');
    expect(recording(fp, { inputs: 'a', outputs: 'y' })).toBe('answers-changed');
    expect(recording(fp, { inputs: 'b', outputs: 'y' })).toBe('reports-changed');
    // A version recorded before inputs were hashed cannot be told apart from changed answers.
    expect(recording('x', fp)).toBe('answers-changed');
  });
});
