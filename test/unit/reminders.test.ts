import { describe, expect, it } from 'vitest';
import { defaultDeadlineContext, nextDue, reportDeadlines } from '../../functions/core/case-deadlines';
import { queueRowOf } from '../../functions/core/queue';
import { checkYearEntry, yearEntrySchema } from '../../functions/core/calendar-entry';
import { calendarOf } from '../../functions/core/calendar-status';
import { deadlineNotice, noticeHorizon, remindToday, sendDeadlineNotices, type Notice } from '../../functions/core/reminders';
import type { ReportState } from '../../functions/core/report';
import { packageCalendar } from '../../functions/core/working-calendar';
import { FICTIONAL_2098, LATE_2098 } from '../fixtures/fictional-calendar';
import { reportState } from '../support/report-fixture';

// A report received on Friday 2025-09-26; Sunday 09-28 is a 调休 workday.
const withDue = (state: ReportState) => ({ ...state, due: nextDue(state) });
const base = withDue(reportState({ trackingCode: 'AAAA-BBBB-CCCC', receivedAt: '2025-09-26T02:00:00.000Z', channel: 'exam' }));
const row = (state: ReportState) => queueRowOf(withDue(state));

describe('the next due date written with each change', () => {
  it('is the first unmet limit, counted on the holiday calendar', () => {
    expect(base.due).toEqual({ next: '2025-09-28', label: '受理' });
    const acknowledged = withDue({ ...base, status: 'investigating', milestones: { acknowledgedAt: '2025-09-26T05:00:00Z' } });
    // 首次答复: 09-28, 29, 30, 10-09, 10-10 → due 10-10.
    expect(acknowledged.due).toEqual({ next: '2025-10-10', label: '首次答复' });
    expect(withDue({ ...base, status: 'closed' }).due).toEqual({ next: null });
  });

  it('says which limit the calendar cannot count, and keeps the ones it can', () => {
    const late = withDue(reportState({ receivedAt: '2026-12-10T02:00:00.000Z' }));
    expect(late.due.next).toBe('2026-12-11');
    expect(late.due.unavailable).toMatch(/^办结期限：.*2027/);
  });
});

describe('deadline notices', () => {
  const today = '2025-09-29';
  const horizon = noticeHorizon(today, packageCalendar);

  it('lists overdue limits and those due by the next working day', () => {
    expect(horizon).toBe('2025-09-30');
    const notice = deadlineNotice('district:minhang', [row(base)], today, horizon);
    expect(notice).toMatchObject({ overdue: 1, dueSoon: 0, subject: '【举报办理提醒】1 件超期，0 件即将到期' });
    expect(notice!.body).toContain('AAAA-BBBB-CCCC　受理期限 2025-09-28');
  });

  it('says nothing when all is in time, and ignores closed reports', () => {
    expect(deadlineNotice('district:minhang', [row(base)], '2025-09-26', noticeHorizon('2025-09-26', packageCalendar))).toMatchObject({ overdue: 0, dueSoon: 1 });
    const replied = { ...base, status: 'investigating' as const, milestones: { acknowledgedAt: '2025-09-26T05:00:00Z', firstReplyAt: '2025-09-26T05:00:00Z' } };
    expect(deadlineNotice('district:minhang', [row(replied)], '2025-09-26', '2025-09-28')).toBeNull();
    expect(deadlineNotice('district:minhang', [row({ ...base, status: 'closed' })], '2025-12-01', '2025-12-02')).toBeNull();
  });

  it('sends one notice per authority with a mailbox, only on working days, reading only what is due', async () => {
    const sent: [string, string, Notice][] = [];
    const asked: [string, string][] = [];
    const deps = {
      dueThrough: async (authority: string, through: string) => (asked.push([authority, through]), authority === 'district:minhang' ? [row(base)] : []),
      calendar: packageCalendar,
      send: async (a: string, m: string, n: Notice) => void sent.push([a, m, n]),
      mailboxes: { 'district:minhang': 'mh@example.gov.cn', 'district:pudong': 'pd@example.gov.cn' },
    };
    expect(await sendDeadlineNotices(deps, '2025-10-04')).toEqual({ sent: 0, rows: 0 }); // 国庆 holiday
    expect(await sendDeadlineNotices(deps, today)).toEqual({ sent: 1, rows: 1 });
    expect(asked).toEqual([
      ['district:minhang', '2025-09-30'],
      ['district:pudong', '2025-09-30'],
    ]);
    expect(sent[0]!.slice(0, 2)).toEqual(['district:minhang', 'mh@example.gov.cn']);
  });

  it("names an industry department as the registry in force does", async () => {
    const sent: Notice[] = [];
    await sendDeadlineNotices(
      {
        dueThrough: async () => [row(base)],
        calendar: packageCalendar,
        send: async (_a, _m, n) => void sent.push(n),
        mailboxes: { 'industry:health': 'wj@example.gov.cn' },
        authorityNames: async () => new Map([['industry:health', '上海市卫生健康委员会']]),
      },
      today,
    );
    expect(sent[0]!.body.startsWith('上海市卫生健康委员会：')).toBe(true);
  });
});

describe('the calendar the reminders count with', () => {
  const fictional = calendarOf([{ ...checkYearEntry(yearEntrySchema.parse(FICTIONAL_2098), [], LATE_2098).arrangement, notice: FICTIONAL_2098.notice, text: '', enteredAt: '2098-10-01T00:00:00Z', enteredBy: '管理员', enteredById: 'admin' }]);

  it('sends on working days, 调休 Sundays included, and also when today’s arrangement is missing', () => {
    expect(remindToday(packageCalendar, '2026-02-28')).toBe(true); // a 调休 Saturday
    expect(remindToday(packageCalendar, '2026-02-17')).toBe(false); // 春节
    expect(remindToday(packageCalendar, '2098-01-26')).toBe(true); // missing: sent anyway
    expect(remindToday(fictional, '2098-01-25')).toBe(false); // an ordinary Saturday
    expect(remindToday(fictional, '2098-02-03')).toBe(false); // 春节 of the entered year
  });

  it('counts a limit the package cannot once its year is entered', () => {
    const report = reportState({ receivedAt: '2098-01-24T02:00:00.000Z' });
    const context = { ...defaultDeadlineContext, calendar: fictional };
    expect(nextDue(report)).toMatchObject({ next: null, unavailable: expect.stringContaining('2098') });
    // Friday 01-23 (Shanghai 01-24 is a Saturday): Sunday 01-26 is worked, then 春节 01-31 … 02-07, the 调休 Saturday 02-08.
    expect(reportDeadlines(report, context, new Date('2098-01-24T03:00:00Z')).deadlines.map((d) => [d.kind, d.due])).toEqual([
      ['acknowledge', '2098-01-26'],
      ['firstReply', '2098-01-30'],
      ['conclusion', '2098-02-20'],
    ]);
    const due = { ...report, due: nextDue(report, context) };
    expect(deadlineNotice('district:minhang', [queueRowOf(due)], '2098-01-24', noticeHorizon('2098-01-24', fictional))?.body).toContain('下一个工作日结束前到期');
  });
});
