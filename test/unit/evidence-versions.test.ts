import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeClients } from '../../functions/adapters/clients';
import { S3EvidenceStorage } from '../../functions/adapters/s3-evidence-storage';
import { checkStoredObject } from '../../functions/core/evidence-check';
import type { EvidenceRecord } from '../../functions/core/report';

// On a versioned bucket the check reads, hashes and records one version, and staff are served exactly that one.

const jpeg = readFileSync(new URL('../fixtures/ad-screenshot.jpg', import.meta.url));
const evidence: EvidenceRecord = {
  evidenceId: 'e1',
  fileName: '证据.zip',
  contentType: 'image/jpeg',
  kind: 'photo',
  declaredSize: jpeg.length,
  key: 'reports/ABCD-EFGH-JKMN/e1',
  status: 'pending',
  addedAt: '2026-12-01T00:00:00Z',
  addedBy: 'reporter',
};

describe('evidence versions', () => {
  it('checks the version it measured and presigns staff downloads of that version, typed and named by the check', async () => {
    const { s3: client } = makeClients({ region: 'cn-northwest-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const s3 = mockClient(client as S3Client);
    s3.on(HeadObjectCommand).resolves({ ContentLength: jpeg.length, ETag: '"abc"', VersionId: 'v-checked' });
    // The adapter reads the body as an async iterable of chunks.
    s3.on(GetObjectCommand).callsFake(() => ({ Body: (async function* () { yield jpeg; })() }));
    const storage = new S3EvidenceStorage(client, 'evidence-bucket');

    const outcome = await checkStoredObject(storage, evidence);
    expect(outcome).toMatchObject({ accepted: true, object: { versionId: 'v-checked', etag: 'abc' } });
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input.VersionId).toBe('v-checked');

    const url = new URL(await storage.presignGet(evidence.key, { fileName: '证据.jpg', contentType: 'image/jpeg', versionId: 'v-checked' }, 300));
    expect(url.searchParams.get('versionId')).toBe('v-checked');
    expect(url.searchParams.get('response-content-type')).toBe('image/jpeg');
    expect(url.searchParams.get('response-content-disposition')).toContain(encodeURIComponent('证据.jpg'));
  });
});
