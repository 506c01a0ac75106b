// The procedure section of /staff/report/?code=… (ProcedurePanel.astro): the 细则's steps for each party, the
// documents (preview, approval by a second person, service), the case's own files, the periods in working days,
// closing and the case file. Every command is sent with the version the section was showing; a 409 says why.
import { ApiError } from '../api';
import { uploadThrough, type EvidenceCreated } from '../upload';
import { session, staffApi, staffFile, type Me } from './auth';
import { $, bytes, day, fill, h, say, time } from './dom';
import { SUBJECT_TYPE_NAMES } from './labels';

interface Actor {
  id: string;
  name: string;
}
interface StaffFile {
  evidenceId: string;
  fileName: string;
  contentType: string;
  kind: string;
  status: 'accepted' | 'rejected';
  addedAt: string;
  addedBy: 'reporter' | 'staff';
  category?: string;
  size?: number;
  sha256?: string;
  rejectedReason?: string;
}
interface Party {
  id: string;
  party: { kind: string; name: string; idNumber?: string; address?: string; institutionName?: string };
  handling: { by: 'office' } | { by: 'institution'; institutionName: string; reason: string };
  investigation?: { incidentDate: string; facts: string[]; ruleIds: string[]; evidence: unknown[] };
  notice?: Doc;
  statements: { submittedOn: string; summary: string }[];
  waiver?: { on: string };
  consideration?: { statementCount: number; conclusion: string };
  decision?: Doc & { draft: { outcome: 'sanction' | 'no-action' } };
  objection?: { submittedOn: string; summary: string };
  review?: Doc;
  rectification?: { planDue: { due: string }; plan?: { receivedOn: string }; completed?: { on: string } };
  reportBack?: { receivedOn: string; late: boolean };
}
interface Doc {
  draft: Record<string, unknown> & { kind: string };
  author: Actor;
  editors: Actor[];
  approval?: { docNo: string };
  service?: { servedOn: string };
}
interface DocumentSummary {
  id: string;
  target: Record<string, string>;
  kind: 'notice' | 'decision' | 'review' | 'referral';
  name: string;
  partyName: string;
  status: 'draft' | 'approved' | 'served';
  revision: number;
  author: Actor;
  editors: Actor[];
  approval?: { by: Actor; date: string; docNo: string };
  service?: { method: string; servedOn: string };
  issued?: { pdf: { sha256: string; size: number } };
}
interface Deadline {
  partyId: string;
  kind: string;
  label: string;
  article: string;
  due: string;
  status: 'running' | 'ended' | 'met' | 'late' | 'overdue';
  workingDaysLeft: number | null;
}
interface View {
  trackingCode: string;
  version: number;
  status: string;
  authority: string;
  files: StaffFile[];
  subjectType: string;
  institutionName: string | null;
  suggestedRuleIds: string[];
  started: boolean;
  today?: string;
  procedure?: { parties: Party[]; referrals: (Doc & { id: string; partyId: string })[]; closed?: { at: string; summary: string }; caseFile?: { status: string; error?: string } };
  deadlines?: Deadline[];
  pending?: string[];
  documents?: DocumentSummary[];
}

const code = (new URLSearchParams(location.search).get('code') ?? '').trim().toUpperCase();
const section = $('procedure');
const statusBox = $('proc-status');
let me: Me;
let current: View | undefined;
const path = (rest = '') => `/reports/${encodeURIComponent(code)}${rest}`;

const SERVICE_METHODS: [string, string][] = [
  ['direct', '直接送达'],
  ['mail', '邮寄送达'],
  ['electronic', '电子送达（须当事人同意）'],
  ['announcement', '公告送达'],
];
const DOC_STATUS = { draft: '草稿', approved: '已签发，待送达', served: '已送达' } as const;
const PERIOD_STATUS = { running: '进行中', ended: '已结束', met: '已按期完成', late: '逾期完成', overdue: '已超期' } as const;
const PARTY_KINDS: [string, string][] = (['institution', 'examiner', 'supervisor', 'expert', 'staff', 'candidate'] as const).map((k) => [k, SUBJECT_TYPE_NAMES[k]]);

// ───────── forms from field lists ─────────

type Field =
  | { kind: 'text' | 'date' | 'number'; name: string; label: string; value?: string; hint?: string; optional?: boolean }
  | { kind: 'textarea'; name: string; label: string; value?: string; hint?: string; optional?: boolean; lines?: boolean }
  | { kind: 'select'; name: string; label: string; options: [string, string][]; value?: string }
  | { kind: 'files'; name: string; label: string; single?: boolean; optional?: boolean; hint?: string };

let formCount = 0;

function fieldElement(field: Field, id: string): HTMLElement {
  const label = h('label', { for: id }, field.label, 'optional' in field && field.optional ? h('span', { class: 'optional' }, '（选填）') : null);
  const hint = 'hint' in field && field.hint ? h('span', { class: 'hint', id: `${id}-hint` }, field.hint) : null;
  const described = hint ? `${id}-hint` : null;
  switch (field.kind) {
    case 'textarea': {
      const area = h('textarea', { id, name: field.name, rows: 3, 'aria-describedby': described });
      area.value = field.value ?? '';
      return h('div', { class: 'field' }, label, hint, area);
    }
    case 'select': {
      const select = h('select', { id, name: field.name }, field.options.map(([v, l]) => h('option', { value: v }, l)));
      if (field.value) select.value = field.value;
      return h('div', { class: 'field' }, label, select);
    }
    case 'files': {
      const files = (current?.files ?? []).filter((f) => f.addedBy === 'staff' && f.status === 'accepted');
      if (!files.length) return h('p', { class: 'hint' }, `${field.label}：请先在“案件材料”中上传文件。`);
      return h(
        'fieldset',
        { class: 'proc-evidence-choice' },
        h('legend', null, field.label),
        hint,
        files.map((f, i) =>
          h(
            'label',
            { class: 'check', for: `${id}-${i}` },
            h('input', { type: field.single ? 'radio' : 'checkbox', name: field.name, value: f.evidenceId, id: `${id}-${i}` }),
            ` ${f.category ?? ''}：${f.fileName}`,
          ),
        ),
      );
    }
    default: {
      const input = h('input', { type: field.kind, id, name: field.name, 'aria-describedby': described, ...(field.kind === 'number' ? { min: '1', inputmode: 'numeric' } : {}) });
      input.value = field.value ?? (field.kind === 'date' ? (current?.today ?? '') : '');
      return h('div', { class: 'field' }, label, hint, input);
    }
  }
}

function valuesOf(form: HTMLFormElement, fields: Field[]): Record<string, unknown> {
  const data = new FormData(form);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.kind === 'files') {
      const chosen = data.getAll(f.name).map(String);
      if (f.single) {
        if (chosen[0]) out[f.name] = chosen[0];
      } else out[f.name] = chosen;
      continue;
    }
    const raw = String(data.get(f.name) ?? '').trim();
    if (!raw && 'optional' in f && f.optional) continue;
    if (f.kind === 'textarea' && f.lines) out[f.name] = raw.split(/\n+/).map((l) => l.trim()).filter(Boolean);
    else if (f.kind === 'number') out[f.name] = raw ? Number(raw) : undefined;
    else out[f.name] = raw;
  }
  return out;
}

/** One step as a collapsible form: its fields, a button, and where its answer is said. */
function commandForm(summary: string, fields: Field[], build: (values: Record<string, unknown>) => Record<string, unknown>, button = summary, extra: Node[] = []): HTMLDetailsElement {
  const n = ++formCount;
  const result = h('p', { class: 'form-result', role: 'status', tabindex: '-1', id: `proc-result-${n}` });
  const submit = h('button', { type: 'submit' }, button);
  const form = h('form', { novalidate: true, 'data-proc-form': summary }, extra, fields.map((f, i) => fieldElement(f, `proc-f${n}-${i}`)), submit, result);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(build(valuesOf(form, fields)), form, result, submit);
  });
  return h('details', { class: 'action' }, h('summary', null, summary), form);
}

async function send(command: Record<string, unknown>, form: HTMLFormElement, result: HTMLElement, submit: HTMLButtonElement): Promise<void> {
  if (!current) return;
  submit.disabled = true;
  result.className = 'form-result';
  fill(result, '正在提交…');
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  try {
    const view = await staffApi<View>(path('/procedure/commands'), { version: current.version, command });
    render(view);
    changed();
    say(statusBox, `${DONE[command.type as string] ?? '已保存'}`, 'ok', true);
  } catch (e) {
    const err = e as ApiError;
    result.className = 'form-result error';
    fill(result, err.message);
    const name = err.field?.split('.')[0];
    const field = name ? form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`) : null;
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    } else result.focus();
    if (err.status === 409 && err.code === 'conflict') void load();
  } finally {
    submit.disabled = false;
  }
}

const DONE: Record<string, string> = {
  'add-party': '已列为当事人。',
  'record-investigation': '已记录调查核实情况。',
  'draft-notice': '已起草告知书，请另一名工作人员审核签发。',
  'draft-decision': '已起草处理决定书，请另一名工作人员审核签发。',
  'draft-review': '已起草复核决定书，请另一名工作人员审核签发。',
  'draft-referral': '已起草移送函，请另一名工作人员审核签发。',
  'edit-draft': '草稿已修改。',
  'discard-draft': '草稿已废弃。',
  approve: '已审核签发，文号已编排，正式文本已存档。',
  serve: '已记录送达，期限自送达次日起计算。',
  'record-statement': '已记录陈述、申辩。',
  'record-waiver': '已记录书面放弃陈述、申辩。',
  'consider-statements': '已记录复核意见。',
  'record-objection': '已记录异议，复核期限已开始计算。',
  'record-rectification-plan': '已记录整改方案。',
  'record-rectification-completed': '已记录整改完成。',
  'leave-to-institution': '已记录交由评价机构认定处理。',
  'record-report-back': '已记录评价机构的报告。',
  close: '已结案，处理档案正在生成。',
};

/** Tells the rest of the report page that the report changed (its status, timeline and version). */
function changed(): void {
  document.dispatchEvent(new CustomEvent('report:changed', { detail: { source: 'procedure' } }));
}

// ───────── rendering ─────────

/** Staff of another office (the municipal centre) see the procedure; only the handling office acts. */
const readOnly = () => current !== undefined && me.authority !== current.authority;

function render(view: View): void {
  current = view;
  section.hidden = false;
  $('proc-start').hidden = view.started || readOnly();
  $('proc-body').hidden = !view.started;
  renderFiles(view);
  if (!view.started || !view.procedure) return;
  renderDeadlines(view);
  fill($('proc-pending'), (view.pending ?? []).length ? view.pending!.map((p) => h('li', null, p)) : h('li', null, view.procedure.closed ? `已于 ${time(view.procedure.closed.at)} 结案。` : '没有未完成的事项，可以结案。'));
  renderParties(view);
  renderDocuments(view);
  renderClosing(view);
}

function renderFiles(view: View): void {
  const files = view.files.filter((f) => f.addedBy === 'staff');
  fill(
    $('proc-files'),
    files.length
      ? files.map((f) =>
          h(
            'li',
            null,
            h('strong', null, f.category ?? '材料'),
            `：${f.fileName}（${bytes(f.size)}，${time(f.addedAt)}）`,
            f.status === 'accepted' ? h('span', { class: 'small muted' }, ` SHA-256 ${f.sha256?.slice(0, 16)}…`) : h('span', { class: 'field-error' }, ` 未通过检查：${f.rejectedReason ?? ''}`),
          ),
        )
      : h('li', { class: 'muted' }, '还没有上传案件材料。'),
  );
  const closed = view.status === 'closed';
  ($('proc-upload') as HTMLFormElement).hidden = closed || readOnly();
}

function renderDeadlines(view: View): void {
  const rows = view.deadlines ?? [];
  $('proc-no-deadlines').hidden = rows.length > 0;
  ($('proc-deadlines').closest('table') as HTMLElement).hidden = rows.length === 0;
  const names = new Map(view.procedure!.parties.map((p) => [p.id, p.party.name]));
  fill(
    $('proc-deadlines'),
    rows.map((d) =>
      h(
        'tr',
        { class: d.status === 'overdue' ? 'is-overdue' : null },
        h('th', { scope: 'row' }, `${d.label}（${d.article}）`),
        h('td', null, names.get(d.partyId) ?? d.partyId),
        h('td', null, day(d.due)),
        h(
          'td',
          null,
          d.status === 'running' && d.workingDaysLeft !== null ? `还剩 ${d.workingDaysLeft} 个工作日` : d.status === 'overdue' ? h('strong', { class: 'overdue-text' }, PERIOD_STATUS.overdue) : PERIOD_STATUS[d.status],
        ),
      ),
    ),
  );
}

const kindName = (kind: string) => SUBJECT_TYPE_NAMES[kind as keyof typeof SUBJECT_TYPE_NAMES] ?? kind;

function evidenceChoices(n: number): { node: HTMLElement; collect: () => unknown[] } {
  const files = (current?.files ?? []).filter((f) => f.status === 'accepted');
  const rows = files.map((f, i) => {
    const id = `proc-ev${n}-${i}`;
    const check = h('input', { type: 'checkbox', id, value: f.evidenceId });
    const description = h('input', { type: 'text', id: `${id}-d`, 'aria-label': `${f.fileName} 的证据说明` });
    description.value = f.addedBy === 'staff' ? `${f.category ?? '材料'}（${f.fileName}）` : `举报人提交的${f.kind === 'video' ? '视频' : '照片'}（${f.fileName}）`;
    return { f, check, description, node: h('div', null, h('label', { for: id, class: 'check' }, check, ` ${f.addedBy === 'staff' ? f.category : '举报人提交'}：${f.fileName}`), description) };
  });
  return {
    node: h('fieldset', { class: 'proc-evidence-choice' }, h('legend', null, '证据（勾选并写明证明什么）'), rows.length ? rows.map((r) => r.node) : h('p', { class: 'hint' }, '还没有可用的证据：请先上传案件材料。')),
    collect: () =>
      rows
        .filter((r) => r.check.checked)
        .map((r) =>
          r.f.addedBy === 'staff'
            ? { source: 'staff', fileRef: r.f.evidenceId, category: ['询问笔录', '现场照片', '书证', '视听资料', '电子数据'].includes(r.f.category ?? '') ? r.f.category : '其他', description: r.description.value.trim() }
            : { source: 'report', evidenceId: r.f.evidenceId, description: r.description.value.trim() },
        ),
  };
}

function investigationForm(p: Party): HTMLDetailsElement {
  const n = ++formCount;
  const evidence = evidenceChoices(n);
  const suggested = current?.suggestedRuleIds ?? [];
  return commandForm(
    p.investigation ? '修改调查核实记录' : '记录调查核实情况（第二十六、二十七条）',
    [
      { kind: 'date', name: 'incidentDate', label: '事发日期', value: p.investigation?.incidentDate ?? '' },
      { kind: 'textarea', name: 'facts', label: '查明的事实', lines: true, hint: '每段一行', value: p.investigation?.facts.join('\n') ?? '' },
      { kind: 'text', name: 'ruleIds', label: '违反的条款编号', hint: '多个用逗号分开，如 SH2025-22-9', value: (p.investigation?.ruleIds ?? suggested).join(', ') },
      { kind: 'textarea', name: 'reasons', label: '认定理由', optional: true },
    ],
    (v) => ({
      type: 'record-investigation',
      partyId: p.id,
      incidentDate: v.incidentDate,
      facts: v.facts,
      evidence: evidence.collect(),
      ruleIds: String(v.ruleIds ?? '').split(/[,，\s]+/).map((s) => s.trim().toUpperCase()).filter(Boolean),
      ...(v.reasons ? { reasons: v.reasons } : {}),
    }),
    '保存调查记录',
    [evidence.node],
  );
}

function partyActions(p: Party, view: View): HTMLElement[] {
  const closed = Boolean(view.procedure!.closed);
  if (closed || readOnly()) return [];
  const forms: HTMLElement[] = [];
  const byOffice = p.handling.by === 'office';
  if (!byOffice) {
    if (!p.reportBack)
      forms.push(
        commandForm(
          '记录评价机构的认定处理结果报告（第三十条）',
          [
            { kind: 'date', name: 'concludedOn', label: '评价机构处理结束日期' },
            { kind: 'date', name: 'receivedOn', label: '收到日期' },
            { kind: 'textarea', name: 'summary', label: '认定处理结果' },
            { kind: 'files', name: 'refs', label: '报告文件' },
            { kind: 'text', name: 'signatories', label: '签字的工作人员', hint: '多人用逗号分开', optional: true },
            { kind: 'text', name: 'siteLeadConfirmedBy', label: '现场负责人', optional: true },
          ],
          (v) => ({ type: 'record-report-back', partyId: p.id, ...v, signatories: String(v.signatories ?? '').split(/[,，、\s]+/).filter(Boolean) }),
        ),
      );
    return forms;
  }
  if (!p.notice && !p.decision) {
    forms.push(investigationForm(p));
    if (p.party.kind !== 'institution')
      forms.push(
        commandForm('交由评价机构认定处理（第二十五条）', [
          { kind: 'text', name: 'institutionName', label: '评价机构名称', value: p.party.institutionName ?? '' },
          { kind: 'textarea', name: 'reason', label: '理由' },
        ], (v) => ({ type: 'leave-to-institution', partyId: p.id, ...v })),
      );
  }
  if (p.investigation && !p.notice && !p.decision)
    forms.push(commandForm('起草处理事先告知书（第二十八条第一款）', [{ kind: 'textarea', name: 'intendedDecision', label: '拟作出的处理决定' }], (v) => ({ type: 'draft-notice', partyId: p.id, ...v }), '起草告知书'));
  const noticeServed = Boolean(p.notice?.service);
  if (noticeServed && !p.decision && !p.waiver) {
    forms.push(
      commandForm('记录陈述、申辩', [
        { kind: 'date', name: 'submittedOn', label: '提出日期（邮寄以邮戳为准）' },
        { kind: 'date', name: 'receivedOn', label: '收到日期' },
        { kind: 'select', name: 'channel', label: '方式', options: [['written', '书面'], ['oral', '口头（已制作笔录）']] },
        { kind: 'textarea', name: 'summary', label: '主要意见' },
        { kind: 'files', name: 'attachmentRefs', label: '附件', optional: true },
      ], (v) => ({ type: 'record-statement', partyId: p.id, ...v })),
    );
    if (!p.statements.length)
      forms.push(commandForm('记录书面放弃陈述、申辩', [{ kind: 'date', name: 'on', label: '放弃日期' }, { kind: 'files', name: 'proofRef', label: '书面放弃声明', single: true }], (v) => ({ type: 'record-waiver', partyId: p.id, ...v })));
  }
  if (p.statements.length > (p.consideration?.statementCount ?? 0) && !p.decision)
    forms.push(commandForm('复核陈述、申辩', [{ kind: 'textarea', name: 'conclusion', label: '复核意见（事实、理由、证据是否成立，是否采纳）' }], (v) => ({ type: 'consider-statements', partyId: p.id, ...v })));
  if (p.investigation && !p.decision)
    forms.push(
      commandForm('起草处理决定书（第二十八条第二款）', [
        { kind: 'select', name: 'outcome', label: '结论', options: [['sanction', '作出处理'], ['no-action', '不予处理']] },
        { kind: 'textarea', name: 'decision', label: '处理决定（作出处理时填写）', optional: true },
        { kind: 'textarea', name: 'reasons', label: '不予处理的理由（不予处理时填写）', optional: true },
      ], (v) => ({ type: 'draft-decision', partyId: p.id, ...v }), '起草决定书'),
    );
  if (p.decision?.service && p.decision.draft.outcome === 'sanction' && !p.objection)
    forms.push(
      commandForm('记录异议（第二十九条）', [
        { kind: 'date', name: 'submittedOn', label: '提出日期' },
        { kind: 'date', name: 'receivedOn', label: '收到日期' },
        { kind: 'textarea', name: 'summary', label: '异议的主要理由' },
        { kind: 'files', name: 'attachmentRefs', label: '附件', optional: true },
      ], (v) => ({ type: 'record-objection', partyId: p.id, ...v })),
    );
  if (p.objection && !p.review)
    forms.push(
      commandForm('起草复核决定书（第二十九条）', [
        { kind: 'select', name: 'outcome', label: '复核结果', options: [['upheld', '维持'], ['varied', '变更'], ['revoked', '撤销']] },
        { kind: 'textarea', name: 'reasons', label: '复核理由' },
        { kind: 'textarea', name: 'newDecision', label: '变更后的处理决定（变更时填写）', optional: true },
      ], (v) => ({ type: 'draft-review', partyId: p.id, ...v }), '起草复核决定书'),
    );
  if (p.rectification && !p.rectification.plan)
    forms.push(commandForm(`记录整改方案（第三十二条，应于 ${p.rectification.planDue.due} 前提交）`, [{ kind: 'date', name: 'receivedOn', label: '收到日期' }, { kind: 'files', name: 'refs', label: '整改方案文件' }], (v) => ({ type: 'record-rectification-plan', partyId: p.id, ...v })));
  if (p.rectification?.plan && !p.rectification.completed)
    forms.push(commandForm('记录整改完成', [{ kind: 'date', name: 'on', label: '完成日期' }, { kind: 'textarea', name: 'verification', label: '核查情况' }, { kind: 'files', name: 'refs', label: '整改报告文件' }], (v) => ({ type: 'record-rectification-completed', partyId: p.id, ...v })));
  if (p.investigation)
    forms.push(
      commandForm('起草移送函（第三十四条）', [
        { kind: 'select', name: 'to', label: '移送', options: [['discipline-inspection', '纪检监察机关'], ['police', '公安机关'], ['market-regulation', '市场监管部门（广告）']] },
        { kind: 'text', name: 'recipient', label: '受移送机关名称' },
      ], (v) => ({ type: 'draft-referral', partyId: p.id, ...v }), '起草移送函'),
    );
  return forms;
}

function stageOf(p: Party): string {
  if (p.handling.by === 'institution') return p.reportBack ? '评价机构已报告认定处理结果' : `由${p.handling.institutionName}认定处理，等待其报告`;
  if (p.review?.service) return '复核决定已送达';
  if (p.objection) return '已提出异议，复核中';
  if (p.decision?.service) return p.decision.draft.outcome === 'sanction' ? '处理决定已送达' : '不予处理决定已送达';
  if (p.decision) return '处理决定书待签发、送达';
  if (p.notice?.service) return p.waiver ? '已书面放弃陈述、申辩' : p.statements.length ? '已陈述、申辩' : '告知书已送达，陈述申辩期内';
  if (p.notice) return '告知书待签发、送达';
  if (p.investigation) return '已调查核实';
  return '待调查核实';
}

function renderParties(view: View): void {
  const parties = view.procedure!.parties;
  fill(
    $('proc-parties'),
    parties.length
      ? parties.map((p) =>
          h(
            'div',
            { class: 'proc-card', id: `proc-party-${p.id}` },
            h('h4', null, `${p.id}　${kindName(p.party.kind)}：${p.party.name}`),
            h('p', { class: 'small' }, h('strong', null, '进展：'), stageOf(p)),
            p.investigation ? h('p', { class: 'small muted' }, `事发 ${p.investigation.incidentDate}；条款 ${p.investigation.ruleIds.join('、') || '无'}；${p.investigation.facts.length} 项事实，${p.investigation.evidence.length} 项证据`) : null,
            partyActions(p, view),
          ),
        )
      : h('p', { class: 'muted' }, '还没有当事人：请先列明当事人（评价机构、工作人员或参评人员）。'),
  );
  fill(
    $('proc-add-party'),
    view.procedure!.closed || readOnly()
      ? []
      : commandForm(
          '列为当事人',
          [
            { kind: 'select', name: 'kind', label: '当事人类型', options: PARTY_KINDS, value: view.subjectType },
            { kind: 'text', name: 'name', label: '名称或姓名', value: !parties.length && view.subjectType === 'institution' ? (view.institutionName ?? '') : '' },
            { kind: 'text', name: 'idNumber', label: '统一社会信用代码或身份证件号码', optional: true },
            { kind: 'text', name: 'address', label: '地址', optional: true },
            { kind: 'text', name: 'institutionName', label: '所在评价机构（工作人员、参评人员）', optional: true },
          ],
          (v) => {
            const { kind, ...rest } = v;
            return { type: 'add-party', party: { kind, ...rest } };
          },
          '列为当事人',
        ),
  );
}

async function openFile(doc: DocumentSummary, format: 'pdf' | 'docx', button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    if (doc.status === 'draft') {
      // A draft is rendered on the spot; the answer is the file itself.
      const url = URL.createObjectURL(await staffFile(path(`/procedure/documents/${doc.id}/preview?format=${format}`)));
      const a = h('a', { href: url, download: `草稿-${doc.name}.${format}` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      say(statusBox, `已下载${doc.name}草稿（${format.toUpperCase()}）。`, 'ok');
    } else {
      const { url, fileName } = await staffApi<{ url: string; fileName: string }>(path(`/procedure/documents/${doc.id}/file?format=${format}`));
      const a = h('a', { href: url, download: fileName, rel: 'noopener' });
      document.body.append(a);
      a.click();
      a.remove();
      say(statusBox, `已下载 ${fileName}。`, 'ok');
    }
  } catch (e) {
    say(statusBox, (e as Error).message, 'error', true);
  } finally {
    button.disabled = false;
  }
}

const EDITABLE: Record<DocumentSummary['kind'], [string, string][]> = {
  notice: [['intendedDecision', '拟作出的处理决定'], ['reasons', '认定理由']],
  decision: [['decision', '处理决定'], ['reasons', '理由']],
  review: [['reasons', '复核理由'], ['newDecision', '变更后的处理决定']],
  referral: [['recipient', '受移送机关名称'], ['reasons', '理由']],
};

function draftOf(view: View, doc: DocumentSummary): Record<string, unknown> {
  const t = doc.target;
  const record = t.referralId ? view.procedure!.referrals.find((r) => r.id === t.referralId) : (view.procedure!.parties.find((p) => p.id === t.partyId)?.[t.document as 'notice'] as Doc | undefined);
  return record?.draft ?? {};
}

function documentCard(doc: DocumentSummary, view: View): HTMLElement {
  const closed = Boolean(view.procedure!.closed) || readOnly();
  const mine = doc.author.id === me.id || doc.editors.some((e) => e.id === me.id);
  const buttons = (['pdf', 'docx'] as const).map((format) => {
    const b = h('button', { type: 'button', class: 'secondary' }, `${doc.status === 'draft' ? '预览' : '下载'} ${format.toUpperCase()}`);
    b.addEventListener('click', () => void openFile(doc, format, b));
    return b;
  });
  const actions: HTMLElement[] = [];
  if (!closed && doc.status === 'draft') {
    const draft = draftOf(view, doc);
    const fields: Field[] = EDITABLE[doc.kind].map(([name, label]) => ({ kind: 'textarea', name, label, optional: true, value: typeof draft[name] === 'string' ? (draft[name] as string) : '' }));
    actions.push(
      commandForm('修改草稿', fields, (v) => ({ type: 'edit-draft', target: doc.target, patch: Object.fromEntries(Object.entries(v).filter(([k, val]) => val !== (draft[k] ?? ''))) }), '保存修改'),
    );
    if (mine) actions.push(h('p', { class: 'note small' }, '这份文书由您起草或修改过，须由另一名工作人员审核签发（两人签字）。'));
    else
      actions.push(
        commandForm(
          '审核签发',
          [{ kind: 'number', name: 'serial', label: '文号序号', optional: true, hint: '留空由系统按本单位、文书种类和年度顺序编号' }],
          (v) => ({ type: 'approve', target: doc.target, ...(v.serial ? { serial: v.serial } : {}) }),
          '审核签发',
        ),
      );
    actions.push(commandForm('废弃草稿', [{ kind: 'textarea', name: 'reason', label: '废弃理由' }], (v) => ({ type: 'discard-draft', target: doc.target, ...v }), '废弃'));
  }
  if (!closed && doc.status === 'approved') {
    const publishable = doc.kind === 'decision' || doc.kind === 'review';
    actions.push(
      commandForm(
        doc.kind === 'referral' ? '记录发出' : '记录送达',
        [
          { kind: 'select', name: 'method', label: doc.kind === 'referral' ? '发出方式' : '送达方式', options: doc.kind === 'referral' ? SERVICE_METHODS.slice(0, 3) : SERVICE_METHODS },
          { kind: 'date', name: 'servedOn', label: doc.kind === 'referral' ? '发出日期' : '送达日期（公告送达：公告之日）' },
          { kind: 'files', name: 'proofRefs', label: '送达凭证（送达回证、邮寄回执、电子送达记录或公告页面）' },
          { kind: 'files', name: 'consentRef', label: '送达地址确认书（电子送达时）', single: true, optional: true },
          ...(publishable ? [{ kind: 'textarea', name: 'publishedSummary', label: '公布内容（决定公开时填写，举报人可见）', optional: true } as Field] : []),
        ],
        (v) => ({ type: 'serve', target: doc.target, ...v }),
        doc.kind === 'referral' ? '记录发出' : '记录送达',
      ),
    );
  }
  return h(
    'li',
    { class: 'proc-card', id: `proc-doc-${doc.id.replace('.', '-')}` },
    h('h4', null, `${doc.name}（${doc.partyName}）`),
    h(
      'p',
      { class: 'small' },
      h('span', { class: `badge doc-${doc.status}` }, DOC_STATUS[doc.status]),
      ` ${doc.approval ? doc.approval.docNo : `第 ${doc.revision} 稿`}　起草：${doc.author.name}`,
      doc.approval ? `　签发：${doc.approval.by.name}（${day(doc.approval.date)}）` : '',
      doc.service ? `　送达：${day(doc.service.servedOn)}` : '',
    ),
    doc.issued ? h('p', { class: 'small muted' }, `正式文本已存档，PDF SHA-256 ${doc.issued.pdf.sha256.slice(0, 16)}…`) : null,
    h('div', { class: 'proc-buttons' }, buttons),
    actions,
  );
}

function renderDocuments(view: View): void {
  const docs = view.documents ?? [];
  fill($('proc-documents'), docs.length ? h('ul', { class: 'proc-doc-list' }, docs.map((d) => documentCard(d, view))) : h('p', { class: 'muted' }, '还没有文书。告知书、处理决定书、复核决定书和移送函从调查记录生成。'));
}

function renderClosing(view: View): void {
  const procedure = view.procedure!;
  const box = $('proc-closing');
  if (!procedure.closed) {
    fill(
      box,
      readOnly()
        ? h('p', { class: 'muted' }, '本案由其他单位承办，您可以查看程序和文书。')
        : (view.pending ?? []).length
        ? h('p', { class: 'muted' }, '上面的事项完成后才能结案。')
        : commandForm('结案（第三十条）', [{ kind: 'textarea', name: 'summary', label: '处理结果摘要（内部，写入处理档案）' }], (v) => ({ type: 'close', ...v }), '结案并立卷归档'),
    );
    return;
  }
  const file = procedure.caseFile;
  const button = h('button', { type: 'button' }, '下载处理档案');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const answer = await staffApi<{ status: string; url?: string; error?: string; file?: { fileName: string; sha256: string } }>(path('/procedure/case-file'));
      if (answer.status === 'done' && answer.url) {
        const a = h('a', { href: answer.url, download: answer.file?.fileName ?? '处理档案.zip', rel: 'noopener' });
        document.body.append(a);
        a.click();
        a.remove();
        say(statusBox, `已下载处理档案（SHA-256 ${answer.file?.sha256}）。`, 'ok');
      } else say(statusBox, answer.status === 'failed' ? (answer.error ?? '处理档案没有生成') : '处理档案正在生成，请稍后再试。', 'info', true);
      void load();
    } catch (e) {
      say(statusBox, (e as Error).message, 'error', true);
    } finally {
      button.disabled = false;
    }
  });
  const retry = h('button', { type: 'button', class: 'secondary' }, '重新生成');
  retry.addEventListener('click', async () => {
    retry.disabled = true;
    try {
      await staffApi(path('/procedure/case-file'), {});
      void load();
    } catch (e) {
      say(statusBox, (e as Error).message, 'error', true);
    } finally {
      retry.disabled = false;
    }
  });
  const states: Record<string, string> = { queued: '等待生成', running: '正在生成', done: '已生成', failed: '生成失败' };
  fill(
    box,
    h('p', null, `已于 ${time(procedure.closed.at)} 结案：${procedure.closed.summary}`),
    h('p', { id: 'proc-case-file-state' }, `处理档案：${states[file?.status ?? 'queued']}`, file?.error ? `（${file.error}）` : ''),
    h('div', { class: 'proc-buttons' }, button, file?.status === 'failed' ? retry : null),
  );
  if (file && file.status !== 'done' && file.status !== 'failed') setTimeout(() => void load(), 1500);
}

// ───────── start, upload, load ─────────

function wire(): void {
  $('proc-start-button').addEventListener('click', async () => {
    const button = $<HTMLButtonElement>('proc-start-button');
    button.disabled = true;
    try {
      const version = current?.version ?? 0;
      render(await staffApi<View>(path('/procedure'), { version }));
      changed();
      say(statusBox, '已启动认定处理程序：请先列明当事人。', 'ok', true);
    } catch (e) {
      say(statusBox, (e as Error).message, 'error', true);
      if ((e as ApiError).status === 409) void load();
    } finally {
      button.disabled = false;
    }
  });
  const form = $<HTMLFormElement>('proc-upload');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>('proc-file');
    const result = $('proc-upload-result');
    const file = input.files?.[0];
    result.className = 'form-result';
    if (!file) {
      result.className = 'form-result error';
      fill(result, '请选择要上传的文件');
      input.focus();
      return;
    }
    const category = $<HTMLSelectElement>('proc-file-category').value;
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    try {
      const files = path('/files');
      await uploadThrough(
        {
          create: (body) => staffApi<EvidenceCreated>(files, { ...body, category }),
          renew: (id) => staffApi<EvidenceCreated>(`${files}/${encodeURIComponent(id)}/upload`, {}),
          complete: (id, body) => staffApi(`${files}/${encodeURIComponent(id)}/complete`, body),
        },
        file,
        (loaded, total) => fill(result, `正在上传 ${Math.round((loaded / Math.max(total, 1)) * 100)}%`),
      );
      result.className = 'form-result ok';
      fill(result, `已上传：${file.name}`);
      input.value = '';
    } catch (e) {
      result.className = 'form-result error';
      fill(result, `上传失败：${(e as Error).message}`);
    } finally {
      submit.disabled = false;
      await load();
      changed();
    }
  });
  document.addEventListener('report:changed', (event) => {
    if ((event as CustomEvent<{ source?: string }>).detail?.source !== 'procedure') void load();
  });
}

async function load(): Promise<void> {
  try {
    render(await staffApi<View>(path('/procedure')));
  } catch (e) {
    const err = e as ApiError;
    if (err.status === 404 || err.status === 401) return; // the report page says why
    say(statusBox, err.message, 'error');
  }
}

async function main(): Promise<void> {
  if (!code) return;
  me = await session();
  if (!me.authority) return;
  wire();
  await load();
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
