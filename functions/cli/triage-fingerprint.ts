// npm run triage:fingerprint — records the answers' fingerprint for the current ENGINE_VERSION. A version keeps
// the answers it was first recorded with: changed answers need a new version, not a new fingerprint. Where the
// reports read changed (a labelled set moved), the fingerprint is recorded again for the same version.
import { writeFileSync } from 'node:fs';
import { ENGINE_VERSION } from '../core/triage';
import { fingerprint, FINGERPRINTS_FILE, recordedFingerprints, recording } from './fingerprint';

const recorded = recordedFingerprints();
const now = fingerprint();
const what = recording(recorded[ENGINE_VERSION], now);
if (what === 'answers-changed') {
  process.stderr.write(`triage:fingerprint: the answers changed but ENGINE_VERSION is still ${ENGINE_VERSION}; bump it in functions/core/triage/engine.ts\n`);
  process.exit(1);
}
recorded[ENGINE_VERSION] = now;
writeFileSync(FINGERPRINTS_FILE, JSON.stringify(recorded, null, 2) + '\n');
const note = what === 'reports-changed' ? ' (recorded again: the labelled reports it reads changed)' : '';
process.stderr.write(`triage:fingerprint: ${ENGINE_VERSION} ${now.outputs}${note}\n`);
