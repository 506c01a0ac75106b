import { describe, expect, it } from 'vitest';
import { checkYearEntry, yearEntrySchema } from '../../functions/core/calendar-entry';
import { calendarOf } from '../../functions/core/calendar-status';
import { deadlineNotice, remindToday } from '../../functions/core/reminders';
import type { ReportRecord } from '../../functions/core/report';
import { packageCalendar } from '../../functions/core/working-calendar';
import { FICTIONAL_2098, LATE_2098 } from '../fixtures/fictional-calendar';

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
    const notice = deadlineNotice(packageCalendar, 'district:minhang', [base], new Date('2025-09-29T01:00:00Z'));
    expect(notice).not.toBeNull();
    expect(notice!.overdue).toBe(1);
    expect(notice!.body).toContain('AAAA-BBBB-CCCC　受理期限 2025-09-28');
    expect(notice!.subject).toBe('【举报办理提醒】1 件超期，0 件即将到期');
  });

  it('says nothing when all is in time, and ignores closed reports', () => {
    // On the day of receipt the 受理 limit is one working day away: that is worth a notice.
    expect(deadlineNotice(packageCalendar, 'district:minhang', [base], new Date('2025-09-26T03:00:00Z'))).toMatchObject({ overdue: 0, dueSoon: 1 });
    const handled = { ...base, status: 'investigating' as const, messages: [{ at: '2025-09-26T05:00:00Z', from: 'staff' as const, text: '已受理' }] };
    expect(deadlineNotice(packageCalendar, 'district:minhang', [handled], new Date('2025-09-26T06:00:00Z'))).toBeNull();
    expect(deadlineNotice(packageCalendar, 'district:minhang', [{ ...base, status: 'closed' }], new Date('2025-12-01T03:00:00Z'))).toBeNull();
  });

  it('counts a staff message as the first reply', () => {
    const replied = { ...base, status: 'investigating' as const, messages: [{ at: '2025-09-29T01:00:00Z', from: 'staff' as const, text: '已受理' }] };
    const notice = deadlineNotice(packageCalendar, 'district:minhang', [replied], new Date('2025-10-13T01:00:00Z'));
    expect(notice?.body ?? '').not.toContain('首次答复');
  });
});

import { reportDeadlines } from '../../functions/core/case-deadlines';

describe('the 细则’s periods after a decision', () => {
  it('gives 15 working days to object and, for a 第二十二条 warning, 5 to hand in a rectification plan', () => {
    const confirmed: ReportRecord = {
      ...base,
      status: 'confirmed',
      decision: { ruleIds: ['SH2025-22-9'], by: '王敏', at: '2025-09-29T02:00:00Z' },
      events: [{ at: '2025-09-29T02:00:00Z', type: 'status', actor: 'u', public: true, text: '', data: { to: 'confirmed' } }],
    };
    const { decisionPeriods } = reportDeadlines(packageCalendar, confirmed, undefined, new Date('2025-09-30T01:00:00Z'));
    // From 2025-09-29: 09-30, then 10-09 (Thu), 10-10, 10-11 (调休 Saturday), 10-13 … → 5th working day 10-13.
    expect(decisionPeriods.map((p) => [p.kind, p.due])).toEqual([
      ['objection', '2025-10-27'],
      ['rectificationPlan', '2025-10-13'],
    ]);
  });

  it('has none before a decision, and no plan for a decision that is not a warning', () => {
    expect(reportDeadlines(packageCalendar, base, undefined, new Date('2025-09-27T01:00:00Z')).decisionPeriods).toEqual([]);
    const other: ReportRecord = {
      ...base,
      status: 'confirmed',
      decision: { ruleIds: ['SH2025-23-11'], by: '王敏', at: '2025-09-29T02:00:00Z' },
      events: [{ at: '2025-09-29T02:00:00Z', type: 'status', actor: 'u', public: true, text: '', data: { to: 'confirmed' } }],
    };
    expect(reportDeadlines(packageCalendar, other, undefined, new Date('2025-09-30T01:00:00Z')).decisionPeriods.map((p) => p.kind)).toEqual(['objection']);
  });
});

describe('limits in a year the calendar does not cover', () => {
  it('keeps the limits it can count and says plainly which it cannot', () => {
    const late: ReportRecord = { ...base, receivedAt: '2026-12-10T02:00:00.000Z' };
    const result = reportDeadlines(packageCalendar, late, undefined, new Date('2026-12-10T03:00:00Z'));
    expect(result.deadlines.map((d) => [d.kind, d.due])).toEqual([
      ['acknowledge', '2026-12-11'],
      ['firstReply', '2026-12-17'],
    ]);
    expect(result.unavailable).toMatch(/^办结期限：.*2027/);
    expect(result.next).toEqual({ due: '2026-12-11', overdue: false });
  });
});

describe('the calendar the reminders count with', () => {
  const fictional = calendarOf([{ ...checkYearEntry(yearEntrySchema.parse(FICTIONAL_2098), [], LATE_2098).arrangement, notice: FICTIONAL_2098.notice, text: '', enteredAt: '2098-10-01T00:00:00Z', enteredBy: '管理员', enteredById: 'admin' }]);

  it('sends on working days, 调休 Sundays included, and also when today’s arrangement is missing', () => {
    expect(remindToday(packageCalendar, new Date('2026-02-28T01:00:00Z'))).toBe(true); // a 调休 Saturday
    expect(remindToday(packageCalendar, new Date('2026-02-17T01:00:00Z'))).toBe(false); // 春节
    expect(remindToday(packageCalendar, new Date('2098-01-26T01:00:00Z'))).toBe(true); // missing: sent anyway
    expect(remindToday(fictional, new Date('2098-01-25T01:00:00Z'))).toBe(false); // an ordinary Saturday
    expect(remindToday(fictional, new Date('2098-02-03T01:00:00Z'))).toBe(false); // 春节 of the entered year
  });

  it('counts a limit the package cannot once its year is entered', () => {
    const report: ReportRecord = { ...base, receivedAt: '2098-01-24T02:00:00.000Z' };
    const now = new Date('2098-01-24T03:00:00Z');
    expect(reportDeadlines(packageCalendar, report, undefined, now)).toMatchObject({ deadlines: [], unavailable: expect.stringContaining('2098') });
    const counted = reportDeadlines(fictional, report, undefined, now);
    expect(counted.unavailable).toBeUndefined();
    // Friday 01-23: Sunday 01-26 is worked, then 春节 01-31 … 02-07, the 调休 Saturday 02-08.
    expect(counted.deadlines.map((d) => [d.kind, d.due])).toEqual([
      ['acknowledge', '2098-01-26'],
      ['firstReply', '2098-01-30'],
      ['conclusion', '2098-02-20'],
    ]);
    expect(deadlineNotice(fictional, 'district:minhang', [report], new Date('2098-01-29T01:00:00Z'))?.body).toContain('一个工作日内到期');
  });
});
