// /staff/: the authority's queue. Every filter lives in the URL query, so a view can be bookmarked and the
// back button works; the page re-reads the query and asks the API again on each change.
import { ApiError } from '../api';
import { session, staffApi, staffDownload } from './auth';
import { $, day, fill, h, say } from './dom';
import { DISTRICT_NAMES, STATUSES, STATUS_NAMES } from './labels';

interface QueueItem {
  trackingCode: string;
  receivedAt: string;
  status: string;
  subjectType: string;
  institutionName?: string;
  district?: string;
  topRule?: string;
  ruleIds: string[];
  decided: boolean;
  assignee?: string;
  excerpt: string;
  due: { due: string | null; overdue: boolean };
}
interface Queue {
  total: number;
  page: number;
  pageSize: number;
  counts: Record<string, number>;
  overdue: number;
  items: QueueItem[];
}

const KEYS = ['status', 'q', 'institution', 'rule', 'tier', 'subjectType', 'from', 'to', 'overdue', 'sort', 'page'] as const;
const PAGE_SIZE = 20;
const form = $<HTMLFormElement>('filters');
const statusLine = $('queue-status');
statusLine.tabIndex = -1;

/** The query as the URL has it, without empty values or defaults. */
function currentQuery(): URLSearchParams {
  const from = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const key of KEYS) {
    const value = from.get(key)?.trim();
    if (value && !(key === 'sort' && value === 'newest') && !(key === 'page' && value === '1')) query.set(key, value);
  }
  return query;
}

function href(query: URLSearchParams): string {
  const s = query.toString();
  return s ? `/staff/?${s}` : '/staff/';
}

function with_(changes: Record<string, string | null>): URLSearchParams {
  const query = currentQuery();
  query.delete('page');
  for (const [k, v] of Object.entries(changes)) {
    if (v) query.set(k, v);
    else query.delete(k);
  }
  return query;
}

function fillForm(query: URLSearchParams): void {
  for (const key of KEYS) {
    const field = form.elements.namedItem(key);
    if (field instanceof HTMLInputElement && field.type === 'checkbox') field.checked = query.get(key) === 'true';
    else if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = query.get(key) ?? (key === 'sort' ? 'newest' : '');
  }
}

let loading = 0;

async function load(focus?: 'tabs' | 'status'): Promise<void> {
  const query = currentQuery();
  fillForm(query);
  const ticket = ++loading;
  say(statusLine, '正在载入…');
  let data: Queue;
  try {
    const api = new URLSearchParams(query);
    api.set('pageSize', String(PAGE_SIZE));
    data = await staffApi<Queue>(`/reports?${api}`);
  } catch (e) {
    if (ticket === loading) say(statusLine, (e as Error).message, 'error', true);
    return;
  }
  if (ticket !== loading) return; // a newer request is on its way
  renderTabs(query, data);
  renderRows(data.items);
  renderPager(query, data);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const filtered = [...query.keys()].some((k) => k !== 'sort' && k !== 'page');
  say(statusLine, data.total ? `${filtered ? '符合条件的' : '共'} ${data.total} 件，第 ${data.page}/${pages} 页` : filtered ? '没有符合条件的举报。可以放宽筛选条件再试。' : '本单位还没有收到举报。');
  if (focus === 'tabs') document.querySelector<HTMLElement>('#status-tabs [aria-current="page"]')?.focus();
  if (focus === 'status') statusLine.focus();
}

function renderTabs(query: URLSearchParams, data: Queue): void {
  const active = query.get('status') ?? '';
  const all = Object.values(data.counts).reduce((a, b) => a + b, 0);
  const tab = (status: string, label: string, count: number) =>
    h('li', null, h('a', { href: href(with_({ status: status || null })), 'data-nav': 'tabs', 'aria-current': active === status ? 'page' : null }, label, h('span', { class: 'count' }, String(count))));
  fill($('status-tabs'), tab('', '全部', all), STATUSES.map((s) => tab(s, STATUS_NAMES[s], data.counts[s] ?? 0)));
  const chip = $('overdue-link');
  chip.hidden = data.overdue === 0;
  fill(chip, h('a', { href: href(with_({ overdue: 'true' })), 'data-nav': 'status' }, `已超期 ${data.overdue} 件`));
}

function renderRows(items: QueueItem[]): void {
  fill(
    $('queue-rows'),
    items.map((item) =>
      h(
        'tr',
        { class: item.due.overdue ? 'is-overdue' : null },
        h('td', { class: 'code' }, h('a', { href: `/staff/report/?code=${encodeURIComponent(item.trackingCode)}` }, item.trackingCode)),
        h('td', { class: 'nowrap' }, day(item.receivedAt)),
        h('td', null, h('span', { class: `badge status-${item.status}` }, STATUS_NAMES[item.status as keyof typeof STATUS_NAMES] ?? item.status)),
        h('td', { class: 'nowrap' }, item.topRule ? [h('span', { class: 'rule-id' }, item.topRule), h('span', { class: 'sub' }, item.decided ? '已确认条款' : '系统建议')] : '—'),
        h('td', null, item.institutionName ?? '—', item.district ? h('span', { class: 'sub' }, DISTRICT_NAMES[item.district] ?? item.district) : null),
        h('td', { class: 'excerpt' }, item.excerpt),
        h('td', null, item.assignee ?? h('span', { class: 'muted' }, '未指派')),
        h(
          'td',
          { class: 'nowrap' },
          item.due.due ? [day(item.due.due), item.due.overdue ? h('strong', { class: 'overdue-text' }, '已超期') : null] : h('span', { class: 'muted' }, '无'),
        ),
      ),
    ),
  );
}

function renderPager(query: URLSearchParams, data: Queue): void {
  const pages = Math.ceil(data.total / data.pageSize);
  const pager = $('pager');
  if (pages <= 1) return fill(pager);
  const page = (n: number) => {
    const q = new URLSearchParams(query);
    if (n > 1) q.set('page', String(n));
    else q.delete('page');
    return href(q);
  };
  fill(
    pager,
    data.page > 1 ? h('a', { href: page(data.page - 1), 'data-nav': 'status', rel: 'prev' }, '上一页') : null,
    h('span', null, `第 ${data.page} 页，共 ${pages} 页`),
    data.page < pages ? h('a', { href: page(data.page + 1), 'data-nav': 'status', rel: 'next' }, '下一页') : null,
  );
}

function go(url: string, focus?: 'tabs' | 'status'): void {
  history.pushState(null, '', url);
  void load(focus);
}

async function main(): Promise<void> {
  const me = await session();
  if (!me.authority) {
    $('queue').hidden = true;
    $('queue-admin').hidden = false;
    return;
  }
  fill($('queue-authority'), me.authorityName ?? '');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim() && !(k === 'sort' && v === 'newest')) query.set(k, v.trim());
    go(href(query));
  });
  // Sorting is not a filter: apply it at once.
  $('f-sort').addEventListener('change', () => form.requestSubmit());
  $('f-clear').addEventListener('click', (event) => {
    event.preventDefault();
    go('/staff/', 'status');
  });
  document.getElementById('queue')!.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-nav]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    go(link.getAttribute('href')!, link.dataset.nav as 'tabs' | 'status');
  });
  // The export takes the same filters as the list, all pages.
  $('f-export').addEventListener('click', () => {
    const query = currentQuery();
    query.delete('page');
    staffDownload(`/reports.csv?${query}`, `举报列表-${new Date().toISOString().slice(0, 10)}.csv`)
      .then(() => say(statusLine, '已导出当前筛选结果（CSV，可用 Excel 打开）', 'ok'))
      .catch((e: unknown) => say(statusLine, e instanceof ApiError ? e.message : '导出失败，请稍后重试', 'error'));
  });
  addEventListener('popstate', () => void load());
  await load();
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
