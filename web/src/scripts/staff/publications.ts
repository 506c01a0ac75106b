// /staff/publications/: drafts to edit and approve (by a second person), published entries to withdraw.
import { ApiError } from '../api';
import { session, staffApi, type Me } from './auth';
import { $, day, fill, h, say, time } from './dom';

interface Entry {
  id: string;
  version: number;
  status: 'draft' | 'published' | 'withdrawn';
  content: { title: string; subject: string; decidedOn: string; docNo: string; basis: string[]; certificates?: { number: string; holder?: string }[]; summary?: string };
  author: { id: string; name: string };
  editors: { id: string; name: string }[];
  createdAt: string;
  approvedBy?: { name: string };
  publishedAt?: string;
  withdrawn?: { by: { name: string }; at: string; reason: string };
  events: { at: string; by: { name: string }; type: string; text?: string }[];
}

const STATUS: Record<Entry['status'], string> = { draft: '草稿，待审核', published: '已公布', withdrawn: '已撤回' };
const EVENT: Record<string, string> = { drafted: '起草', edited: '修改', approved: '审核公布', withdrawn: '撤回' };
const status = $('pubs-status');
let me: Me;

function entry(e: Entry): HTMLElement {
  const result = h('p', { class: 'form-result', role: 'status', tabindex: '-1', id: `r-${e.id}` });
  const run = async (path: string, payload: Record<string, unknown>, done: string) => {
    try {
      await staffApi(`/publications/${encodeURIComponent(e.id)}/${path}`, { version: e.version, ...payload });
      await load();
      say(status, done, 'ok', true);
    } catch (err) {
      result.className = 'form-result error';
      fill(result, (err as Error).message);
      result.focus();
    }
  };
  const parts: (Node | null)[] = [
    h('h2', { id: `t-${e.id}` }, e.content.title),
    h('p', null, h('span', { class: `badge ${e.status === 'published' ? 'status-closed' : e.status === 'draft' ? 'status-investigating' : 'status-not-confirmed'}` }, STATUS[e.status]), ` ${day(e.content.decidedOn)} ${e.content.docNo}`),
    h('p', { class: 'small' }, `对象：${e.content.subject}；依据：${e.content.basis.join('；')}`),
    e.content.certificates?.length ? h('p', { class: 'small' }, `证书：${e.content.certificates.map((c) => `${c.number}${c.holder ? `（${c.holder}）` : ''}`).join('、')}`) : null,
    e.content.summary ? h('p', { class: 'small' }, `说明：${e.content.summary}`) : null,
    h('ul', { class: 'related' }, e.events.map((ev) => h('li', null, `${time(ev.at)} ${ev.by.name} ${EVENT[ev.type] ?? ev.type}${ev.text ? `：${ev.text}` : ''}`))),
  ];
  if (e.status === 'draft') {
    const summary = h('textarea', { id: `s-${e.id}`, rows: '2' });
    summary.value = e.content.summary ?? '';
    const save = h('button', { type: 'button', class: 'secondary small-button' }, '保存说明');
    save.addEventListener('click', () => void run('edit', { summary: summary.value.trim() }, '说明已保存。修改过的人不能再审核这条信息。'));
    const mine = e.author.id === me.id || e.editors.some((x) => x.id === me.id);
    const approve = h('button', { type: 'button', class: 'small-button', 'aria-describedby': mine ? `why-${e.id}` : null }, '审核并公布');
    approve.disabled = mine;
    approve.addEventListener('click', () => void run('approve', {}, '已公布，公示页面和 JSON 订阅中已能看到。'));
    parts.push(
      h('div', { class: 'field' }, h('label', { for: `s-${e.id}` }, '公布说明（公众可见）'), summary),
      h('p', { class: 'case-actions' }, save, approve),
      mine ? h('p', { class: 'hint', id: `why-${e.id}` }, '这条信息由您起草或修改，须由另一名工作人员审核后公布。') : null,
    );
  }
  if (e.status === 'published') {
    const reason = h('textarea', { id: `w-${e.id}`, rows: '2' });
    const withdraw = h('button', { type: 'button', class: 'secondary small-button' }, '撤回');
    withdraw.addEventListener('click', () => void run('withdraw', { reason: reason.value.trim() }, '已撤回：公示页面和 JSON 订阅中不再显示，撤回记录保留。'));
    parts.push(h('div', { class: 'field' }, h('label', { for: `w-${e.id}` }, '撤回理由'), reason), h('p', null, withdraw));
  }
  parts.push(result);
  return h('article', { class: 'pub-entry-staff', 'aria-labelledby': `t-${e.id}` }, ...parts);
}

async function load(): Promise<void> {
  const { publications } = await staffApi<{ publications: Entry[] }>('/publications');
  fill($('pubs'), publications.length ? publications.map(entry) : h('p', { class: 'muted' }, '本单位还没有公示信息。'));
}

async function main(): Promise<void> {
  me = await session();
  if (!me.authority) {
    fill($('pubs'), h('p', { class: 'note' }, '管理员账号不办理公示；请用所属单位的账号登录。'));
    return;
  }
  await load().catch((e: unknown) => say(status, (e as Error).message, 'error', true));
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
