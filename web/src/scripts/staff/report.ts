// /staff/report/?code=…: one report, everything staff need to decide it, and the actions. Every action
// sends the version the page was showing; a 409 means someone else changed it first.
import { ApiError } from '../api';
import type { components } from '../api/staff';
import { session, staffApi, type Me } from './auth';
import { $, append, bytes, day, fill, h, say, time } from './dom';
import { showRecord, showSameCase } from './report-records';
import {
  AUTHORITIES,
  CHANNEL_NAMES,
  DISTRICT_NAMES,
  EVENT_NAMES,
  FEEDBACK_NAMES,
  REFERRAL_NAMES,
  REGISTRY_STATUS_NAMES,
  STATUS_NAMES,
  SUBJECT_TYPE_NAMES,
  TIER_NAMES,
  authorityName,
} from './labels';

// The answer's shapes, generated from the staff API's OpenAPI document (npm run api:types).
type Report = components['schemas']['StaffReport'];
type Suggestion = components['schemas']['Suggestion'];
type Evidence = components['schemas']['StaffEvidence'];

const code = (new URLSearchParams(location.search).get('code') ?? '').trim().toUpperCase();
const statusBox = $('console-status');
let me: Me;
let current!: Report;
let evidenceKey = '';

const ruleHints = new Map(
  [...document.querySelectorAll<HTMLOptionElement>('#rule-ids option')].map((o) => [o.value, o.label] as const),
);

// ───────── rendering ─────────

function render(report: Report): void {
  const previous = current as Report | undefined;
  current = report;
  document.title = `举报 ${report.trackingCode} - 工作人员后台 - 技能评价违规举报平台`;
  fill($('r-code'), report.trackingCode);
  const badge = $('r-status');
  badge.className = `badge big status-${report.status}`;
  fill(badge, report.statusName);
  fill($('r-authority'), report.authorityName);
  renderDescription(report);
  renderFacts(report);
  renderSuggestions(report);
  renderEvidence(report);
  renderMessages(report);
  renderTimeline(report);
  renderDeadlines(report);
  renderHandling(report);
  renderActions(report, previous);
}

const MARK_CLASSES = 6;

/** The description as text nodes, every occurrence of each suggestion's matched words in a <mark>. */
function renderDescription(report: Report): void {
  const text = report.description;
  const spans: { start: number; end: number; n: number }[] = [];
  const found = new Map<number, Set<string>>();
  report.suggestions.forEach((s, i) => {
    for (const word of new Set(s.matched ?? [])) {
      if (!word) continue;
      for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
        spans.push({ start: at, end: at + word.length, n: i });
        found.set(i, (found.get(i) ?? new Set()).add(word));
      }
    }
  });
  // Earliest first, longest first at the same start; a span overlapping one already taken is skipped
  // (its rule still appears in the legend).
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const taken: typeof spans = [];
  for (const s of spans) if (!taken.length || s.start >= taken[taken.length - 1]!.end) taken.push(s);
  const out: (Node | string)[] = [];
  let pos = 0;
  for (const s of taken) {
    if (s.start > pos) out.push(text.slice(pos, s.start));
    out.push(h('mark', { class: `hl hl-${s.n % MARK_CLASSES}`, 'data-n': String(s.n + 1) }, text.slice(s.start, s.end)));
    pos = s.end;
  }
  out.push(text.slice(pos));
  fill($('r-description'), out);

  const legend = $('r-legend');
  if (!report.suggestions.length) return fill(legend);
  fill(
    legend,
    h('p', { class: 'legend-title' }, '高亮的词语触发了下列建议条款：'),
    h(
      'ul',
      null,
      report.suggestions.map((s, i) => {
        const words = s.matched ?? [];
        const missing = words.filter((w) => !found.get(i)?.has(w) && wordSource(w, report) !== 'institution');
        const fromField = [
          ...words.filter((w) => !found.get(i)?.has(w) && wordSource(w, report) === 'institution'),
          ...(s.matchedInstitutionName ?? []).filter((w) => !words.includes(w)),
        ];
        return h(
          'li',
          null,
          h('span', { class: `swatch hl hl-${i % MARK_CLASSES}`, 'data-n': String(i + 1) }, ''),
          h('a', { href: `#s-${s.ruleId}` }, s.ruleId),
          '：',
          words.length ? words.map((w) => `“${w}”`).join('、') : '（没有具体词语）',
          missing.length ? h('span', { class: 'muted' }, `（${missing.map((w) => `“${w}”`).join('、')} 是按简体或规范写法匹配的，原文写法不同）`) : null,
          fromField.length ? h('span', { class: 'from-field' }, `（${fromField.map((w) => `“${w}”`).join('、')} 取自机构名称栏，不是举报内容）`) : null,
        );
      }),
    ),
  );
}

function fact(label: string, ...value: (Node | string | null | undefined | (Node | string)[])[]): Node[] {
  return [h('dt', null, label), h('dd', null, ...(value.some((v) => v) ? value : ['—']))];
}

function renderFacts(r: Report): void {
  const contact = r.anonymous
    ? '匿名'
    : r.contact
      ? `实名：${r.contact.name}${r.contact.phone ? `，电话 ${r.contact.phone}` : ''}${r.contact.email ? `，邮箱 ${r.contact.email}` : ''}`
      : r.contactWithheld
        ? '实名（联系方式仅向有“联系方式”权限的人员显示，请联系本单位负责人）'
        : '实名（未留联系方式）';
  fill(
    $('r-facts'),
    fact('收到时间', time(r.receivedAt)),
    fact('被举报对象', SUBJECT_TYPE_NAMES[r.subjectType as keyof typeof SUBJECT_TYPE_NAMES] ?? r.subjectType),
    fact('机构名称', r.institutionName),
    fact('所在区', r.district ? (DISTRICT_NAMES[r.district] ?? r.district) : '不清楚'),
    fact('职业（工种）', [r.occupation, r.level].filter(Boolean).join(' ')),
    fact('发生日期', r.incidentDate ? day(r.incidentDate) : null),
    fact('在哪里看到', CHANNEL_NAMES[r.channel] ?? r.channel),
    r.source ? fact('热线工单', `${r.source.deskName}${r.source.ticket ? ` · 工单号 ${r.source.ticket}` : ''}`) : null,
    r.deskReturn ? fact('退单', time(r.deskReturn.at), ` ${r.deskReturn.by}：${r.deskReturn.reason}`) : null,
    r.feedback ? fact('回访', `${FEEDBACK_NAMES[r.feedback.rating]}${r.feedback.reason ? `：${r.feedback.reason}` : ''}${r.feedback.reopened ? '（已重新核查）' : ''}`) : null,
    // Shown as text; the link opens only on a click, without a referrer.
    fact('广告链接', r.sourceUrl ? h('span', { class: 'url' }, r.sourceUrl) : null, r.sourceUrl && /^https?:\/\//i.test(r.sourceUrl) ? [' ', h('a', { href: r.sourceUrl, target: '_blank', rel: 'noopener noreferrer', class: 'small' }, '在新窗口打开')] : null),
    fact('举报人', contact),
  );
}

function renderSuggestions(r: Report): void {
  const t = r.triage;
  fill(
    $('r-triage-meta'),
    t
      ? `按${t.ruleSet === 'MH2024' ? '《评价机构违纪违规认定处理指引》（闵人社发〔2024〕54号）' : '《上海市技能人才评价违纪违规行为处理实施细则（试行）》（沪人社职〔2025〕176号）'}比对${t.engineVersion ? `，比对程序 ${t.engineVersion}` : ''}。建议仅供参考，以工作人员认定为准。`
      : '这份举报还没有经过系统比对。',
  );
  const flags: Node[] = [];
  if (t && t.inScope === false) flags.push(h('p', { class: 'warning small' }, '系统判断这份举报可能不属于技能评价违纪违规的范围，请核实。'));
  if (t?.note) flags.push(h('p', { class: 'note small' }, t.note));
  if (t?.registry) {
    const reg = t.registry;
    flags.push(
      h(
        'div',
        { class: reg.flags.length ? 'warning small' : 'note small' },
        h(
          'p',
          null,
          h('strong', null, '机构名录：'),
          `${reg.name}（备案状态：${REGISTRY_STATUS_NAMES[reg.status] ?? reg.status}）`,
          reg.matchedBy === 'institutionName' ? h('span', { class: 'from-field' }, '按举报人填写的机构名称栏匹配') : reg.matchedBy === 'description' ? h('span', { class: 'sub' }, '按举报内容中提到的名称匹配') : null,
        ),
        reg.flags.length ? h('ul', null, reg.flags.map((f) => h('li', null, f.message))) : null,
      ),
    );
  }
  for (const ref of t?.referrals ?? []) {
    flags.push(h('p', { class: 'note small' }, h('strong', null, `建议移送${REFERRAL_NAMES[ref.to as keyof typeof REFERRAL_NAMES] ?? ref.to}：`), ref.reason));
  }
  fill($('r-flags'), flags);

  const list = $('r-suggestions');
  if (!r.suggestions.length) return fill(list, h('li', { class: 'muted' }, '系统没有找到对应的条款，请人工判断。'));
  fill(
    list,
    r.suggestions.map((s, i) =>
      h(
        'li',
        { id: `s-${s.ruleId}`, class: 'suggestion', tabindex: '-1' },
        h(
          'div',
          { class: 'suggestion-head' },
          h('span', { class: `swatch hl hl-${i % MARK_CLASSES}`, 'data-n': String(i + 1) }, ''),
          h('strong', { class: 'rule-id' }, s.ruleId),
          h('span', { class: 'muted' }, articleOf(s)),
          h('span', { class: 'score', title: '匹配程度' }, `匹配度 ${Math.round(s.score * 100)}%`),
          r.decision?.ruleIds.includes(s.ruleId) ? h('span', { class: 'badge status-confirmed' }, '已认定') : null,
        ),
        s.escalatedFrom
          ? h(
              'p',
              { class: 'escalation' },
              h('strong', null, '因此前的处理决定加重：'),
              s.escalatedFrom.because.map((b) => `${b.decision}（${day(b.decidedOn)}，${b.docNo}）`).join('、'),
              `；本次行为本身对应 ${s.escalatedFrom.ruleId}。`,
            )
          : null,
        h('p', { class: 'clause' }, s.text ?? ''),
        s.lead ? h('p', { class: 'small muted' }, '条文：', s.lead) : null,
        s.consequence
          ? h('p', { class: 'small' }, h('strong', null, `处理后果（${TIER_NAMES[s.consequence.tier] ?? s.consequence.tier}）：`), s.consequence.summary, s.consequence.institution ? `；对机构：${s.consequence.institution}` : '')
          : null,
        h('p', { class: 'small muted' }, `对象：${SUBJECT_TYPE_NAMES[s.subjectType as keyof typeof SUBJECT_TYPE_NAMES] ?? s.subjectType}`),
      ),
    ),
  );
}

const CN = '〇一二三四五六七八九';
function chinese(n: number): string {
  if (n < 10) return CN[n]!;
  if (n < 20) return `十${n % 10 ? CN[n % 10] : ''}`;
  return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`;
}
function articleOf(s: Suggestion): string {
  if (!s.article) return '';
  if (s.ruleId.startsWith('MH2024')) return `闵行指引 第 ${s.article} 项`;
  return `细则第${chinese(s.article)}条${s.clause ? `第（${chinese(s.clause)}）项` : ''}`;
}

function renderEvidence(r: Report): void {
  const key = JSON.stringify(r.evidence.map((e) => [e.evidenceId, e.status, Boolean(e.imageText)]));
  if (key === evidenceKey) return; // keep loaded images and playing videos across actions
  evidenceKey = key;
  const list = $('r-evidence');
  if (!r.evidence.length) return fill(list, h('li', { class: 'muted' }, '举报人没有上传证据。'));
  fill(
    list,
    r.evidence.map((e) => {
      const media = h('div', { class: 'evidence-media' });
      const item = h(
        'li',
        { class: `evidence-item${e.status === 'rejected' ? ' rejected' : ''}` },
        media,
        h(
          'div',
          { class: 'evidence-info' },
          h('p', { class: 'file-name' }, e.fileName),
          h(
            'dl',
            { class: 'facts compact' },
            fact('类型', `${e.kind === 'video' ? '视频' : e.kind === 'document' ? '文件' : '照片'}（${e.contentType}）`),
            fact('大小', bytes(e.size ?? e.declaredSize)),
            fact('SHA-256', e.sha256 ? h('code', { class: 'hash' }, e.sha256) : null),
            fact('拍摄时间', e.capturedAt ? time(e.capturedAt) : '文件中没有记录'),
            fact('上传时间', `${time(e.addedAt)}（${e.addedBy === 'staff' ? '工作人员' : '举报人'}）`),
          ),
          e.status === 'rejected' ? h('p', { class: 'field-error' }, `未通过检查：${e.rejectedReason ?? '文件与声明的类型或大小不符'}`) : null,
          e.status === 'accepted' && e.kind === 'photo' ? imageTextOf(e) : null,
          e.status === 'accepted' && e.display ? originalForm(e) : null,
        ),
      );
      if (e.status === 'accepted') {
        if (e.kind === 'photo') void showPhoto(e, media);
        else if (e.kind === 'document') append(media, [openButton(e, '打开文件', 'secondary')]);
        else {
          const button = h('button', { type: 'button', class: 'secondary' }, '播放视频');
          button.addEventListener('click', () => void playVideo(e, media, button));
          append(media, [h('div', { class: 'video-placeholder' }, button)]);
        }
      }
      return item;
    }),
  );
}

/** The text the system read from a photo, marked as such: machine-read, to be checked against the image. */
function imageTextOf(e: Evidence): HTMLElement {
  if (!e.imageText) return h('p', { class: 'muted image-text pending' }, '正在识别图片中的文字…（刷新页面可查看结果）');
  const lines = e.imageText.lines.filter((l) => l.confidence >= 0.6);
  if (!lines.length) return h('p', { class: 'muted image-text' }, '图片中未识别出文字。');
  return h(
    'figure',
    { class: 'image-text' },
    h('figcaption', null, h('span', { class: 'tag from-image' }, '从图片中识别'), ' 系统读取的文字，可能有误，请以图片为准：'),
    h('ol', { class: 'image-text-lines', lang: 'zh-CN' }, lines.map((l) => h('li', null, l.text))),
  );
}

/**
 * The original of a photo carries its EXIF, GPS position and device data: it is opened with a reason, which goes on the
 * report's audit trail (who, when, why). The display copy is what the page shows.
 */
function originalForm(e: Evidence): HTMLElement {
  const id = `original-reason-${e.evidenceId}`;
  const input = h('input', { id, type: 'text', required: true, minlength: '4', maxlength: '200', placeholder: '例如：核对拍摄时间和地点', autocomplete: 'off' });
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'secondary' }, '查看原始文件');
  const form = h(
    'form',
    { class: 'original-form', novalidate: true },
    h('label', { for: id }, '查看原始文件的事由（记入处理记录）'),
    input,
    submit,
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const reason = input.value.trim();
    if (reason.length < 4) {
      error.textContent = '请写明查看原始文件的事由（至少 4 个字）';
      error.hidden = false;
      input.focus();
      return;
    }
    submit.disabled = true;
    // Opened before the request so that the browser lets the tab open; pointed at the file once the link is there.
    const tab = window.open('about:blank', '_blank');
    try {
      const { url } = await staffApi<{ url: string }>(`/reports/${encodeURIComponent(current.trackingCode)}/evidence/${encodeURIComponent(e.evidenceId)}/original`, { reason });
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      } else window.open(url, '_blank', 'noopener,noreferrer');
      input.value = '';
      // The opening is on the audit trail: a new version of the report, which the page's next action must carry.
      await load();
      say(statusBox, `已打开原始文件，事由已记入处理记录：${reason}`, 'ok');
    } catch (err) {
      tab?.close();
      error.textContent = (err as Error).message;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

async function evidenceUrl(e: Evidence): Promise<string> {
  const { url } = await staffApi<{ url: string }>(`/reports/${encodeURIComponent(current.trackingCode)}/evidence/${encodeURIComponent(e.evidenceId)}`);
  return url;
}

/** Opens the file in a new tab; the URL lives five minutes, so a fresh one is asked for at each click. */
function openButton(e: Evidence, label: string, style: 'link' | 'secondary'): HTMLButtonElement {
  const open = h('button', { type: 'button', class: style }, label);
  open.addEventListener('click', async () => {
    try {
      window.open(await evidenceUrl(e), '_blank', 'noopener,noreferrer');
    } catch (err) {
      say(statusBox, (err as Error).message, 'error', true);
    }
  });
  return open;
}

async function showPhoto(e: Evidence, media: HTMLElement): Promise<void> {
  try {
    const img = h('img', { src: await evidenceUrl(e), alt: `证据照片：${e.fileName}`, loading: 'lazy' });
    // A photo is shown as its display copy; the original is opened with a reason (the form beside it).
    fill(media, img, e.display ? h('p', { class: 'sub display-note' }, '展示副本：已转正，已去除拍摄位置、设备等信息') : openButton(e, '查看原图', 'link'));
  } catch (err) {
    fill(media, h('p', { class: 'field-error' }, `照片打不开：${(err as Error).message}`));
  }
}

async function playVideo(e: Evidence, media: HTMLElement, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const video = h('video', { src: await evidenceUrl(e), controls: true, preload: 'metadata', 'aria-label': `证据视频：${e.fileName}` });
    fill(media, video);
    video.focus();
  } catch (err) {
    button.disabled = false;
    say(statusBox, `视频打不开：${(err as Error).message}`, 'error', true);
  }
}

function renderMessages(r: Report): void {
  const list = $('r-messages');
  if (!r.messages.length) return fill(list, h('li', { class: 'muted plain' }, '还没有留言。'));
  fill(
    list,
    r.messages.map((m) =>
      h('li', { class: m.from }, h('span', { class: 'from' }, m.from === 'staff' ? '工作人员' : '举报人'), h('time', { datetime: m.at }, time(m.at)), m.text),
    ),
  );
}

function actorOf(e: Report['events'][number]): string {
  if (typeof e.data?.by === 'string') return e.data.by;
  return e.actor === 'reporter' ? '举报人' : e.actor === 'system' ? '系统' : e.actor;
}

function renderTimeline(r: Report): void {
  fill(
    $('r-timeline'),
    [...r.events].reverse().map((e) =>
      h(
        'li',
        { class: e.public ? null : 'internal' },
        h('time', { datetime: e.at }, time(e.at)),
        h('span', { class: 'event-type' }, EVENT_NAMES[e.type] ?? e.type),
        e.public ? h('span', { class: 'tag public' }, '举报人可见') : h('span', { class: 'tag internal' }, '内部'),
        h('p', null, e.text),
        typeof e.data?.reason === 'string' ? h('p', { class: 'small' }, '理由：', e.data.reason) : null,
        h('p', { class: 'small muted' }, actorOf(e)),
      ),
    ),
  );
}

function renderDeadlines(r: Report): void {
  fill(
    $('r-deadlines'),
    r.deadlines.deadlines.map((d) =>
      h(
        'tr',
        { class: d.overdue ? 'is-overdue' : null },
        h('th', { scope: 'row' }, d.label),
        h('td', null, day(d.due)),
        h(
          'td',
          null,
          d.met
            ? h('span', { class: 'ok-text' }, '已完成')
            : d.overdue
              ? h('strong', { class: 'overdue-text' }, '已超期')
              : `还剩 ${d.workingDaysLeft} 个工作日`,
        ),
      ),
    ),
  );
  ($('r-deadlines').closest('table') as HTMLElement).hidden = r.deadlines.deadlines.length === 0;
  const warn = $('r-deadlines-unavailable');
  warn.hidden = !r.deadlines.unavailable;
  fill(warn, r.deadlines.unavailable ?? '');
}

function renderHandling(r: Report): void {
  fill(
    $('r-handling'),
    fact('办理单位', r.authorityName, h('span', { class: 'sub' }, r.route.reason)),
    fact('承办人', r.assignee?.name ?? '未指派'),
    fact('认定条款', r.decision ? `${r.decision.ruleIds.join('、')}（${r.decision.by}，${day(r.decision.at)}）` : '尚未认定'),
    r.referrals?.length ? fact('已移送', r.referrals.map((x) => `${REFERRAL_NAMES[x.to as keyof typeof REFERRAL_NAMES] ?? x.to}（${day(x.at)}）`).join('、')) : [],
    r.extension ? fact('已延期', `${day(r.extension.at)}：${r.extension.reason}`) : [],
    r.outcome ? fact('处理结果', r.outcome) : [],
  );
}

// ───────── actions ─────────

function option(value: string, label: string, selected = false): HTMLOptionElement {
  const o = h('option', { value }, label);
  o.selected = selected;
  return o;
}

/** Where a suggestion's matched word was found: the description, the institution-name field, or neither as written. */
function wordSource(word: string, r: Report): 'description' | 'institution' | 'normalised' {
  if (r.description.includes(word)) return 'description';
  const squeeze = (t: string) => t.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (r.institutionName && squeeze(r.institutionName).includes(squeeze(word))) return 'institution';
  return 'normalised';
}

/** The matched words of a suggestion, each saying where it came from when not from the description as written. */
/** A suggestion's matched words: the description's, then the institution-name field's the engine names as such. */
function wordsOf(s: Suggestion): { word: string; field: boolean }[] {
  const own = s.matched ?? [];
  return [...own.map((word) => ({ word, field: false })), ...(s.matchedInstitutionName ?? []).filter((w) => !own.includes(w)).map((word) => ({ word, field: true }))];
}

function matchedWords(s: Suggestion, r: Report): Node {
  const words = wordsOf(s);
  if (!words.length) return h('span', { class: 'matched muted' }, '没有具体的匹配词语（按条款文字或相似举报推荐）');
  return h(
    'span',
    { class: 'matched' },
    '匹配词语：',
    words.flatMap(({ word: w, field }, i) => {
      const source = field ? 'institution' : (s.matchedFromImage ?? []).includes(w) ? 'image' : wordSource(w, r);
      return [
        i ? '、' : '',
        h('strong', null, `“${w}”`),
        source === 'image'
          ? h('span', { class: 'from-field from-image' }, '（取自图片中识别的文字，不是举报人写的）')
          : source === 'institution' ? h('span', { class: 'from-field' }, '（取自机构名称栏，不是举报内容）') : source === 'normalised' ? h('span', { class: 'muted' }, '（按简体或规范写法匹配）') : null,
      ];
    }),
  );
}

function ruleChoice(id: string, checked: boolean, suggestion?: Suggestion, r?: Report): HTMLElement {
  const input = h('input', { type: 'checkbox', name: 'ruleIds', value: id, id: `rc-${id}` });
  input.checked = checked;
  return h(
    'label',
    { class: 'rule-choice', for: `rc-${id}` },
    input,
    h('span', null, h('strong', null, id), suggestion ? [' ', h('span', { class: 'tag suggested' }, '系统建议')] : null, h('span', { class: 'sub' }, ruleHints.get(id) ?? ''), suggestion && r ? matchedWords(suggestion, r) : null),
  );
}

function renderActions(r: Report, previous: Report | undefined): void {
  const open = r.status !== 'closed';
  $('closed-note').hidden = open;
  const show = (id: string, visible: boolean) => {
    $(id).hidden = !visible;
  };

  // Rule choices: rebuilt on first load and after the decision changes, not while someone is editing.
  if (!previous || JSON.stringify(previous.decision) !== JSON.stringify(r.decision)) {
    // Review, not rubber-stamp: suggestions are never ticked for the officer; only a decision already taken is.
    const chosen = r.decision?.ruleIds ?? [];
    const ids = [...new Set([...r.suggestions.map((s) => s.ruleId), ...chosen])];
    fill($('rule-choices'), ids.map((id) => ruleChoice(id, chosen.includes(id), r.suggestions.find((s) => s.ruleId === id), r)));
    const rules = $('act-rules') as HTMLDetailsElement;
    fill(rules.querySelector('summary')!, r.decision ? '更改认定条款' : '确认违规条款');
    if (!previous && !r.decision && open) rules.open = true;
  }
  show('act-rules', open);

  const statuses = r.nextStatuses.filter((s) => s !== 'closed');
  fill($('status-to'), option('', '请选择'), statuses.map((s) => option(s, STATUS_NAMES[s as keyof typeof STATUS_NAMES] ?? s)));
  fill($('status-hint'), statuses.includes('confirmed') && !r.decision ? '改为“已认定”之前，请先确认违规条款。' : '');
  // Once the procedure has started, the status follows its steps (procedure.ts) and the case stays here.
  const procedure = r.procedureStarted;
  show('act-status', open && !procedure && statuses.length > 0);

  const colleagues = [...me.colleagues];
  if (r.assignee && !colleagues.some((c) => c.id === r.assignee!.id)) colleagues.push(r.assignee);
  fill($('assignee'), colleagues.map((c) => option(c.id, c.id === me.id ? `${c.name}（我）` : c.name, c.id === (r.assignee?.id ?? me.id))));
  show('act-assign', open);
  show('act-note', open);
  show('act-message', open);

  const transferTo = $<HTMLSelectElement>('transfer-to');
  const chosen = transferTo.value;
  fill(transferTo, option('', '请选择'), AUTHORITIES.filter((a) => a.id !== r.route.authority).map((a) => option(a.id, a.name, a.id === chosen)));
  show('act-transfer', !procedure && ['new', 'investigating'].includes(r.status));
  // 退单: only a ticket a hotline desk dispatched, while it is new or under investigation.
  show('act-return', Boolean(r.source) && ['new', 'investigating'].includes(r.status));
  fill($('return-desk'), r.source ? `工单来自${r.source.deskName}${r.source.ticket ? `，工单号 ${r.source.ticket}` : ''}。` : '');
  show('act-extend', open && !r.extension);
  show('act-close', !procedure && r.nextStatuses.includes('closed'));
}

const ACTION_DONE: Record<string, string> = {
  'decide-rules': '已保存认定的条款。',
  status: '状态已变更。',
  assign: '已指派承办人。',
  note: '内部备注已保存。',
  message: '留言已发送，举报人查询时能看到。',
  transfer: '已转办。',
  extend: '办结期限已延长。',
  close: '已办结，举报人能看到处理结果。',
  'return-ticket': '已退回热线重新派单。',
};

function actionOf(form: HTMLFormElement): Record<string, unknown> {
  const type = form.dataset.action!;
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  switch (type) {
    case 'decide-rules': {
      const reason = text('reason');
      return { type, ruleIds: data.getAll('ruleIds').map(String), ...(reason ? { reason } : {}) };
    }
    case 'status':
      return { type, status: text('status'), reason: text('reason') };
    case 'assign': {
      const id = text('assignee');
      const person = [...me.colleagues, ...(current.assignee ? [current.assignee] : [])].find((c) => c.id === id);
      return { type, assignee: person ?? { id, name: id } };
    }
    case 'note':
    case 'message':
      return { type, text: text('text') };
    case 'transfer':
      return { type, authority: text('authority'), reason: text('reason') };
    case 'extend':
    case 'return-ticket':
      return { type, reason: text('reason') };
    case 'close':
      return { type, outcome: text('outcome') };
    default:
      throw new Error(`unknown action ${type}`);
  }
}

function clearFormErrors(form: HTMLFormElement): void {
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const rest = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== el.getAttribute('aria-errormessage'));
    if (rest.length) el.setAttribute('aria-describedby', rest.join(' '));
    else el.removeAttribute('aria-describedby');
    el.removeAttribute('aria-errormessage');
  }
  const result = form.querySelector<HTMLElement>('.form-result')!;
  result.className = 'form-result';
  fill(result);
}

async function submitAction(form: HTMLFormElement): Promise<void> {
  const type = form.dataset.action!;
  const result = form.querySelector<HTMLElement>('.form-result')!;
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  // Earlier answers in other forms would read as if they were about this one.
  for (const other of document.querySelectorAll<HTMLFormElement>('form[data-action]')) clearFormErrors(other);
  say(statusBox, '');
  const action = actionOf(form);
  button.disabled = true;
  fill(result, '正在提交…');
  try {
    const answer = await staffApi<Report | { trackingCode: string; version: number; visible: false }>(
      `/reports/${encodeURIComponent(current.trackingCode)}/actions`,
      { version: current.version, action },
    );
    if ('visible' in answer && answer.visible === false) {
      const to = authorityName(String(action.authority ?? ''));
      $('report').hidden = true;
      const missing = $('report-missing');
      missing.hidden = false;
      fill(missing, h('h1', { tabindex: '-1', id: 'gone-title' }, `举报 ${current.trackingCode} 已转交${to}办理`), h('p', null, '本单位已看不到这份举报。'), h('p', null, h('a', { href: '/staff/' }, '返回办件列表')));
      $('gone-title').focus();
      return;
    }
    render(answer as Report);
    document.dispatchEvent(new CustomEvent('report:changed', { detail: { source: 'actions' } }));
    for (const field of form.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>('textarea, input[type="text"]')) field.value = '';
    const done = ACTION_DONE[type] ?? '已保存。';
    if (form.closest('details')!.hidden) {
      // The action is gone from the panel (closed, or no further status): tell it at the top.
      fill(result);
      say(statusBox, done, 'ok', true);
    } else {
      result.className = 'form-result ok';
      fill(result, done);
      result.focus();
    }
  } catch (e) {
    const err = e as ApiError;
    result.className = 'form-result error';
    fill(result, err.message);
    if (err.status === 401) return;
    if (err.status === 409 && (err.code === 'conflict' || err.code === 'version_conflict')) {
      const reload = h('button', { type: 'button', class: 'secondary small-button' }, '载入最新内容');
      reload.addEventListener('click', async () => {
        reload.disabled = true;
        if (await load()) {
          fill(result, '已载入最新内容。请核对后再提交，您填写的内容还在。');
          result.className = 'form-result info';
          button.focus();
        }
      });
      append(result, [' ', reload]);
      reload.focus();
      return;
    }
    const name = err.field?.split('.').pop();
    const field = name ? form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`) : null;
    if (field) {
      const id = result.id || (result.id = `${form.dataset.action}-result`);
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-errormessage', id);
      // The message is a status region, not an alert: describe the field with it too (what aria-errormessage asks).
      if (!(field.getAttribute('aria-describedby') ?? '').split(' ').includes(id)) field.setAttribute('aria-describedby', `${field.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
      field.focus();
    } else result.focus();
  } finally {
    button.disabled = false;
  }
}

function wireActions(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-action]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submitAction(form);
    });
  }
  const add = $<HTMLInputElement>('rule-add');
  const addError = $('rule-add-error');
  const addRule = () => {
    const id = add.value.normalize('NFKC').trim().toUpperCase();
    add.removeAttribute('aria-invalid');
    addError.hidden = true;
    if (!id) return;
    if (!ruleHints.has(id)) {
      add.setAttribute('aria-invalid', 'true');
      fill(addError, `没有“${id}”这个条款编号，请从列表中选择`);
      addError.hidden = false;
      add.focus();
      return;
    }
    const existing = document.getElementById(`rc-${id}`) as HTMLInputElement | null;
    if (existing) existing.checked = true;
    else $('rule-choices').append(ruleChoice(id, true));
    add.value = '';
    document.getElementById(`rc-${id}`)?.focus();
  };
  $('rule-add-button').addEventListener('click', addRule);
  add.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addRule();
    }
  });
}

async function load(): Promise<boolean> {
  try {
    render(await staffApi<Report>(`/reports/${encodeURIComponent(code)}`));
    return true;
  } catch (e) {
    const err = e as ApiError;
    if (err.status === 401) return false;
    if (err.status === 404 || !current) {
      $('report').hidden = true;
      $('report-missing').hidden = false;
      fill($('report-missing-text'), err.message);
    } else say(statusBox, err.message, 'error', true);
    return false;
  }
}

/** The record beside the suggestions and the reports of the same case; again after a re-run or a merge. */
async function panels(): Promise<void> {
  const again = async () => {
    if (await load()) await panels();
  };
  await Promise.all([showRecord(current.trackingCode, () => current.version, again), showSameCase(current.trackingCode, () => current.version, again, current.status !== 'closed')]);
}

async function main(): Promise<void> {
  me = await session();
  if (!code) {
    $('report-missing').hidden = false;
    fill($('report-missing-text'), '网址里缺少查询码。请从办件列表打开举报。');
    return;
  }
  wireActions();
  // The procedure section (procedure.ts) changes the report too: its status, timeline and version.
  document.addEventListener('report:changed', (event) => {
    if ((event as CustomEvent<{ source?: string }>).detail?.source !== 'actions') void load();
  });
  if (await load()) {
    $('report').hidden = false;
    $('report-title').focus();
    await panels();
  }
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
