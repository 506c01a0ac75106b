// npm run triage:fingerprint — records the answers' fingerprint for the current ENGINE_VERSION. A version keeps
// the fingerprint it was first recorded with: changed answers need a new version, not a new fingerprint.
import { writeFileSync } from 'node:fs';
import { ENGINE_VERSION } from '../core/triage';
import { fingerprint, FINGERPRINTS_FILE, recordedFingerprints } from './fingerprint';

const recorded = recordedFingerprints();
const now = fingerprint();
const before = recorded[ENGINE_VERSION];
if (before && before !== now) {
  process.stderr.write(`triage:fingerprint: the answers changed but ENGINE_VERSION is still ${ENGINE_VERSION}; bump it in functions/core/triage/engine.ts\n`);
  process.exit(1);
}
recorded[ENGINE_VERSION] = now;
writeFileSync(FINGERPRINTS_FILE, JSON.stringify(recorded, null, 2) + '\n');
process.stderr.write(`triage:fingerprint: ${ENGINE_VERSION} ${now}\n`);
