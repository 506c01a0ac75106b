import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkStoredObject } from '../../functions/core/evidence-check';
import type { EvidenceStorage } from '../../functions/core/ports';
import type { EvidenceRecord } from '../../functions/core/report';

// The check hashes the object as it streams: a 384 MiB video passes through in 1 MiB chunks made fresh for each
// read, and the memory the process holds in buffers stays far below the file's size.

const MIB = 1024 * 1024;

describe('the evidence check streams', () => {
  it('hashes a 384 MiB object with bounded memory and the same SHA-256 as the whole file', async () => {
    const head = (await readFile(new URL('../fixtures/exam-room.mp4', import.meta.url))).subarray(0, MIB);
    const chunks = 384;
    const size = chunks * MIB;
    const expected = createHash('sha256');
    const chunk = (i: number) => {
      if (i === 0) return Buffer.from(head);
      const b = Buffer.allocUnsafe(MIB);
      b.fill(i & 0xff);
      return b;
    };
    let peak = 0;
    const storage = {
      head: async () => ({ size, etag: 'e' }),
      async *read() {
        for (let i = 0; i < chunks; i++) {
          peak = Math.max(peak, process.memoryUsage().arrayBuffers);
          const c = chunk(i);
          expected.update(c);
          yield c;
        }
      },
    } as unknown as EvidenceStorage;
    const evidence = { evidenceId: 'e', fileName: 'big.mp4', contentType: 'video/mp4', kind: 'video', declaredSize: size, key: 'k', status: 'pending', addedAt: '', addedBy: 'reporter' } satisfies EvidenceRecord;
    const before = process.memoryUsage().arrayBuffers;
    const outcome = await checkStoredObject(storage, evidence);
    expect(outcome).toMatchObject({ accepted: true, size, sha256: expected.digest('hex') });
    // Retaining the chunks would hold 384 MiB; streaming holds the head and the chunks the collector has not freed yet.
    expect(peak - before).toBeLessThan(128 * MIB);
  }, 60_000);
});
