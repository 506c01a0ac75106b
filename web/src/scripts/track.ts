// /track: look a report up with its code and secret, read and answer messages, add evidence.
// The secret lives in this module's memory only; it is never put in the URL.
import { messageSchema, trackSchema } from '../../../functions/core/schemas/evidence';
import { firstError } from '../../../functions/core/schemas/common';
import { ApiError, apiPost, formatTime, normaliseTrackingCode } from './api';
import { EvidenceList } from './evidence-ui';
import { removeUpload } from './upload';
import { forgetUpload } from './upload-resume';
import { formatBytes } from '../../../functions/core/evidence-types';
import { clearErrors, showErrors } from './form-errors';
import { loadReceipt } from './receipt-store';
import { showRules } from './rule-refs';
import type { components } from './api/public';
import { feedbackSchema } from '../../../functions/core/schemas/feedback';

// The answer's shape, generated from the public API's OpenAPI document (npm run api:types).
type Tracked = components['schemas']['TrackView'];

const NOT_FOUND = '查询码或查询密码不正确';

// Fallback names for status and event ids, should the API answer with ids rather than Chinese.
const NAMES: Record<string, string> = {
  submitted: '已提交',
  received: '已受理',
  acknowledged: '已受理',
  accepted: '已受理',
  triaged: '已受理',
  routed: '已分派',
  transferred: '已转办',
  investigating: '核查中',
  verifying: '核查中',
  replied: '已答复',
  deciding: '认定中',
  decided: '已认定',
  extended: '已延期',
  closed: '已办结',
  resolved: '已办结',
  rejected: '不予受理',
  referred: '已移送',
  report_created: '提交举报',
  created: '提交举报',
  evidence_added: '补充证据',
  evidence_accepted: '补充证据',
  message: '留言',
  message_staff: '处理部门留言',
  message_reporter: '举报人留言',
};
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);
const nameOf = (id: string) => (hasChinese(id) ? id : (NAMES[id] ?? NAMES[id.toLowerCase().replace(/[.\-]/g, '_')] ?? id));

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const lookupForm = $<HTMLFormElement>('lookup-form');
const lookupSummary = $('lookup-summary');
const lookupList = $('lookup-list');
const codeInput = $<HTMLInputElement>('trackingCode');
const secretInput = $<HTMLInputElement>('secret');
const replyForm = $<HTMLFormElement>('reply-form');
const uploadButton = $<HTMLButtonElement>('upload-button');
const evidence = new EvidenceList($<HTMLInputElement>('evidence'), $<HTMLUListElement>('evidence-list'), $('evidence-problems'));

let session: { code: string; secret: string } | undefined;

function say(el: HTMLElement, message: string, kind: 'ok' | 'error' | 'info'): void {
  el.replaceChildren();
  if (!message) return;
  const p = document.createElement('p');
  p.className = kind === 'error' ? 'error-summary' : kind === 'ok' ? 'success' : 'note';
  p.textContent = message;
  el.append(p);
}

function render(data: Tracked): void {
  $('result-code').textContent = data.trackingCode;
  $('result-status').textContent = data.statusName ?? nameOf(data.status);
  $('result-authority').textContent = data.authorityName;
  $('outcome-text').textContent = data.outcome ?? '';
  $('result-outcome').hidden = !data.outcome;
  showRules($('rules-box'), data.rules);
  $('procedure-steps').hidden = !data.procedure;
  $('steps').replaceChildren(
    ...(data.procedure?.steps ?? []).map((s) => {
      const li = document.createElement('li');
      li.className = s.done ? 'done' : 'todo';
      li.textContent = `${s.text}：${s.done ? '已完成' : '尚未进行'}`;
      return li;
    }),
  );
  $('timeline').replaceChildren(
    ...data.timeline.map((t) => {
      const li = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = t.at;
      time.textContent = formatTime(t.at);
      li.append(time, nameOf(t.event));
      return li;
    }),
  );
  $('no-messages').hidden = data.messages.length > 0;
  $('messages').replaceChildren(
    ...data.messages.map((m) => {
      const li = document.createElement('li');
      li.className = m.from === 'staff' ? 'staff' : 'reporter';
      const from = document.createElement('span');
      from.className = 'from';
      from.textContent = m.from === 'staff' ? '处理部门' : '我';
      const time = document.createElement('time');
      time.dateTime = m.at;
      time.textContent = formatTime(m.at);
      li.append(from, time, m.text);
      return li;
    }),
  );
  const files = data.evidence ?? [];
  $('no-evidence').hidden = files.length > 0;
  $('evidence-sent').replaceChildren(
    ...files.map((f) => {
      const li = document.createElement('li');
      li.textContent = `${f.fileName}（${formatBytes(f.size)}）${f.status === 'accepted' ? '' : ' · 未传完'}`;
      if (f.status === 'pending') {
        // An upload given up (begun on another phone, say, where it cannot be resumed): removed, it frees its place.
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'link';
        remove.textContent = '移除';
        remove.setAttribute('aria-label', `移除没有传完的 ${f.fileName}`);
        remove.addEventListener('click', async () => {
          if (!session) return;
          remove.disabled = true;
          try {
            await removeUpload(session.code, session.secret, f.evidenceId);
            forgetUpload(f.evidenceId);
            await refresh();
          } catch (err) {
            remove.disabled = false;
            say($('upload-status'), `没能移除：${err instanceof Error ? err.message : String(err)}`, 'error');
          }
        });
        li.append(' ', remove);
      }
      return li;
    }),
  );
  // 回访: asked once after 办结; the answer shows from then on.
  $('feedback-box').hidden = !data.canGiveFeedback;
  $('feedback-given').hidden = !data.feedback;
  $('feedback-text').textContent = data.feedback
    ? `${data.feedback.ratingName}。${data.feedback.reopened ? '处理部门已重新核查，结果会在这里更新。' : '谢谢您的评价。'}`
    : '';
  // Older API answers lack the flag: then let the API say no when the report is full or closed.
  $('add-evidence').hidden = data.canAddEvidence === false;
  $('evidence-closed').hidden = data.canAddEvidence !== false;
}

async function fetchReport(code: string, secret: string): Promise<Tracked> {
  return apiPost<Tracked>('/api/track', { trackingCode: code, secret });
}

lookupForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const raw = { trackingCode: normaliseTrackingCode(codeInput.value), secret: secretInput.value.trim() };
  const parsed = trackSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      if (!errors.has(field)) errors.set(field, issue.message);
    }
    if (!errors.size) errors.set('', firstError(parsed.error).message);
    showErrors(lookupForm, errors, lookupSummary, lookupList);
    return;
  }
  clearErrors(lookupForm, lookupSummary);
  const button = $<HTMLButtonElement>('lookup-button');
  button.disabled = true;
  button.textContent = '正在查询…';
  try {
    const data = await fetchReport(parsed.data.trackingCode, parsed.data.secret);
    session = { code: data.trackingCode, secret: parsed.data.secret };
    render(data);
    // Uploads this browser began for the report and did not finish: picking the same file again goes on.
    evidence.offerResume(session.code, session.secret);
    uploadButton.hidden = evidence.files.length === 0;
    $('lookup').hidden = true;
    $('result').hidden = false;
    $('result-title').focus();
  } catch (err) {
    // One message for an unknown code and a wrong secret, as the API does.
    const message = err instanceof ApiError && err.status === 404 ? NOT_FOUND : err instanceof Error ? err.message : String(err);
    showErrors(lookupForm, new Map([['', message]]), lookupSummary, lookupList);
  } finally {
    button.disabled = false;
    button.textContent = '查询';
  }
});

$<HTMLInputElement>('show-secret').addEventListener('change', (e) => {
  secretInput.type = (e.target as HTMLInputElement).checked ? 'text' : 'password';
});

async function refresh(): Promise<void> {
  if (!session) return;
  try {
    render(await fetchReport(session.code, session.secret));
  } catch {
    /* keep what is shown; the next action will report the problem */
  }
}

replyForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!session) return;
  const status = $('reply-status');
  const parsed = messageSchema.safeParse({ text: $<HTMLTextAreaElement>('text').value });
  if (!parsed.success) {
    showErrors(replyForm, new Map([['text', firstError(parsed.error).message]]));
    return;
  }
  clearErrors(replyForm);
  const button = $<HTMLButtonElement>('reply-button');
  button.disabled = true;
  try {
    await apiPost<{ at: string }>(`/api/reports/${encodeURIComponent(session.code)}/messages`, parsed.data, { 'X-Report-Secret': session.secret });
    $<HTMLTextAreaElement>('text').value = '';
    say(status, '留言已发送。', 'ok');
    await refresh();
  } catch (err) {
    if (err instanceof ApiError && err.field === 'text') {
      showErrors(replyForm, new Map([['text', err.message]]));
      return;
    }
    // The look-up just succeeded, so a 404 here means replies are not open yet, not a wrong secret.
    const message =
      err instanceof ApiError && err.status === 404 ? '暂时还不能在线留言，请稍后再试，或拨打 12345 反映。' : err instanceof Error ? err.message : String(err);
    say(status, message, 'error');
  } finally {
    button.disabled = false;
  }
});

const feedbackForm = $<HTMLFormElement>('feedback-form');
feedbackForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!session) return;
  const status = $('feedback-status');
  const rating = feedbackForm.querySelector<HTMLInputElement>('input[name="rating"]:checked')?.value;
  const reason = $<HTMLTextAreaElement>('reason').value.trim();
  const parsed = feedbackSchema.safeParse({ rating, ...(reason ? { reason } : {}) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    showErrors(feedbackForm, new Map([[String(issue.path[0] ?? 'rating'), issue.message]]));
    return;
  }
  clearErrors(feedbackForm);
  const button = $<HTMLButtonElement>('feedback-button');
  button.disabled = true;
  try {
    const { reopened } = await apiPost<{ reopened: boolean }>(`/api/reports/${encodeURIComponent(session.code)}/feedback`, parsed.data, { 'X-Report-Secret': session.secret });
    feedbackForm.reset();
    say(status, '', 'ok');
    await refresh();
    // The form is gone now; the answer takes its place (and says whether review was reopened).
    const given = $('feedback-text');
    if (reopened && !given.textContent) given.textContent = '不满意。处理部门已重新核查，结果会在这里更新。';
    given.tabIndex = -1;
    given.focus();
  } catch (err) {
    if (err instanceof ApiError && (err.field === 'rating' || err.field === 'reason')) {
      showErrors(feedbackForm, new Map([[err.field, err.message]]));
      return;
    }
    say(status, err instanceof Error ? err.message : String(err), 'error');
    // Answered already (in another tab, say): show the answer given.
    if (err instanceof ApiError && err.status === 409) await refresh();
  } finally {
    button.disabled = false;
  }
});

// Show the upload button once files are chosen.
$<HTMLInputElement>('evidence').addEventListener('change', () => {
  uploadButton.hidden = evidence.files.length === 0;
});
$('evidence-list').addEventListener('click', () => {
  queueMicrotask(() => (uploadButton.hidden = evidence.files.length === 0));
});

uploadButton.addEventListener('click', async () => {
  if (!session) return;
  const status = $('upload-status');
  uploadButton.disabled = true;
  say(status, '正在上传，请不要关闭页面…', 'info');
  const outcome = await evidence.uploadAll(session.code, session.secret);
  uploadButton.disabled = false;
  if (outcome.failed.length) {
    say(status, `${outcome.uploaded.length} 个文件已上传，${outcome.failed.length} 个没有成功，原因写在文件下面。可以移除后重新选择，或稍后再试。`, 'error');
  } else {
    say(status, `${outcome.uploaded.length} 个文件已上传。`, 'ok');
    evidence.clearDone();
  }
  uploadButton.hidden = evidence.files.length === 0;
  await refresh();
});

$('refresh').addEventListener('click', () => void refresh());
$('sign-out').addEventListener('click', () => {
  session = undefined;
  secretInput.value = '';
  codeInput.value = '';
  $('result').hidden = true;
  $('lookup').hidden = false;
  codeInput.focus();
});

// Right after filing a report in this tab, the receipt is still in sessionStorage: fill the form in.
const receipt = loadReceipt();
if (receipt) {
  codeInput.value = receipt.trackingCode;
  secretInput.value = receipt.secret;
}
