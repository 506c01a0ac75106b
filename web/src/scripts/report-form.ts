// /report: a four-step form checked with the API's own schema, a draft kept in localStorage,
// then POST /api/reports (idempotent) and the evidence uploads.
import { reportInputSchema, DESCRIPTION_MAX } from '../../../functions/core/schemas/report';
import { shanghaiDate } from '../../../functions/core/deadlines';
import { firstError } from '../../../functions/core/schemas/common';
import { ApiError, apiPost, uuid } from './api';
import { EvidenceList } from './evidence-ui';
import { clearErrors, showErrors, type FieldErrors } from './form-errors';
import { loadReceipt, saveReceipt, type Receipt } from './receipt-store';
import { showReceiptBox } from './receipt-box';
import { reportsWithUnfinishedUploads } from './upload-resume';
import type { PublicRule } from './rule-refs';

interface Created {
  trackingCode: string;
  secret: string;
  authority: string;
  authorityName: string;
  rules?: PublicRule[];
}

interface Draft {
  v: 1;
  step: number;
  idempotencyKey?: string;
  values: Record<string, string>;
}

const DRAFT_KEY = 'report-draft-v1';
const STEPS = 4;
const STEP_FIELDS: Record<number, readonly string[]> = {
  1: ['channel', 'sourceUrl', 'description', 'incidentDate'],
  2: ['subjectType', 'institutionName', 'district', 'occupation', 'level'],
  3: [],
  4: ['anonymous', 'contact', 'contact.name', 'contact.phone', 'contact.email'],
};
const TEXT_FIELDS = ['sourceUrl', 'description', 'incidentDate', 'institutionName', 'district', 'occupation', 'level'];
// Name and phone stay out of localStorage (a shared phone keeps it for ever): this tab only.
const CONTACT_KEY = 'report-draft-contact';
const CONTACT_FIELDS = ['contact.name', 'contact.phone', 'contact.email'];
const RADIO_FIELDS = ['channel', 'subjectType', 'anonymous'];

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('report-form');
const summary = $('error-summary');
const summaryList = $('error-list');
const status = $('form-status');
const prevBtn = $<HTMLButtonElement>('prev-step');
const nextBtn = $<HTMLButtonElement>('next-step');
const submitBtn = $<HTMLButtonElement>('submit-report');
const description = $<HTMLTextAreaElement>('description');
const counter = $('description-counter');
const evidence = new EvidenceList($<HTMLInputElement>('evidence'), $<HTMLUListElement>('evidence-list'), $('evidence-problems'));

let step = 1;
let busy = false;
let idempotencyKey: string | undefined;

function input(name: string): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  return $(name) as HTMLInputElement;
}
function radio(name: string): string | undefined {
  return form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value;
}

/** The form as the API expects it; blanks are left for the schema to drop. */
function collect(): Record<string, unknown> {
  const v = (name: string) => input(name).value;
  const channel = radio('channel');
  const anonymous = radio('anonymous');
  return {
    subjectType: radio('subjectType'),
    institutionName: v('institutionName'),
    district: v('district'),
    occupation: v('occupation'),
    level: v('level'),
    incidentDate: v('incidentDate'),
    channel,
    // A URL typed before switching away from “advertising” is not part of the report.
    sourceUrl: channel === 'advertising' ? v('sourceUrl') : undefined,
    description: v('description'),
    anonymous: anonymous === undefined ? undefined : anonymous === 'true',
    contact: anonymous === 'false' ? { name: v('contact.name'), phone: v('contact.phone'), email: v('contact.email') } : undefined,
  };
}

type Parsed = { ok: true; data: unknown } | { ok: false; errors: FieldErrors };

function check(): Parsed {
  const result = reportInputSchema(shanghaiDate(new Date())).safeParse(collect());
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = new Map();
  for (const issue of result.error.issues) {
    let field = issue.path.map(String).join('.');
    if (field === 'contact') field = 'contact.name';
    if (!errors.has(field)) errors.set(field, issue.message);
  }
  if (!errors.size) errors.set('', firstError(result.error).message);
  return { ok: false, errors };
}

function stepOf(field: string): number {
  for (let s = 1; s <= STEPS; s++) if (STEP_FIELDS[s]!.includes(field)) return s;
  return STEPS;
}

function showStep(n: number, focus = true): void {
  step = n;
  for (const section of form.querySelectorAll<HTMLElement>('.step')) section.hidden = Number(section.dataset.step) !== n;
  for (const li of document.querySelectorAll<HTMLElement>('[data-stepper]')) {
    const s = Number(li.dataset.stepper);
    if (s === n) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
    li.classList.toggle('done', s < n);
  }
  prevBtn.hidden = n === 1;
  nextBtn.hidden = n === STEPS;
  submitBtn.hidden = n !== STEPS;
  if (focus) {
    $('resume-note').hidden = true;
    const heading = $(`step${n}-title`);
    heading.focus({ preventScroll: true });
    document.querySelector('.stepper')?.scrollIntoView({ block: 'start' });
  }
  saveDraft();
}

function syncConditional(): void {
  $('sourceUrl-field').hidden = radio('channel') !== 'advertising';
  $('contact-fields').hidden = radio('anonymous') !== 'false';
  const n = description.value.trim().length;
  counter.textContent = `已写 ${n} / ${DESCRIPTION_MAX} 字`;
  counter.classList.toggle('over', n > DESCRIPTION_MAX);
}

// --- Draft: text fields and choices only; files cannot be kept across a reload.

function saveDraft(): void {
  if (busy) return;
  const values: Record<string, string> = {};
  for (const name of TEXT_FIELDS) values[name] = input(name).value;
  for (const name of RADIO_FIELDS) values[name] = radio(name) ?? '';
  const draft: Draft = { v: 1, step, idempotencyKey, values };
  const contact = Object.fromEntries(CONTACT_FIELDS.map((name) => [name, input(name).value]));
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    sessionStorage.setItem(CONTACT_KEY, JSON.stringify(contact));
  } catch {
    /* storage full or disabled: the form still works, it just will not survive a reload */
  }
}

function restoreDraft(): void {
  let draft: Draft | undefined;
  try {
    draft = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as Draft | undefined;
  } catch {
    draft = undefined;
  }
  if (!draft || draft.v !== 1) return;
  idempotencyKey = draft.idempotencyKey;
  try {
    Object.assign(draft.values, JSON.parse(sessionStorage.getItem(CONTACT_KEY) ?? '{}'));
  } catch {
    /* no contact details kept */
  }
  for (const name of [...TEXT_FIELDS, ...CONTACT_FIELDS]) {
    const value = draft.values[name];
    if (typeof value === 'string') input(name).value = value;
  }
  for (const name of RADIO_FIELDS) {
    const value = draft.values[name];
    const el = value ? form.querySelector<HTMLInputElement>(`input[name="${name}"][value="${CSS.escape(value)}"]`) : null;
    if (el) el.checked = true;
  }
  const filled = Object.values(draft.values).some((v) => v);
  $('resume-note').hidden = !filled;
  syncConditional();
  const s = Math.min(Math.max(1, Math.trunc(draft.step) || 1), STEPS);
  if (s !== 1) showStep(s, false);
}

// --- Steps

function validateStep(n: number): boolean {
  const parsed = check();
  const errors: FieldErrors = new Map();
  if (!parsed.ok) for (const [field, message] of parsed.errors) if (stepOf(field) === n) errors.set(field, message);
  if (errors.size) {
    showErrors(form, errors, summary, summaryList);
    return false;
  }
  clearErrors(form, summary);
  return true;
}

nextBtn.addEventListener('click', () => {
  if (validateStep(step)) showStep(step + 1);
});
prevBtn.addEventListener('click', () => {
  clearErrors(form, summary);
  showStep(step - 1);
});
form.addEventListener('input', () => {
  syncConditional();
  saveDraft();
});
form.addEventListener('change', () => {
  syncConditional();
  saveDraft();
});

// --- Submit

function setBusy(on: boolean): void {
  busy = on;
  for (const b of [prevBtn, nextBtn, submitBtn]) b.disabled = on;
}

function say(message: string, kind: 'info' | 'error' = 'info'): void {
  status.replaceChildren();
  if (!message) return;
  const p = document.createElement('p');
  p.className = kind === 'error' ? 'error-summary' : 'note';
  if (kind === 'error') p.setAttribute('role', 'alert');
  p.textContent = message;
  status.append(p);
}

window.addEventListener('beforeunload', (e) => {
  if (busy) e.preventDefault(); // an upload in progress would pause (it can be resumed, but only by picking the file again)
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (busy) return;
  if (step !== STEPS) {
    nextBtn.click(); // Enter in a text field moves on rather than submitting early
    return;
  }
  const parsed = check();
  if (!parsed.ok) {
    const firstStep = Math.min(...[...parsed.errors.keys()].map(stepOf));
    if (firstStep !== step) showStep(firstStep, false);
    showErrors(form, parsed.errors, summary, summaryList);
    return;
  }
  clearErrors(form, summary);
  idempotencyKey ??= uuid();
  saveDraft(); // the key must survive a reload so a retry cannot file the report twice
  setBusy(true);
  say('正在提交，请稍候…');

  let created: Created;
  try {
    created = await apiPost<Created>('/api/reports', parsed.data, { 'Idempotency-Key': idempotencyKey });
  } catch (err) {
    setBusy(false);
    if (err instanceof ApiError && err.field) {
      const field = err.field === 'contact' ? 'contact.name' : err.field;
      const s = stepOf(field);
      if (s !== step) showStep(s, false);
      say('');
      showErrors(form, new Map([[field, err.message]]), summary, summaryList);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      say(err instanceof ApiError && err.status === 0 ? `${message}您填写的内容已保存，再点一次“提交举报”不会重复提交。` : message, 'error');
    }
    return;
  }

  const files = evidence.files;
  const receipt: Receipt = { ...created, pending: files.length > 0, uploaded: [], failed: [] };
  saveReceipt(receipt);
  try {
    localStorage.removeItem(DRAFT_KEY);
    sessionStorage.removeItem(CONTACT_KEY);
  } catch {
    /* ignore */
  }

  if (!files.length) {
    busy = false;
    location.assign('/receipt/');
    return;
  }
  say('');
  showUploadView(receipt, false);
  await runUploads(receipt);
});

// --- Uploads after the report is stored: the receipt first, then the files.

/**
 * The report exists: the receipt (code and secret, copy and save-as-file) is shown at once, above the files,
 * before a byte of evidence is sent; only the uploads are left of the form.
 */
function showUploadView(receipt: Receipt, resuming: boolean): void {
  showStep(3, false);
  for (const id of ['resume-note', 'evidence-intro', 'prev-step', 'next-step', 'submit-report']) $(id).hidden = true;
  document.querySelector<HTMLElement>('.stepper')!.hidden = true;
  document.querySelector<HTMLElement>('[data-step="3"] .step-count')!.hidden = true;
  $('step3-title').textContent = resuming ? '继续上传证据' : '正在上传证据';
  // The picker stays for a reload: the reporter picks the same files again to go on.
  $('evidence-picker').hidden = !resuming;
  $('early-authority').textContent = receipt.authorityName || '负责的部门';
  showReceiptBox(receipt);
  $('early-receipt').hidden = false;
  const banner = $('submitted-banner');
  banner.textContent = resuming
    ? `举报已经提交（查询码 ${receipt.trackingCode}），但上次有证据没有传完。请再选择一次下面列出的文件，会接着传。`
    : `举报已提交（查询码 ${receipt.trackingCode}）。请先保存下面的查询码和查询密码；${evidence.files.length} 个证据文件正在上传，请不要关闭页面。`;
  banner.hidden = false;
  $('early-receipt-title').focus();
}

let uploading = false;

async function runUploads(receipt: Receipt): Promise<void> {
  if (uploading) return;
  uploading = true;
  setBusy(true);
  $('upload-done').hidden = true;
  const outcome = await evidence.uploadAll(receipt.trackingCode, receipt.secret);
  const uploaded = [...new Set([...(loadReceipt()?.uploaded ?? []), ...outcome.uploaded])];
  const unfinished = evidence.files.length + evidence.waiting;
  saveReceipt({ ...receipt, pending: unfinished > 0, uploaded, failed: outcome.failed });
  uploading = false;
  setBusy(false);
  $('upload-retry').hidden = evidence.files.length === 0;
  $('upload-done-text').textContent = outcome.failed.length
    ? `${outcome.uploaded.length} 个文件已上传，${outcome.failed.length} 个没有传完，原因写在文件下面。中断的文件可以点“继续上传”，已传的部分不会重传；不需要的可以移除。`
    : `${uploaded.length} 个证据文件已全部上传。`;
  $('upload-done').hidden = false;
}

$('upload-retry').addEventListener('click', () => {
  const receipt = loadReceipt();
  if (receipt) void runUploads(receipt);
});

// --- Start

$<HTMLInputElement>('incidentDate').max = shanghaiDate(new Date());
restoreDraft();
syncConditional();
const earlier = loadReceipt();
if (earlier?.pending) {
  // Reloaded while evidence was uploading: the report itself exists. Its receipt is still in this tab; the
  // uploads begun are listed, to be resumed when the reporter picks the same files again.
  showUploadView(earlier, true);
  evidence.offerResume(earlier.trackingCode, earlier.secret);
  evidence.onResumable = () => void runUploads(earlier);
  if (!evidence.count) $('submitted-banner').textContent = `举报已经提交（查询码 ${earlier.trackingCode}）。证据可能没有传完：可以在下面重新选择文件补充。`;
} else if (reportsWithUnfinishedUploads().length) {
  // Another tab (or a closed one) left uploads unfinished: this tab has no secret, the look-up page asks for it.
  const note = $('resume-note');
  note.replaceChildren(`这个浏览器里有举报（查询码 ${reportsWithUnfinishedUploads().join('、')}）的证据没有传完。`);
  const a = document.createElement('a');
  a.href = '/track/';
  a.textContent = '到“查询进度”输入查询码和查询密码';
  note.append(a, '，重新选择同一个文件就会接着传。');
  note.hidden = false;
}
