import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRY_COLUMNS } from '../../functions/core/registry';
import { fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// The registry is any size Shanghai needs: 20,000 institutions import as one version and route at once.

const DISTRICTS = ['huangpu', 'xuhui', 'minhang', 'pudong', 'jiading'];
function bigRegistry(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const d = DISTRICTS[i % DISTRICTS.length]!;
    return [`上海第${i}号职业技能评价有限公司`, `第${i}号评价`, `91310000MA${String(i).padStart(8, '0')}`, d, i === 12345 ? 'municipal' : `district:${d}`, '电工|焊工', 'active'].join(',');
  });
  return `${REGISTRY_COLUMNS.join(',')}\n${rows.join('\n')}\n`;
}

let stack: Awaited<ReturnType<typeof freshStack>>;
beforeAll(async () => {
  stack = await freshStack();
});
afterAll(async () => stack?.dispose());

describe('a registry of 20,000 institutions', () => {
  it('imports as one version, is listed in the history, and routes a report by it', async () => {
    const csv = bigRegistry(20_000);
    expect(Buffer.byteLength(csv)).toBeGreaterThan(2 * 1024 * 1024);
    const admin = await signIn(stack.url, 'admin');
    const imported = await admin.post('/registry', { csv });
    expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(200);
    expect(imported.body.version).toMatchObject({ version: 1, institutions: 20_000 });
    const again = (await admin.get('/registry')).body;
    expect(again.history.map((v: { version: number }) => v.version)).toEqual([1]);
    const filed = await fileReport(stack.url, { subjectType: 'institution', institutionName: '第12345号评价', district: 'xuhui', channel: 'advertising', description: '这家机构在朋友圈发广告说电工证包过，考不过全额退款。', anonymous: true });
    expect(filed.body.authority).toBe('municipal');
  }, 120_000);
});
