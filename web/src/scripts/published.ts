// /published/: the published decisions from /api/publications (JSON Feed 1.1), a page at a time. Text only ever
// becomes text nodes.
import type { PublishedItem } from '../../../functions/core/records/publication';
import { toApiError, unreachable } from './api';

/** One item of the JSON Feed (records/publication.ts `jsonFeed`). */
interface Item {
  id: string;
  title: string;
  date_published: string;
  _publication: PublishedItem;
}
interface Feed {
  items: Item[];
  next_url?: string;
}

const KIND_NAMES = { termination: '终止备案', certificates: '撤销证书' } as const;
const list = document.getElementById('pub-list') as HTMLOListElement;
const status = document.getElementById('pub-status') as HTMLElement;
const more = document.getElementById('pub-more') as HTMLButtonElement;
let next: string | undefined = '/api/publications';
let shown = 0;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/** 2025-11-18 → 2025年11月18日; an instant in Shanghai time. */
function dateText(iso: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function entry(item: Item): HTMLLIElement {
  const p = item._publication;
  const facts = el('dl', 'pub-facts');
  const fact = (label: string, value: string | undefined) => {
    if (value) facts.append(el('dt', undefined, label), el('dd', undefined, value));
  };
  fact(p.kind === 'termination' ? '评价机构' : '涉及', p.subject);
  fact('统一社会信用代码', p.creditCode);
  fact('决定日期', dateText(p.decidedOn));
  fact('决定文号', p.docNo);
  fact('作出决定', p.authorityName);
  fact('依据', p.basis.join('；'));
  fact('公布日期', dateText(item.date_published));
  const article = el('article', 'pub-entry', el('h2', undefined, el('span', 'pub-kind', KIND_NAMES[p.kind]), item.title), facts);
  article.setAttribute('aria-labelledby', `t-${item.id}`);
  article.querySelector('h2')!.id = `t-${item.id}`;
  if (p.certificates?.length) {
    article.append(el('p', 'small', `被撤销的证书（${p.certificates.length} 张）：`));
    article.append(
      el(
        'ul',
        'pub-certs',
        ...p.certificates.map((c) => el('li', undefined, el('span', 'pub-cert-no', c.number), [c.occupation, c.level, c.holder ? `持证人 ${c.holder}` : ''].filter(Boolean).map((s) => `，${s}`).join(''))),
      ),
    );
  }
  if (p.summary) article.append(el('p', 'pub-summary', p.summary));
  const li = el('li', undefined, article);
  li.id = item.id;
  return li;
}

async function load(): Promise<void> {
  if (!next) return;
  more.disabled = true;
  let res: Response;
  try {
    res = await fetch(next, { headers: { accept: 'application/feed+json, application/json' }, credentials: 'same-origin' });
  } catch {
    status.textContent = await unreachable(next);
    more.disabled = false;
    return;
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    status.textContent = toApiError(res.status, data).message;
    more.disabled = false;
    return;
  }
  const feed = data as Feed;
  list.append(...feed.items.map(entry));
  shown += feed.items.length;
  list.hidden = shown === 0;
  next = feed.next_url ? new URL(feed.next_url, location.href).pathname + new URL(feed.next_url, location.href).search : undefined;
  more.hidden = !next;
  more.disabled = false;
  status.textContent = shown ? `共显示 ${shown} 条公示信息${next ? '，还有更多' : ''}。` : '目前没有公示信息。';
}

more.addEventListener('click', () => void load());
void load();
