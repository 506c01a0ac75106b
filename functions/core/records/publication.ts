import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { authorityName } from '../ids';
import { DomainError } from '../report';
import { citationOf, ruleById } from '../rules';
import { optionalText, text } from '../schemas/common';
import type { StaffUser } from '../staff';
import { SUBJECT_TYPE_NAMES } from '../ids';
import type { Actor, Certificate, DecisionRecord } from './decisions';

// 向社会公布 (第十条、第二十三条、第二十四条): what staff chose to publish — an institution whose 备案 was terminated,
// certificates revoked — with the decision's date and 文号. An entry is drafted from a decision on record, may be
// edited while a draft, and appears only once a second person approves it (never its author nor anyone who edited
// it, as every outgoing document of the procedure). It can be withdrawn, with a reason; the entry keeps its whole
// trail, the public page and feed stop showing it.

export const PUBLISHABLE: readonly DecisionRecord['decision'][] = ['终止备案', '撤销证书'];
export const PUBLICATION_KIND_NAMES = { termination: '终止备案', certificates: '撤销违规证书' } as const;
export type PublicationKind = keyof typeof PUBLICATION_KIND_NAMES;

export interface PublicationEvent {
  at: string;
  by: Actor;
  type: 'drafted' | 'edited' | 'approved' | 'withdrawn';
  text?: string;
}

/** What the public reads: nothing else about the decision leaves the office. */
export interface PublicContent {
  kind: PublicationKind;
  title: string;
  /** The institution, or for a candidate's certificates the masked holder and their institution. */
  subject: string;
  creditCode?: string;
  decidedOn: string;
  docNo: string;
  authorityName: string;
  /** The clauses, cited as the 细则 numbers them. */
  basis: string[];
  /** A holder's name only masked. */
  certificates?: Certificate[];
  summary?: string;
}

export interface PublicationEntry {
  id: string;
  version: number;
  authority: string;
  decisionId: string;
  /** Where the decision is kept: the institution's key, or the person's. */
  decisionOf: { institutionKey?: string; personKey?: string };
  content: PublicContent;
  status: 'draft' | 'published' | 'withdrawn';
  author: Actor;
  editors: Actor[];
  createdAt: string;
  approvedBy?: Actor;
  publishedAt?: string;
  withdrawn?: { by: Actor; at: string; reason: string };
  events: PublicationEvent[];
}

const summary = optionalText('公布说明', 500);
export const draftPublicationSchema = z.object({ decisionId: text('处理决定').min(1, { error: '请选择要公布的处理决定' }).max(40), summary });
export const editPublicationSchema = z.object({ version: z.number({ error: '缺少版本号，请刷新页面后重试' }).int().positive(), summary });
export const approvePublicationSchema = z.object({ version: z.number({ error: '缺少版本号，请刷新页面后重试' }).int().positive() });
export const withdrawPublicationSchema = z.object({
  version: z.number({ error: '缺少版本号，请刷新页面后重试' }).int().positive(),
  reason: text('撤回理由').trim().min(2, { error: '请填写撤回理由（至少 2 个字）' }).max(500, { error: '撤回理由最多 500 个字' }),
});

/** 王建国 → 王**: a candidate's name is published only as far as telling certificates apart needs. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

const actorOf = (user: StaffUser): Actor => ({ id: user.id, name: user.name });

/** A new draft from a decision on record; only 终止备案 and 撤销证书 are published, by the office that decided. */
export function draftPublication(decision: DecisionRecord, user: StaffUser, at: string, summaryText?: string): PublicationEntry {
  if (!PUBLISHABLE.includes(decision.decision)) {
    throw new DomainError(400, 'not_publishable', `“${decision.decision}”不向社会公布：公布的只有终止备案（第二十三条）和撤销的证书（第十条、第二十四条）`, 'decisionId');
  }
  if (decision.authority !== user.authority) throw new DomainError(403, 'forbidden', '只有作出决定的单位可以公布这项决定');
  const person = decision.party.person;
  const institution = decision.party.institutionName ?? person?.institutionName;
  const kind: PublicationKind = decision.decision === '终止备案' ? 'termination' : 'certificates';
  const subject = person ? `${SUBJECT_TYPE_NAMES[person.role]} ${maskName(person.name)}${institution ? `（${institution}）` : ''}` : institution!;
  const certificates = decision.certificates?.map(({ holder, ...c }) => ({ ...c, ...(holder ? { holder: maskName(holder) } : {}) }));
  const content: PublicContent = {
    kind,
    title: kind === 'termination' ? `${institution} 终止备案` : `撤销违规证书 ${certificates?.length ?? 0} 张：${subject}`,
    subject,
    ...(decision.party.creditCode ? { creditCode: decision.party.creditCode } : {}),
    decidedOn: decision.decidedOn,
    docNo: decision.docNo,
    authorityName: authorityName(decision.authority),
    basis: decision.ruleIds.flatMap((id) => {
      const rule = ruleById(id);
      return rule ? [citationOf(rule)] : [];
    }),
    ...(certificates?.length ? { certificates } : {}),
    ...(summaryText ? { summary: summaryText } : {}),
  };
  const by = actorOf(user);
  return {
    id: `${at.replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`,
    version: 1,
    authority: decision.authority,
    decisionId: decision.id,
    decisionOf: { ...(decision.personKey ? { personKey: decision.personKey } : { institutionKey: decision.institutionKey }) },
    content,
    status: 'draft',
    author: by,
    editors: [],
    createdAt: at,
    events: [{ at, by, type: 'drafted' }],
  };
}

const refuse = (code: string, message: string, field?: string) => new DomainError(409, code, message, field);

export function editPublication(entry: PublicationEntry, user: StaffUser, at: string, summaryText: string | undefined): PublicationEntry {
  if (entry.status !== 'draft') throw refuse('already_published', '已公布或已撤回的信息不能再修改；如需更正，请撤回后重新起草');
  const by = actorOf(user);
  const { summary: _old, ...content } = entry.content;
  return {
    ...entry,
    version: entry.version + 1,
    content: { ...content, ...(summaryText ? { summary: summaryText } : {}) },
    editors: entry.author.id === by.id || entry.editors.some((e) => e.id === by.id) ? entry.editors : [...entry.editors, by],
    events: [...entry.events, { at, by, type: 'edited' }],
  };
}

/** Two people: the approver is neither the author nor anyone who edited the draft. */
export function approvePublication(entry: PublicationEntry, user: StaffUser, at: string): PublicationEntry {
  if (entry.status !== 'draft') throw refuse('already_published', entry.status === 'published' ? '这条信息已经公布' : '这条信息已撤回，不能再公布；请重新起草');
  if (entry.author.id === user.id) throw refuse('approver_is_author', '这条公布信息由您起草，须由另一名工作人员审核后公布');
  if (entry.editors.some((e) => e.id === user.id)) throw refuse('approver_is_editor', '您修改过这条公布信息，须由未参与起草、修改的另一名工作人员审核后公布');
  const by = actorOf(user);
  return { ...entry, version: entry.version + 1, status: 'published', approvedBy: by, publishedAt: at, events: [...entry.events, { at, by, type: 'approved' }] };
}

export function withdrawPublication(entry: PublicationEntry, user: StaffUser, at: string, reason: string): PublicationEntry {
  if (entry.status !== 'published') throw refuse('not_published', entry.status === 'draft' ? '这条信息还没有公布，不需要撤回' : '这条信息已经撤回');
  const by = actorOf(user);
  return { ...entry, version: entry.version + 1, status: 'withdrawn', withdrawn: { by, at, reason }, events: [...entry.events, { at, by, type: 'withdrawn', text: reason }] };
}

/** One published entry as the public page and feed show it. */
export interface PublishedItem extends PublicContent {
  id: string;
  publishedAt: string;
}

export function publishedItem(entry: PublicationEntry): PublishedItem {
  return { id: entry.id, publishedAt: entry.publishedAt!, ...entry.content };
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), the structured content under `_publication`. */
export function jsonFeed(items: PublishedItem[], urls: { home: string; feed: string; next?: string }) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: '技能评价违规处理公示',
    home_page_url: urls.home,
    feed_url: urls.feed,
    language: 'zh-CN',
    description: '依据《上海市技能人才评价违纪违规行为处理实施细则（试行）》第十条、第二十三条、第二十四条向社会公布的终止备案机构和撤销的违规证书。',
    ...(urls.next ? { next_url: urls.next } : {}),
    items: items.map((item) => ({
      id: item.id,
      url: `${urls.home}#${item.id}`,
      title: item.title,
      content_text: [
        `${item.subject}。${item.authorityName}于 ${item.decidedOn} 作出决定（${item.docNo}）：${PUBLICATION_KIND_NAMES[item.kind]}。`,
        item.basis.length ? `依据：${item.basis.join('；')}。` : '',
        item.certificates?.length ? `证书：${item.certificates.map((c) => [c.number, c.occupation, c.level, c.holder].filter(Boolean).join(' ')).join('；')}。` : '',
        item.summary ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
      date_published: item.publishedAt,
      _publication: item,
    })),
  };
}
