// /staff/stats/: the authority's figures for a date range (the municipal centre: the whole city or one office),
// each distribution as a chart and, beside it, a table of its numbers. The range lives in the URL query, so a
// view can be bookmarked, shared and printed.
import { ApiError } from '../api';
import { session, staffApi } from './auth';
import { barChart, clearCharts } from './charts';
import { $, fill, h, say, todayInShanghai } from './dom';
import type { Dashboard } from '../../../../functions/core/stats';

type Stats = Dashboard & { views: { id: string; name: string }[] };
type Entry = Dashboard['byStatus'][number];

const form = $<HTMLFormElement>('stats-filters');
const status = $('stats-status');

function currentQuery(): URLSearchParams {
  const from = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const key of ['authority', 'from', 'to']) {
    const value = from.get(key)?.trim();
    if (value) query.set(key, value);
  }
  return query;
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);
const days = (n: number | null) => (n === null ? '—' : `${n} 天`);

function keyFigures(s: Stats): void {
  const figure = (id: string, label: string, value: string, note?: string) =>
    h('div', { class: 'key-figure', id: `k-${id}` }, h('dt', null, label), h('dd', null, h('span', { class: 'value' }, value), note ? h('span', { class: 'sub' }, note) : null));
  fill(
    $('key-figures'),
    figure('total', '收到举报', `${s.total} 件`),
    figure('overdue', '已超期', `${s.overdue} 件`, '今天，尚未办结'),
    figure('due-week', '本周到期', `${s.dueThisWeek} 件`),
    figure('confirmed', '已认定比例', percent(s.confirmedShare), '占已作出认定或不予认定的'),
    figure('anonymous', '匿名举报', percent(s.anonymousShare)),
    figure('repeat', '重复被举报的机构', `${s.repeatInstitutions.institutions} 家`, `2 件及以上，共 ${s.repeatInstitutions.reports} 件`),
    figure('ack', '受理用时（中位数）', days(s.medianDays.acknowledge)),
    figure('reply', '首次答复用时（中位数）', days(s.medianDays.firstReply)),
    figure('conclusion', '认定或转办用时（中位数）', days(s.medianDays.conclusion)),
    figure('closing', '办结用时（中位数）', days(s.medianDays.closing)),
  );
}

/** One distribution: the chart, and its numbers as a table (what a screen reader reads, and what prints exactly). */
function distribution(id: string, title: string, entries: Entry[], horizontal: boolean, firstColumn: string): HTMLElement {
  const total = entries.reduce((n, e) => n + e.count, 0);
  const chart = h('div', { class: 'chart', role: 'img', 'aria-label': `${title}的柱状图，数字见旁边的表格` });
  const table = h(
    'table',
    { class: 'figures-table', id: `t-${id}` },
    h('caption', null, title),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, firstColumn), h('th', { scope: 'col', class: 'num' }, '件数'), h('th', { scope: 'col', class: 'num' }, '占比'))),
    h(
      'tbody',
      null,
      entries.map((e) =>
        h('tr', { 'data-id': e.id }, h('th', { scope: 'row' }, e.name), h('td', { class: 'num' }, String(e.count)), h('td', { class: 'num' }, total ? `${((e.count / total) * 100).toFixed(1)}%` : '—')),
      ),
    ),
  );
  const figure = h(
    'figure',
    { class: `chart-figure${horizontal ? '' : ' wide'}`, id: `f-${id}`, 'aria-labelledby': `fc-${id}` },
    h('figcaption', { id: `fc-${id}` }, title),
    entries.length ? [chart, h('div', { class: 'table-scroll' }, table)] : h('p', { class: 'muted' }, '这段时间没有数据。'),
  );
  if (entries.length) requestAnimationFrame(() => barChart(chart, { labels: entries.map((e) => e.name), values: entries.map((e) => e.count), unit: '件数', horizontal }));
  return figure;
}

function render(s: Stats): void {
  clearCharts();
  fill($('stats-authority'), s.authorityName);
  keyFigures(s);
  const groups: [string, string, Entry[], boolean, string][] = [
    ['week', '每周收到的举报（按周一日期）', s.byWeek, false, '周'],
    ['month', '每月收到的举报', s.byMonth, false, '月份'],
    ['status', '按状态', s.byStatus, true, '状态'],
    ['rule', '按主要条款（前 20 条）', s.byRule, true, '条款'],
    ['subject', '按被举报对象', s.bySubject, true, '对象'],
    ['district', '按所在区（举报人填写）', s.byDistrict, true, '所在区'],
    ...(s.authority === 'municipal' ? [['authority', '按办理单位', s.byAuthority, true, '办理单位'] as [string, string, Entry[], boolean, string]] : []),
    ['channel', '按来源（在哪里看到）', s.byChannel, true, '来源'],
    ['feedback', '回访：办结后举报人的评价', s.byFeedback ?? [], true, '评价'],
  ];
  fill($('charts'), groups.map(([id, title, entries, horizontal, first]) => distribution(id, title, entries, horizontal, first)));
  const range = `${s.from ?? '最早'} 至 ${s.to ?? '今天'}`;
  fill($('stats-printed'), `${s.authorityName}，收到日期 ${range}；打印于 ${todayInShanghai()}`);
  document.title = `统计：${s.authorityName}（${range}） - 工作人员后台 - 技能评价违规举报平台`;
}

function fillForm(query: URLSearchParams, views: Stats['views'] | undefined): void {
  if (views && views.length > 1) {
    $('s-authority-field').hidden = false;
    const select = $<HTMLSelectElement>('s-authority');
    if (!select.options.length) fill(select, views.map((v) => h('option', { value: v.id }, v.name)));
    select.value = query.get('authority') ?? views[0]!.id;
  }
  $<HTMLInputElement>('s-from').value = query.get('from') ?? '';
  $<HTMLInputElement>('s-to').value = query.get('to') ?? '';
}

let ticket = 0;
async function load(focus = false): Promise<void> {
  const query = currentQuery();
  fillForm(query, undefined);
  const mine = ++ticket;
  say(status, '正在统计…');
  try {
    const data = await staffApi<Stats>(`/stats${query.size ? `?${query}` : ''}`);
    if (mine !== ticket) return;
    fillForm(query, data.views);
    render(data);
    say(status, `${data.authorityName}：收到日期 ${data.from ?? '最早'} 至 ${data.to ?? '今天'}，共 ${data.total} 件。`, 'info', focus);
  } catch (e) {
    if (mine === ticket) say(status, (e as Error).message, 'error', true);
  }
}

function go(query: URLSearchParams): void {
  history.pushState(null, '', query.size ? `/staff/stats/?${query}` : '/staff/stats/');
  void load(true);
}

/** The quick ranges, ending today (Shanghai). */
function range(kind: string): { from?: string; to?: string } {
  const today = todayInShanghai();
  if (kind === 'all') return {};
  if (kind === 'month') return { from: `${today.slice(0, 8)}01`, to: today };
  if (kind === 'year') return { from: `${today.slice(0, 4)}-01-01`, to: today };
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - 29);
  return { from: start.toISOString().slice(0, 10), to: today };
}

async function main(): Promise<void> {
  const me = await session();
  if (!me.authority) {
    $('stats-admin').hidden = false;
    return;
  }
  $('stats').hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) query.set(k, v.trim());
    if (query.get('authority') === me.authority) query.delete('authority');
    go(query);
  });
  for (const button of form.querySelectorAll<HTMLButtonElement>('[data-range]')) {
    button.addEventListener('click', () => {
      const query = currentQuery();
      query.delete('from');
      query.delete('to');
      for (const [k, v] of Object.entries(range(button.dataset.range!))) query.set(k, v);
      go(query);
    });
  }
  $('s-print').addEventListener('click', () => print());
  addEventListener('popstate', () => void load());
  await load();
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
