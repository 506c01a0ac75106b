// /staff/institution/?name=…: an institution's record, the people this office holds records about there, its
// reports, and the form to record a decision taken outside the portal.
import { ApiError } from '../api';
import { session, staffApi } from './auth';
import { $, day, fill, h, say, time } from './dom';
import { DISTRICT_NAMES, REGISTRY_STATUS_NAMES, STATUS_NAMES, authorityName } from './labels';
import { decisionLine, institutionLink, personLabel, type Decision } from './report-records';

interface Cycle {
  from: string;
  to: string;
  basis: 'registry' | 'calendar-year';
}
interface InstitutionRecord {
  name: string;
  inRegistry: boolean;
  registry: { name: string; aliases: string[]; creditCode: string; district: string; authority: string; authorityName?: string; occupations: string[]; status: string; filedOn?: string; cycleYears?: number } | null;
  statusOverlay: { status: string; decision: string; decidedOn: string; docNo: string } | null;
  cycle: Cycle;
  decisions: (Decision & { cycle: Cycle; inCurrentCycle: boolean; source: string; recordedBy: { name: string }; recordedAt: string; certificates?: { number: string }[] })[];
  reports: { trackingCode: string; receivedAt: string; status: string; authority: string; authorityName?: string; excerpt: string; caseOf?: string }[];
  people: { name: string; role: string; cardNo?: string; decisions: Decision[] }[];
  publications: { id: string; decisionId: string; status: string }[];
}

const PUBLISHABLE = ['终止备案', '撤销证书'];
const PUBLICATION_STATUS: Record<string, string> = { draft: '公示草稿待审核', published: '已公布', withdrawn: '已撤回' };
const status = $('inst-status');
const form = $<HTMLFormElement>('decision-form');
const result = $('decision-result');
let me: Awaited<ReturnType<typeof session>>;
let shown: InstitutionRecord | undefined;

const cycleText = (c: Cycle) => `${day(c.from)} 至 ${day(c.to)} 前${c.basis === 'registry' ? '' : '（名录没有备案日期，按自然年）'}`;
const fact = (label: string, ...value: (Node | string | null | undefined)[]) => [h('dt', null, label), h('dd', null, ...(value.some(Boolean) ? value : ['—']))];

function render(r: InstitutionRecord): void {
  shown = r;
  document.title = `${r.name} - 机构记录 - 工作人员后台 - 技能评价违规举报平台`;
  fill($('inst-title'), r.name);
  const reg = r.registry;
  fill(
    $('inst-facts'),
    reg
      ? [
          ...fact('简称', reg.aliases.join('、')),
          ...fact('统一社会信用代码', reg.creditCode),
          ...fact('所在区', DISTRICT_NAMES[reg.district] ?? reg.district),
          ...fact('监管单位', reg.authorityName ?? authorityName(reg.authority)),
          ...fact('备案职业', reg.occupations.join('、')),
          ...fact(
            '备案状态',
            h('strong', null, REGISTRY_STATUS_NAMES[reg.status] ?? reg.status),
            r.statusOverlay && r.statusOverlay.status === reg.status && r.statusOverlay.status !== 'active'
              ? h('span', { class: 'sub' }, `依据处理决定：${r.statusOverlay.decision}（${day(r.statusOverlay.decidedOn)}，${r.statusOverlay.docNo}）；导入的名录版本不变`)
              : null,
          ),
        ]
      : fact('名录', '现行名录中没有这家机构：处理记录按这个名称保存。'),
    fact('本备案周期', cycleText(r.cycle)),
  );

  fill(
    $('inst-decisions'),
    r.decisions.length
      ? r.decisions.map((d) => {
          const publication = r.publications.find((p) => p.decisionId === d.id);
          const item = h(
            'li',
            null,
            ...decisionLine(d),
            d.certificates?.length ? h('span', { class: 'sub' }, `证书 ${d.certificates.length} 张：${d.certificates.map((c) => c.number).join('、')}`) : '',
            h('span', { class: 'sub' }, `备案周期 ${cycleText(d.cycle)}${d.inCurrentCycle ? '（本周期）' : ''}；${d.authorityName ?? authorityName(d.authority)}，${d.source === 'procedure' ? '处理程序送达后记录' : `${d.recordedBy.name}登记`}，${time(d.recordedAt)}`),
            d.inCurrentCycle ? h('span', { class: 'tag counts' }, '本周期') : null,
          );
          if (PUBLISHABLE.includes(d.decision) && d.authority === me.authority) {
            if (publication) item.append(h('span', { class: 'sub' }, PUBLICATION_STATUS[publication.status] ?? publication.status, '：', h('a', { href: '/staff/publications/' }, '处理公示')));
            else {
              const draft = h('button', { type: 'button', class: 'secondary small-button' }, '起草公示');
              draft.addEventListener('click', () => void draftPublication(d, draft));
              item.append(h('span', { class: 'case-actions' }, draft));
            }
          }
          return item;
        })
      : h('li', { class: 'muted' }, '没有处理决定。'),
  );

  fill(
    $('inst-people'),
    r.people.length
      ? r.people.map((p) =>
          h(
            'li',
            null,
            h('strong', null, personLabel(p)),
            h('ul', null, p.decisions.map((d) => h('li', null, ...decisionLine(d)))),
          ),
        )
      : h('li', { class: 'muted' }, '本单位没有这家机构人员的处理记录。'),
  );

  fill(
    $('inst-reports'),
    r.reports.length
      ? r.reports.map((x) =>
          h(
            'li',
            null,
            h('a', { href: `/staff/report/?code=${encodeURIComponent(x.trackingCode)}`, class: 'code' }, x.trackingCode),
            ` ${day(x.receivedAt)} `,
            h('span', { class: `badge status-${x.status}` }, STATUS_NAMES[x.status as keyof typeof STATUS_NAMES] ?? x.status),
            ` ${x.authorityName ?? authorityName(x.authority)}`,
            x.caseOf ? `，已并入 ${x.caseOf}` : '',
            h('span', { class: 'sub' }, x.excerpt),
          ),
        )
      : h('li', { class: 'muted' }, '没有本单位能看到的举报。'),
  );
  $('inst').hidden = false;
}

async function draftPublication(d: Decision, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    await staffApi('/publications', { decisionId: d.id });
    await load(shown!.name);
    say(status, '已起草公示。请另一名工作人员在“处理公示”页面审核后公布。', 'ok', true);
  } catch (e) {
    button.disabled = false;
    say(status, (e as Error).message, 'error', true);
  }
}

async function load(name: string): Promise<boolean> {
  try {
    render(await staffApi<InstitutionRecord>(`/institutions/record?name=${encodeURIComponent(name)}`));
    return true;
  } catch (e) {
    if ((e as ApiError).status !== 401) say(status, (e as Error).message, 'error', true);
    return false;
  }
}

function wireSearch(): void {
  const hits = $('inst-hits');
  $<HTMLFormElement>('inst-search').addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = $<HTMLInputElement>('inst-q').value.trim();
    try {
      const { institutions } = await staffApi<{ institutions: { name: string; district: string; status: string }[] }>(`/institutions?q=${encodeURIComponent(q)}`);
      hits.hidden = false;
      fill(
        hits,
        institutions.length
          ? institutions.map((i) => h('li', null, institutionLink(i.name), ` ${DISTRICT_NAMES[i.district] ?? ''} `, h('span', { class: 'sub' }, REGISTRY_STATUS_NAMES[i.status] ?? i.status)))
          : h('li', { class: 'muted' }, q ? `名录中没有“${q}”。不在名录中的机构，也可以直接打开它的举报查看记录。` : '请输入名称。'),
      );
    } catch (e) {
      say(status, (e as Error).message, 'error', true);
    }
  });
}

// ───────── recording a decision ─────────

const value = (name: string) => String(new FormData(form).get(name) ?? '').trim();
const list = (text: string) => text.split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean);

function showConditionalFields(): void {
  const person = value('about') === 'person';
  $('person-fields').hidden = !person;
  $('rectify-field').hidden = value('decision') !== '警告';
  $('cert-field').hidden = value('decision') !== '撤销证书';
}

function body(): Record<string, unknown> {
  const name = shown!.name;
  const person = value('about') === 'person';
  const cardNo = value('party.person.cardNo');
  const certificates = value('certificates')
    .split(/\r?\n/)
    .map((line) => line.split(/[,，\t]/).map((s) => s.trim()))
    .filter((cells) => cells[0])
    .map(([number, occupation, level, holder]) => ({ number, ...(occupation ? { occupation } : {}), ...(level ? { level } : {}), ...(holder ? { holder } : {}) }));
  return {
    party: person ? { person: { name: value('party.person.name'), role: value('party.person.role'), ...(cardNo ? { cardNo } : {}), institutionName: name } } : { institutionName: name },
    decision: value('decision'),
    ruleIds: list(value('ruleIds')).map((id) => id.toUpperCase()),
    decidedOn: value('decidedOn'),
    docNo: value('docNo'),
    ...(value('rectifyBy') && value('decision') === '警告' ? { rectifyBy: value('rectifyBy') } : {}),
    ...(value('decision') === '撤销证书' ? { certificates } : {}),
    reportCodes: list(value('reportCodes')),
  };
}

async function submit(): Promise<void> {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  button.disabled = true;
  result.className = 'form-result';
  fill(result, '正在登记…');
  try {
    const answer = await staffApi<{ created: boolean; record: Decision }>('/decisions', body());
    await load(shown!.name);
    for (const field of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[type="text"], input[type="date"], textarea')) field.value = '';
    result.className = 'form-result ok';
    fill(result, answer.created ? `已登记：${answer.record.decision}（${answer.record.docNo}）。` : `这项决定（${answer.record.docNo}）已经登记过，没有重复登记。`);
    result.focus();
  } catch (e) {
    const err = e as ApiError;
    result.className = 'form-result error';
    fill(result, err.message);
    // The field the API names, or the nearest one it belongs to (certificates.0.number → certificates).
    const names = [...form.querySelectorAll<HTMLElement>('[name]')].map((el) => el.getAttribute('name')!);
    const target = err.field ? names.filter((n) => err.field === n || err.field!.startsWith(`${n}.`)).sort((a, b) => b.length - a.length)[0] : undefined;
    const el = target ? form.querySelector<HTMLElement>(`[name="${CSS.escape(target)}"]`) : null;
    if (el && !el.closest('[hidden]')) {
      el.setAttribute('aria-invalid', 'true');
      el.setAttribute('aria-errormessage', 'decision-result');
      el.focus();
    } else result.focus();
  } finally {
    button.disabled = false;
  }
}

async function main(): Promise<void> {
  me = await session();
  wireSearch();
  form.addEventListener('change', showConditionalFields);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  showConditionalFields();
  const name = (new URLSearchParams(location.search).get('name') ?? '').trim();
  if (!name) {
    $<HTMLInputElement>('inst-q').focus();
    return;
  }
  $<HTMLInputElement>('inst-q').value = name;
  if (await load(name)) $('inst-title').focus();
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
