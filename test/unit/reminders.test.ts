import { describe, expect, it } from 'vitest';
import { deadlineNotice } from '../../functions/core/reminders';
import type { ReportRecord } from '../../functions/core/report';

const base: ReportRecord = {
  trackingCode: 'AAAA-BBBB-CCCC',
  version: 1,
  receivedAt: '2025-09-26T02:00:00.000Z', // a Friday; 09-28 (Sunday) is a 调休 workday
  status: 'new',
  route: { authority: 'district:minhang', reason: 'x' },
  secretHash: 'x',
  requestDigest: 'x',
  subjectType: 'institution',
  channel: 'exam',
  description: 'x',
  anonymous: true,
  triage: null,
  evidence: {},
  events: [],
  messages: [],
};

describe('deadline notices', () => {
  it('lists overdue limits and those due within a working day, counted on the holiday calendar', () => {
    // 受理 due 2025-09-28 (the make-up Sunday); on 09-29 it is overdue. 首次答复: 09-28, 29, 30, 10-09, 10-10 → due 10-10.
    const notice = deadlineNotice('district:minhang', [base], new Date('2025-09-29T01:00:00Z'));
    expect(notice).not.toBeNull();
    expect(notice!.overdue).toBe(1);
    expect(notice!.body).toContain('AAAA-BBBB-CCCC　受理期限 2025-09-28');
    expect(notice!.subject).toBe('【举报办理提醒】1 件超期，0 件即将到期');
  });

  it('says nothing when all is in time, and ignores closed reports', () => {
    // On the day of receipt the 受理 limit is one working day away: that is worth a notice.
    expect(deadlineNotice('district:minhang', [base], new Date('2025-09-26T03:00:00Z'))).toMatchObject({ overdue: 0, dueSoon: 1 });
    const handled = { ...base, status: 'investigating' as const, messages: [{ at: '2025-09-26T05:00:00Z', from: 'staff' as const, text: '已受理' }] };
    expect(deadlineNotice('district:minhang', [handled], new Date('2025-09-26T06:00:00Z'))).toBeNull();
    expect(deadlineNotice('district:minhang', [{ ...base, status: 'closed' }], new Date('2025-12-01T03:00:00Z'))).toBeNull();
  });

  it('counts a staff message as the first reply', () => {
    const replied = { ...base, status: 'investigating' as const, messages: [{ at: '2025-09-29T01:00:00Z', from: 'staff' as const, text: '已受理' }] };
    const notice = deadlineNotice('district:minhang', [replied], new Date('2025-10-13T01:00:00Z'));
    expect(notice?.body ?? '').not.toContain('首次答复');
  });
});
