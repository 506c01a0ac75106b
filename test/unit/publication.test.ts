import { describe, expect, it } from 'vitest';
import {
  approvePublication,
  decisionInputSchema,
  decisionRecord,
  draftPublication,
  editPublication,
  jsonFeed,
  maskName,
  publishedItem,
  withdrawPublication,
} from '../../functions/core/records';
import { registryFromCsv } from '../../functions/core/registry';
import { SAMPLE_REGISTRY_CSV } from '../../functions/core/registry-sample';
import { DomainError } from '../../functions/core/report';
import type { StaffUser } from '../../functions/core/staff';

// 向社会公布: drafted from a decision on record, published only by a second person, withdrawn with a reason.

const registry = registryFromCsv(SAMPLE_REGISTRY_CSV);
const author: StaffUser = { id: 'wang', name: '闵行区人社局 王敏', authority: 'district:minhang', admin: false };
const editor: StaffUser = { id: 'zhao', name: '闵行区人社局 赵刚', authority: 'district:minhang', admin: false };
const approver: StaffUser = { id: 'li', name: '闵行区人社局 李强', authority: 'district:minhang', admin: false };
const pudong: StaffUser = { id: 'chen', name: '浦东新区人社局 陈静', authority: 'district:pudong', admin: false };

const decide = (input: Record<string, unknown>) =>
  decisionRecord(decisionInputSchema.parse(input), { registry, authority: 'district:minhang', actor: author, at: '2025-11-20T02:00:00.000Z', today: '2025-11-20', source: 'staff' });
const termination = decide({ party: { institutionName: '闵湖美业' }, decision: '终止备案', ruleIds: ['SH2025-23-6'], decidedOn: '2025-11-18', docNo: '闵人社处〔2025〕21号' });
const certificates = decide({
  party: { person: { name: '王建国', role: 'candidate', institutionName: '闵湖美业' } },
  decision: '撤销证书',
  ruleIds: ['SH2025-9-1'],
  decidedOn: '2025-11-10',
  docNo: '闵人社处〔2025〕19号',
  certificates: [{ number: 'S000031010001', occupation: '美容师', level: '四级', holder: '王建国' }],
});

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'done';
};

describe('publication', () => {
  it('drafts only 终止备案 and revoked certificates, by the office that decided', () => {
    const warning = decide({ party: { institutionName: '闵湖美业' }, decision: '警告', ruleIds: ['SH2025-22-9'], decidedOn: '2025-10-01', docNo: '闵人社处〔2025〕9号' });
    expect(refusal(() => draftPublication(warning, author, '2025-11-20T03:00:00Z'))).toBe('not_publishable');
    expect(refusal(() => draftPublication(termination, pudong, '2025-11-20T03:00:00Z'))).toBe('forbidden');
    const draft = draftPublication(termination, author, '2025-11-20T03:00:00Z', '该机构考场秩序混乱，有组织舞弊。');
    expect(draft).toMatchObject({ status: 'draft', version: 1, author: { id: 'wang' }, decisionId: termination.id });
    expect(draft.content).toEqual({
      kind: 'termination',
      title: '上海闵湖美业职业技能评价有限公司 终止备案',
      subject: '上海闵湖美业职业技能评价有限公司',
      creditCode: '91310112SMPL000088',
      decidedOn: '2025-11-18',
      docNo: '闵人社处〔2025〕21号',
      authorityName: '上海市闵行区人力资源和社会保障局',
      basis: [expect.stringContaining('第二十三条')],
      summary: '该机构考场秩序混乱，有组织舞弊。',
    });
  });

  it("publishes a candidate's certificates with the holder's name masked", () => {
    const draft = draftPublication(certificates, author, '2025-11-20T03:00:00Z');
    expect(draft.content.subject).toBe('参评人员 王**（上海闵湖美业职业技能评价有限公司）');
    expect(draft.content.certificates).toEqual([{ number: 'S000031010001', occupation: '美容师', level: '四级', holder: '王**' }]);
    expect(JSON.stringify(draft.content)).not.toContain('王建国');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('needs an approver who neither drafted nor edited it; can be withdrawn with the trail kept', () => {
    const draft = draftPublication(termination, author, '2025-11-20T03:00:00Z');
    expect(refusal(() => approvePublication(draft, author, '2025-11-20T04:00:00Z'))).toBe('approver_is_author');
    const edited = editPublication(draft, editor, '2025-11-20T03:30:00Z', '更正后的说明');
    expect(edited).toMatchObject({ version: 2, editors: [{ id: 'zhao' }], content: { summary: '更正后的说明' } });
    expect(refusal(() => approvePublication(edited, editor, '2025-11-20T04:00:00Z'))).toBe('approver_is_editor');
    expect(refusal(() => withdrawPublication(edited, approver, '2025-11-20T04:00:00Z', '发布有误'))).toBe('not_published');
    const published = approvePublication(edited, approver, '2025-11-20T04:00:00Z');
    expect(published).toMatchObject({ status: 'published', version: 3, approvedBy: { id: 'li' }, publishedAt: '2025-11-20T04:00:00Z' });
    expect(refusal(() => editPublication(published, author, '2025-11-20T05:00:00Z', 'x'))).toBe('already_published');
    expect(refusal(() => approvePublication(published, approver, '2025-11-20T05:00:00Z'))).toBe('already_published');
    const withdrawn = withdrawPublication(published, author, '2025-11-21T01:00:00Z', '决定已被复核撤销');
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawn: { by: { id: 'wang' }, reason: '决定已被复核撤销' } });
    expect(withdrawn.events.map((e) => e.type)).toEqual(['drafted', 'edited', 'approved', 'withdrawn']);
    expect(refusal(() => approvePublication(withdrawn, approver, '2025-11-21T02:00:00Z'))).toBe('already_published');
  });

  it('feeds JSON Feed 1.1 with the structured entry under _publication', () => {
    const published = approvePublication(draftPublication(termination, author, '2025-11-20T03:00:00Z'), approver, '2025-11-20T04:00:00Z');
    const feed = jsonFeed([publishedItem(published)], { home: 'https://jubao.example/published/', feed: 'https://jubao.example/api/publications', next: 'https://jubao.example/api/publications?cursor=x' });
    expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', feed_url: 'https://jubao.example/api/publications', next_url: 'https://jubao.example/api/publications?cursor=x' });
    expect(feed.items).toEqual([
      {
        id: published.id,
        url: `https://jubao.example/published/#${published.id}`,
        title: '上海闵湖美业职业技能评价有限公司 终止备案',
        content_text: expect.stringContaining('于 2025-11-18 作出决定（闵人社处〔2025〕21号）：终止备案'),
        date_published: '2025-11-20T04:00:00Z',
        _publication: expect.objectContaining({ docNo: '闵人社处〔2025〕21号', kind: 'termination' }),
      },
    ]);
  });
});
