// The report page's record panels: the decisions on record beside the suggestions (what counts towards a heavier
// clause, what the last triage run was given) and the reports that may be one case with it, with merging.
import { ApiError } from '../api';
import { BAN_NAMES, DECISION_LABELS, type DecisionName } from '../../../../functions/core/records/vocabulary';
import { staffApi } from './auth';
import { $, append, day, fill, h, say } from './dom';
import { STATUS_NAMES, SUBJECT_TYPE_NAMES, authorityName } from './labels';

export interface HistoryEntry {
  party: { institutionName?: string; person?: { name: string; role?: string } };
  decision: string;
  ruleId: string;
  decidedOn: string;
  docNo: string;
}
export interface Decision {
  id: string;
  decision: string;
  ruleIds: string[];
  decidedOn: string;
  docNo: string;
  authority: string;
  /** The holding office by name, where the answer gives it (industry departments by the registry in force). */
  authorityName?: string;
  party: HistoryEntry['party'];
  ban?: { kind: keyof typeof BAN_NAMES; until: string };
  retainUntil?: string;
  status?: string;
  standing?: { counts: boolean; why?: string };
  passed?: boolean;
}
interface RecordView {
  institution: { name: string; inRegistry: boolean; cycle: { from: string; to: string; basis: string } } | null;
  judgedOn: string;
  decisions: Decision[];
  people: { person: { name: string; role: string; cardNo?: string }; decisions: Decision[] }[];
  peopleHiddenFrom: string | null;
  peopleHiddenFromName?: string | null;
  passedToTriage: HistoryEntry[];
  notYetPassed: number;
}
interface SameCase {
  caseOf: string | null;
  mergedReports: string[];
  candidates: { trackingCode: string; receivedAt: string; status: string; authority: string; authorityName?: string; excerpt: string; caseOf?: string; sameInstitution: boolean; resemblance: number }[];
  scanned: number;
  bounded: boolean;
}

const reportLink = (code: string) => h('a', { href: `/staff/report/?code=${encodeURIComponent(code)}`, class: 'code' }, code);
export const institutionLink = (name: string, text = name) => h('a', { href: `/staff/institution/?name=${encodeURIComponent(name)}` }, text);
const label = (decision: string) => DECISION_LABELS[decision as DecisionName] ?? decision;

/** 王建国（考评人员，证卡号 …） */
export const personLabel = (p: { name: string; role: string; cardNo?: string }) =>
  `${p.name}（${SUBJECT_TYPE_NAMES[p.role as keyof typeof SUBJECT_TYPE_NAMES] ?? p.role}${p.cardNo ? `，证卡号 ${p.cardNo}` : ''}）`;

/** One decision as a line: what, when, 文号, clauses, and for people the 禁考 end or how long it is kept. */
export function decisionLine(d: Pick<Decision, 'decision' | 'decidedOn' | 'docNo' | 'ruleIds' | 'ban' | 'retainUntil'>): (Node | string)[] {
  return [
    h('strong', null, d.decision),
    ` ${day(d.decidedOn)} `,
    h('span', { class: 'nowrap' }, d.docNo),
    d.ruleIds.length ? h('span', { class: 'sub' }, `依据 ${d.ruleIds.join('、')}；${label(d.decision)}`) : h('span', { class: 'sub' }, label(d.decision)),
    d.ban ? h('span', { class: 'sub' }, `${BAN_NAMES[d.ban.kind]}，至 ${day(d.ban.until)}（含）`) : '',
    d.retainUntil ? h('span', { class: 'sub' }, `记录保存至 ${day(d.retainUntil)}`) : '',
  ];
}

function standingTag(d: Decision): Node {
  if (d.standing?.counts) return h('span', { class: 'tag counts' }, d.passed ? '计入，已供系统比对' : '计入，尚未供系统比对');
  return h('span', { class: 'tag internal' }, `不计入：${d.standing?.why ?? ''}`);
}

export async function showRecord(code: string, version: () => number, rerun: () => Promise<void>): Promise<void> {
  const box = $('r-record');
  let view: RecordView;
  try {
    view = await staffApi<RecordView>(`/reports/${encodeURIComponent(code)}/record`);
  } catch (e) {
    if ((e as ApiError).status === 401) return;
    fill(box, h('p', { class: 'field-error' }, `处理记录没有载入：${(e as Error).message}`));
    return;
  }
  const cycle = view.institution?.cycle;
  fill(
    box,
    view.institution
      ? h(
          'p',
          null,
          '机构：',
          institutionLink(view.institution.name),
          view.institution.inRegistry ? '' : '（名录中没有这家机构）',
          cycle ? h('span', { class: 'sub' }, `本次行为（${day(view.judgedOn)}）所在备案周期：${day(cycle.from)} 至 ${day(cycle.to)} 前${cycle.basis === 'registry' ? '（按名录的备案日期）' : '（名录没有备案日期，按自然年）'}`) : '',
        )
      : h('p', { class: 'muted' }, '举报没有写明、系统也没有认出机构。'),
    h('h3', null, '系统比对时参考的处理记录'),
    view.passedToTriage.length
      ? h(
          'ul',
          { class: 'related', id: 'r-passed' },
          view.passedToTriage.map((e) => h('li', null, `${e.party.person ? `${e.party.person.name}：` : ''}${e.decision} ${day(e.decidedOn)} ${e.docNo}`)),
        )
      : h('p', { class: 'muted', id: 'r-passed' }, '没有：系统比对时，记录中没有可据以加重的处理决定。'),
  );
  if (view.notYetPassed > 0) {
    const button = h('button', { type: 'button', class: 'secondary small-button' }, '重新分析');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await staffApi(`/reports/${encodeURIComponent(code)}/triage`, { version: version() });
        await rerun();
      } catch (e) {
        say($('console-status'), (e as Error).message, 'error', true);
        button.disabled = false;
      }
    });
    append(box, [h('p', { class: 'warning small' }, `有 ${view.notYetPassed} 项可计入的处理决定是上次比对后才登记的。`, button)]);
  }
  append(box, [
    h('h3', null, '机构的处理记录'),
    view.decisions.length
      ? h('ul', { class: 'record-list' }, view.decisions.map((d) => h('li', null, ...decisionLine(d), standingTag(d))))
      : h('p', { class: 'muted' }, '没有。'),
    h('h3', null, '举报中提到的人员'),
    view.peopleHiddenFrom
      ? h('p', { class: 'muted' }, `人员的处理记录只有${view.peopleHiddenFromName ?? authorityName(view.peopleHiddenFrom)}能看到。`)
      : view.people.length
        ? h(
            'ul',
            { class: 'record-list' },
            view.people.map((p) =>
              h(
                'li',
                null,
                h('strong', null, personLabel(p.person)),
                h('ul', null, p.decisions.map((d) => h('li', null, ...decisionLine(d), standingTag(d)))),
              ),
            ),
          )
        : h('p', { class: 'muted' }, '本单位没有举报中提到的人员的处理记录。'),
  ]);
}

export async function showSameCase(code: string, version: () => number, reload: () => Promise<unknown>, open: boolean): Promise<void> {
  const box = $('r-case');
  let view: SameCase;
  try {
    view = await staffApi<SameCase>(`/reports/${encodeURIComponent(code)}/same-case`);
  } catch (e) {
    if ((e as ApiError).status === 401) return;
    fill(box, h('p', { class: 'field-error' }, `没有载入：${(e as Error).message}`));
    return;
  }
  const result = h('p', { class: 'form-result', role: 'status', tabindex: '-1', id: 'case-result' });
  const reason = h('textarea', { id: 'case-reason', name: 'reason', rows: '2', 'aria-describedby': 'case-reason-hint' });
  const act = async (path: string, body: Record<string, unknown>) => {
    if (reason.value.trim().length < 2) {
      reason.setAttribute('aria-invalid', 'true');
      result.className = 'form-result error';
      fill(result, '请先填写理由（至少 2 个字）');
      reason.focus();
      return;
    }
    reason.removeAttribute('aria-invalid');
    try {
      await staffApi(path, { ...body, reason: reason.value.trim() });
      await reload();
      say($('console-status'), path.endsWith('/unmerge') ? '已撤销合并，两份举报的办理经过里都有记录。' : '已合并，两份举报的办理经过里都有记录。', 'ok', true);
    } catch (e) {
      result.className = 'form-result error';
      fill(result, (e as Error).message);
      result.focus();
    }
  };
  const reasonField = h(
    'div',
    { class: 'field' },
    h('label', { for: 'case-reason' }, view.caseOf ? '撤销合并的理由' : '合并理由'),
    h('span', { class: 'hint', id: 'case-reason-hint' }, '记入两份举报的办理经过，举报人看不到。'),
    reason,
  );
  const parts: Node[] = [];
  if (view.caseOf) {
    const undo = h('button', { type: 'button', class: 'secondary small-button' }, '撤销合并');
    undo.addEventListener('click', () => void act(`/reports/${encodeURIComponent(code)}/unmerge`, { version: version() }));
    parts.push(h('p', { class: 'note small' }, '本件已并入 ', reportLink(view.caseOf), ' 一并办理：期限以那份举报为准，它办结时本件一并办结。'));
    if (open) parts.push(reasonField, h('p', null, undo));
  }
  if (view.mergedReports.length) parts.push(h('p', null, '并入本件一并办理的举报：', ...view.mergedReports.flatMap((c, i) => [i ? '、' : '', reportLink(c)])));
  const offered = view.candidates.filter((c) => !view.mergedReports.includes(c.trackingCode) && c.trackingCode !== view.caseOf);
  if (offered.length) {
    if (!view.caseOf && open) parts.push(reasonField);
    parts.push(
      h(
        'ul',
        { class: 'related' },
        offered.map((c) => {
          const why = [c.sameInstitution ? '同一机构' : '', c.resemblance >= 0.6 ? `内容相近（${Math.round(c.resemblance * 100)}%）` : ''].filter(Boolean).join('，');
          const item = h(
            'li',
            null,
            reportLink(c.trackingCode),
            ` ${day(c.receivedAt)} `,
            h('span', { class: `badge status-${c.status}` }, STATUS_NAMES[c.status as keyof typeof STATUS_NAMES] ?? c.status),
            ` ${c.authorityName ?? authorityName(c.authority)}；${why}`,
            c.caseOf ? `；已并入 ${c.caseOf}` : '',
            h('span', { class: 'sub' }, c.excerpt),
          );
          if (open && !view.caseOf && !c.caseOf && c.status !== 'closed') {
            const into = h('button', { type: 'button', class: 'secondary small-button' }, `把 ${c.trackingCode} 并入本件`);
            into.addEventListener('click', () => void act(`/reports/${encodeURIComponent(c.trackingCode)}/merge`, { into: code }));
            const join = h('button', { type: 'button', class: 'secondary small-button' }, `把本件并入 ${c.trackingCode}`);
            join.addEventListener('click', () => void act(`/reports/${encodeURIComponent(code)}/merge`, { version: version(), into: c.trackingCode }));
            append(item, [h('span', { class: 'case-actions' }, into, view.mergedReports.length ? '' : join)]);
          }
          return item;
        }),
      ),
    );
  } else if (!view.caseOf && !view.mergedReports.length) parts.push(h('p', { class: 'muted' }, '没有找到同一机构或内容相近的举报。'));
  if (view.bounded) parts.push(h('p', { class: 'small muted' }, `只比较了前后两周内的 ${view.scanned} 份举报。`));
  parts.push(result);
  fill(box, parts);
}
