// /staff/calendar/: the admin enters a year's holiday arrangement from the State Council's notice, sees the
// days off and make-up workdays it gives, then enters it. Entry is offered only for exactly what was previewed
// without problems.
import type { EntryProblem, YearEntryCheck } from '../../../../functions/core/calendar-entry';
import type { CalendarStatus } from '../../../../functions/core/calendar-status';
import { ApiError } from '../api';
import { session, staffApi } from './auth';
import { showCalendarWarning } from './calendar-warning';
import { $, day, fill, h, say, time } from './dom';

type Preview = YearEntryCheck & { valid: boolean };

const FIELDS: Record<EntryProblem['field'], string> = { year: 'cal-year', notice: 'cal-notice', text: 'cal-text', reason: 'cal-reason' };

const year = $<HTMLSelectElement>('cal-year');
const notice = $<HTMLInputElement>('cal-notice');
const text = $<HTMLTextAreaElement>('cal-text');
const reason = $<HTMLTextAreaElement>('cal-reason');
const status = $('cal-status');
const saveButton = $<HTMLButtonElement>('cal-save');
/** What was previewed, as sent; entry is offered only while the form still says exactly this. */
let previewed: string | null = null;

const formBody = () => ({ year: Number(year.value), notice: notice.value, text: text.value, ...(reason.value.trim() ? { reason: reason.value } : {}) });
const th = (label: string) => h('th', { scope: 'col' }, label);
/** A table that scrolls sideways on a narrow screen rather than widen the page. */
const table = (caption: string, head: string[], rows: (HTMLTableRowElement | null)[]) =>
  h('div', { class: 'table-wrap' }, h('table', { class: 'changes' }, h('caption', { class: 'sr-only' }, caption), h('thead', null, h('tr', null, head.map(th))), h('tbody', null, rows)));

function markInvalid(fields: EntryProblem['field'][]): void {
  for (const [field, id] of Object.entries(FIELDS)) {
    if (fields.includes(field as EntryProblem['field'])) $(id).setAttribute('aria-invalid', 'true');
    else $(id).removeAttribute('aria-invalid');
  }
}

function showStatus(s: CalendarStatus): void {
  showCalendarWarning(s);
  const packageYears = s.years.filter((y) => y.source === 'package');
  const entered = s.years.filter((y) => y.source === 'entered');
  fill($('cal-package-last'), String(packageYears.at(-1)?.year ?? '—'));
  fill(
    $('cal-years'),
    table('已有的年份及其来源', ['年份', '来源', '通知文号', '录入人', '录入时间'], [
      packageYears.length
        ? h('tr', null, h('th', { scope: 'row' }, `${packageYears[0]!.year}–${packageYears.at(-1)!.year}`), h('td', null, '日历数据（chinese-days）'), h('td', null, '—'), h('td', null, '—'), h('td', null, '—'))
        : null,
      ...entered.map((y) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, String(y.year)),
          h('td', null, y.entries && y.entries > 1 ? `管理员录入（已更正 ${y.entries - 1} 次）` : '管理员录入'),
          h('td', null, y.notice),
          h('td', null, y.enteredBy),
          h('td', null, time(y.enteredAt)),
        ),
      ),
    ]),
  );
  fill(
    $('cal-history'),
    s.history.length
      ? table(
          '每一次录入，最新的在前',
          ['年份', '通知文号', '录入人', '录入时间', '更正理由', '状态', '录入内容'],
          s.history.map((e) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, String(e.year)),
              h('td', null, e.notice),
              h('td', null, e.enteredBy),
              h('td', null, time(e.enteredAt)),
              h('td', null, e.reason ?? '—'),
              h('td', null, e.inForce ? '现行' : '已被更正'),
              h('td', null, h('details', null, h('summary', null, '查看'), h('pre', null, e.text))),
            ),
          ),
        )
      : h('p', { class: 'muted' }, '还没有录入过。'),
  );
  // Keep the admin's choice; otherwise offer the first missing year, else the latest that may be entered.
  const chosen = year.value || String(s.missing[0] ?? s.enterable.to);
  fill(
    year,
    Array.from({ length: s.enterable.to - s.enterable.from + 1 }, (_, i) => s.enterable.to - i).map((y) =>
      h('option', { value: String(y), selected: String(y) === chosen }, entered.some((e) => e.year === y) ? `${y}（已录入）` : String(y)),
    ),
  );
}

function showPreview(p: Preview): void {
  $('cal-preview').hidden = false;
  const { summary, arrangement } = p;
  const days = summary.holidays.reduce((sum, r) => sum + r.days, 0);
  fill(
    $('cal-summary'),
    `${arrangement.year} 年（${p.notice}）：放假 ${summary.holidays.length} 段共 ${days} 天，调休上班 ${summary.workdays.length} 天，全年工作日 ${summary.workingDays} 天。`,
    p.replaces ? ` 这将更正${p.replaces.enteredBy}于 ${time(p.replaces.enteredAt)} 录入的安排（${p.replaces.notice}）。` : null,
  );
  fill(
    $('cal-problems'),
    p.problems.length
      ? h(
          'div',
          { class: 'error-summary' },
          h('h3', null, `有 ${p.problems.length} 处需要改正，改正后才能录入`),
          h('ul', null, p.problems.map((problem) => h('li', null, h('a', { href: `#${FIELDS[problem.field]}` }, problem.message)))),
        )
      : null,
  );
  fill(
    $('cal-holidays'),
    summary.holidays.length
      ? table(
          '放假日期',
          ['节日', '放假日期', '天数', '其中工作日'],
          summary.holidays.map((r) =>
            h('tr', null, h('th', { scope: 'row' }, r.festivals.join('、')), h('td', null, r.from === r.to ? day(r.from) : `${day(r.from)} 至 ${day(r.to)}`), h('td', null, String(r.days)), h('td', null, String(r.weekdays))),
          ),
        )
      : h('p', { class: 'muted' }, '没有读到放假日期。'),
  );
  fill(
    $('cal-workdays'),
    summary.workdays.length
      ? summary.workdays.map((w) => h('li', null, `${day(w.date)}（${w.weekday}）${w.festivals.length ? `　${w.festivals.join('、')}` : ''}`))
      : h('li', { class: 'muted' }, '没有'),
  );
  markInvalid(p.problems.map((problem) => problem.field));
  saveButton.hidden = !p.valid;
  $('cal-preview-title').focus();
}

async function main(): Promise<void> {
  const me = await session();
  if (!me.admin) {
    $('cal-denied').hidden = false;
    return;
  }
  $('cal-app').hidden = false;
  await staffApi<CalendarStatus>('/calendar')
    .then(showStatus)
    .catch((e: unknown) => say(status, (e as Error).message, 'error'));

  for (const field of [year, notice, text, reason]) {
    // The form changed since the preview: it must be previewed again.
    field.addEventListener('input', () => {
      if (previewed !== null && JSON.stringify(formBody()) !== previewed) saveButton.hidden = true;
    });
  }

  $<HTMLFormElement>('cal-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = !notice.value.trim() ? notice : !text.value.trim() ? text : null;
    if (missing) {
      markInvalid([missing === notice ? 'notice' : 'text']);
      say(status, missing === notice ? '请填写通知文号。' : '请填写放假和调休上班日期（可以直接粘贴通知正文）。', 'error');
      missing.focus();
      return;
    }
    const button = $<HTMLButtonElement>('cal-preview-button');
    button.disabled = true;
    say(status, '正在检查…');
    try {
      const body = formBody();
      const preview = await staffApi<Preview>('/calendar/preview', body);
      previewed = JSON.stringify(body);
      say(status, '');
      showPreview(preview);
    } catch (e) {
      if (e instanceof ApiError && e.field && e.field in FIELDS) markInvalid([e.field as EntryProblem['field']]);
      say(status, (e as Error).message, 'error', true);
    } finally {
      button.disabled = false;
    }
  });

  saveButton.addEventListener('click', async () => {
    if (previewed === null || JSON.stringify(formBody()) !== previewed) return;
    saveButton.disabled = true;
    try {
      const result = await staffApi<{ entry: { year: number; notice: string }; status: CalendarStatus }>('/calendar', JSON.parse(previewed));
      $('cal-preview').hidden = true;
      previewed = null;
      text.value = '';
      notice.value = '';
      reason.value = '';
      showStatus(result.status);
      say(status, `已录入 ${result.entry.year} 年的节假日安排（${result.entry.notice}）。落在这一年的期限从现在起按它计算。`, 'ok', true);
    } catch (e) {
      say(status, (e as Error).message, 'error', true);
    } finally {
      saveButton.disabled = false;
    }
  });
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
