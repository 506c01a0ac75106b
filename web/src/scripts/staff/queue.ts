// /staff/: the authority's queue. Every filter lives in the URL query, so a view can be bookmarked and the
// back button works; the page re-reads the query and asks the API again on each change.
import { ApiError } from '../api';
import { session, staffApi } from './auth';
import { $, day, fill, h, say, todayInShanghai } from './dom';
import { DISTRICT_NAMES, STATUSES, STATUS_NAMES } from './labels';
import type { components } from '../api/staff';

// The answer's shape, generated from the staff API's OpenAPI document (npm run api:types).
type Queue = components['schemas']['Queue'];
type Row = Queue['items'][number];

const KEYS = ['status', 'q', 'institution', 'rule', 'tier', 'subjectType', 'from', 'to', 'overdue', 'sort', 'cursor'] as const;
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
    if (value && !(key === 'sort' && value === 'newest')) query.set(key, value);
  }
  return query;
}

function href(query: URLSearchParams): string {
  const s = query.toString();
  return s ? `/staff/?${s}` : '/staff/';
}

function with_(changes: Record<string, string | null>): URLSearchParams {
  const query = currentQuery();
  query.delete('cursor');
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
let showAuthority = false;
const panel = $<HTMLDetailsElement>('filter-panel');
const narrow = matchMedia('(max-width: 640px)');

/** The panel's summary says how many of its filters are set; on a phone it starts closed unless some are. */
function showFilterCount(query: URLSearchParams): void {
  const set = ['institution', 'rule', 'tier', 'subjectType', 'from', 'to', 'overdue'].filter((k) => query.get(k)).length + (query.get('sort') ? 1 : 0);
  fill($('filter-count'), set ? `（已设 ${set} 项）` : '');
}

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
  renderRows(data.items, showAuthority);
  showFilterCount(query);
  renderPager(query, data);
  const filtered = [...query.keys()].some((k) => k !== 'sort' && k !== 'cursor');
  const all = query.get('status') ? (data.counts[query.get('status')!] ?? 0) : Object.values(data.counts).reduce((a, b) => a + b, 0);
  const more = data.cursor ? '，还有更多' : '';
  say(
    statusLine,
    data.items.length
      ? filtered
        ? `找到 ${data.items.length} 件${data.bounded ? `（已查看 ${data.scanned} 件，可继续查找更早的）` : more}`
        : `共 ${all} 件，本页 ${data.items.length} 件${more}`
      : data.bounded
        ? `在最近的 ${data.scanned} 件中没有符合条件的举报，可以继续查找更早的。`
        : filtered
          ? '没有符合条件的举报。可以放宽筛选条件再试。'
          : '本单位还没有收到举报。',
  );
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

/** What needs a look: the reporter wrote or sent files since staff last acted, a likely duplicate, a registry flag. */
function signals(item: Row): HTMLElement | null {
  const list: HTMLElement[] = [];
  const signal = (kind: string, text: string, ...extra: (Node | string)[]) => list.push(h('li', { class: `signal signal-${kind}` }, text, ...extra));
  if (item.attention.reporterReplied) signal('replied', '举报人已回复');
  if (item.attention.newEvidence) signal('evidence', '有新证据');
  if (item.duplicate) {
    const other = h('a', { href: `/staff/report/?code=${encodeURIComponent(item.duplicate.of)}` }, item.duplicate.of);
    signal('duplicate', item.duplicate.why === 'institution' ? '可能重复：同一机构，见 ' : '可能重复：内容几乎相同，见 ', other);
  }
  if (item.registryFlag === 'suspended') signal('registry', '名录：机构评价活动暂停');
  if (item.registryFlag === 'terminated') signal('registry', '名录：机构已终止备案');
  return list.length ? h('ul', { class: 'signals', 'aria-label': '提示' }, list) : null;
}

function renderRows(items: Row[], showAuthority: boolean): void {
  const today = todayInShanghai();
  fill(
    $('queue-rows'),
    items.map((item) => {
      const overdue = item.status !== 'closed' && item.due.next !== null && item.due.next < today;
      const topRule = item.ruleIds[0];
      // Each cell names itself (data-label): on a phone the rows are cards and the header row is not shown.
      return h(
        'tr',
        { class: overdue ? 'is-overdue' : null },
        h('td', { class: 'code', 'data-label': '查询码' }, h('a', { href: `/staff/report/?code=${encodeURIComponent(item.trackingCode)}` }, item.trackingCode), signals(item)),
        h('td', { class: 'nowrap', 'data-label': '收到' }, day(item.receivedAt)),
        h('td', { class: 'status-cell', 'data-label': '状态' }, h('span', { class: `badge status-${item.status}` }, STATUS_NAMES[item.status as keyof typeof STATUS_NAMES] ?? item.status)),
        h('td', { class: 'nowrap', 'data-label': '条款' }, topRule ? [h('span', { class: 'rule-id' }, topRule), h('span', { class: 'sub' }, item.decided ? '已确认条款' : '系统建议')] : '—'),
        h(
          'td',
          { class: 'institution', 'data-label': '机构' },
          item.institutionName ?? '—',
          item.district ? h('span', { class: 'sub' }, DISTRICT_NAMES[item.district] ?? item.district) : null,
          showAuthority ? h('span', { class: 'sub' }, `办理：${item.authorityName}`) : null,
        ),
        h('td', { class: 'excerpt', 'data-label': '摘要' }, item.excerpt, item.caseOf ? h('span', { class: 'sub' }, `已并入 ${item.caseOf} 一并办理`) : null),
        h('td', { 'data-label': '承办人' }, item.assignee ?? h('span', { class: 'muted' }, '未指派')),
        h(
          'td',
          { class: 'nowrap', 'data-label': '期限' },
          item.caseOf ? h('span', { class: 'muted' }, '随并入的举报') : item.due.next ? [day(item.due.next), overdue ? h('strong', { class: 'overdue-text' }, '已超期') : null] : h('span', { class: 'muted' }, item.due.unavailable ? '暂无法计算' : '无'),
        ),
      );
    }),
  );
}

/** Pages follow the index: “下一页” carries the cursor; the browser's back button returns. */
function renderPager(query: URLSearchParams, data: Queue): void {
  const pager = $('pager');
  const first = new URLSearchParams(query);
  first.delete('cursor');
  const next = new URLSearchParams(query);
  if (data.cursor) next.set('cursor', data.cursor);
  fill(
    pager,
    query.get('cursor') ? h('a', { href: href(first), 'data-nav': 'status' }, '回到第一页') : null,
    data.cursor ? h('a', { href: href(next), 'data-nav': 'status', rel: 'next' }, data.bounded ? '继续查找更早的' : '下一页') : null,
  );
}

interface ExportStatus {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  rows: number | null;
  contacts?: boolean;
  links?: { csv: string; xlsx: string };
  error?: string;
}

async function exportQueue(): Promise<void> {
  const filters = Object.fromEntries(currentQuery());
  delete filters.cursor;
  const box = $('export-status');
  box.hidden = false;
  say(box, '正在导出，请稍候…');
  try {
    const contacts = $<HTMLInputElement>('f-contacts').checked && !$('f-contacts-label').hidden;
    const { id } = await staffApi<{ id: string }>('/exports', { ...filters, ...(contacts ? { contacts: true } : {}) });
    for (let wait = 500; ; wait = Math.min(wait * 2, 4000)) {
      await new Promise((r) => setTimeout(r, wait));
      const job = await staffApi<ExportStatus>(`/exports/${encodeURIComponent(id)}`);
      if (job.status === 'failed') return say(box, job.error ?? '导出失败，请稍后重试', 'error');
      if (job.status === 'done' && job.links) {
        fill(
          box,
          `已导出 ${job.rows ?? 0} 件${job.contacts ? '，含举报人联系方式（个人信息，仅限办案使用）' : ''}（下载链接 5 分钟内有效）：`,
          h('a', { href: job.links.xlsx }, 'Excel 文件（.xlsx）'),
          '　',
          h('a', { href: job.links.csv }, 'CSV 文件'),
        );
        return;
      }
    }
  } catch (e) {
    say(box, e instanceof ApiError ? e.message : '导出失败，请稍后重试', 'error');
  }
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
  showAuthority = me.authority === 'municipal';
  const initial = currentQuery();
  panel.open = !narrow.matches || ['institution', 'rule', 'tier', 'subjectType', 'from', 'to', 'overdue', 'sort'].some((k) => initial.get(k));
  // Only a role that allows it may export the reporters' contact details (and is asked each time).
  $('f-contacts-label').hidden = !me.contactAccess;
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
  // The export takes the same filters as the list, all pages: a job whose files are linked when ready.
  $('f-export').addEventListener('click', () => void exportQueue());
  addEventListener('popstate', () => void load());
  await load();
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
