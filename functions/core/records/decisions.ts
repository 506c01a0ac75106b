import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { AuthorityId } from '../ids';
import { SUBJECT_TYPE_NAMES } from '../ids';
import { normaliseTrackingCode } from '../receipt';
import { matchInstitutionName, type Institution, type Registry, type RegistryStatus } from '../registry';
import { DomainError } from '../report';
import { ruleById, type ConsequenceTier } from '../rules';
import { optionalText, text } from '../schemas/common';
import { addYears, dayBefore, filingCycleOf, type FilingCycle } from './cycle';
import { CANDIDATE_ONLY, DECISIONS, INSTITUTION_DECISIONS, LIFTS, PERSON_DECISIONS, PERSON_RECORD_RETENTION_YEARS, PERSON_ROLES, STAFF_ONLY, STATUS_AFTER, type BanKind, type DecisionName, type PersonRole } from './vocabulary';
import { institutionKey, normaliseCardNo, personKey } from './keys';

// A decision on record: who it is about, what was decided under which clauses, on which day and under which 文号,
// and what follows from it — the 备案周期 it fell in, a candidate's 禁考 period, the registry status it puts in
// force, how long a person's record is kept. `decisionRecord` is the one place a decision becomes a record,
// whether it comes from the portal's procedure (the served decision's event) or from staff recording a decision
// taken on paper.

/** 第七—九条: the 禁考 period a candidate's clause carries. */
const BAN_BY_TIER: Partial<Record<ConsequenceTier, { kind: Ban['kind']; years: number | null }>> = {
  'cancel-all-this-year': { kind: 'this-year', years: null },
  'ban-2-years': { kind: '2-years', years: 2 },
  'ban-5-years': { kind: '5-years', years: 5 },
};

export interface Ban {
  kind: BanKind;
  from: string;
  /** The last day of the ban (inclusive). */
  until: string;
}

export interface Actor {
  id: string;
  name: string;
}

/** Who a decision is about, in the shape the triage engine's history takes (HistoryEntry.party). */
export interface Party {
  institutionName?: string;
  creditCode?: string;
  person?: { name: string; cardNo?: string; role: PersonRole; institutionName?: string };
}

export interface Certificate {
  number: string;
  occupation?: string;
  level?: string;
  holder?: string;
}

export interface DecisionRecord {
  /** Derived from who, what and the 文号: the same decision recorded twice is one record. */
  id: string;
  party: Party;
  subject: 'institution' | PersonRole;
  /** The institution's key (institution decisions), or the key of the institution a person works for. */
  institutionKey?: string;
  personKey?: string;
  decision: DecisionName;
  ruleIds: string[];
  decidedOn: string;
  docNo: string;
  /** The authority that decided and holds the record. */
  authority: AuthorityId;
  /** The 备案周期 the decision fell in, as the registry gave it when recorded. */
  cycle: Omit<FilingCycle, 'basis'> & { basis: FilingCycle['basis'] };
  status?: RegistryStatus;
  rectifyBy?: string;
  ban?: Ban;
  certificates?: Certificate[];
  reportCodes: string[];
  /** People's records only: the first day it is no longer kept (DynamoDB TTL, and checked on every read). */
  retainUntil?: string;
  note?: string;
  source: 'procedure' | 'staff';
  recordedBy: Actor;
  recordedAt: string;
}

const isoDay = (label: string) =>
  z.iso.date({ error: `${label}应为 年-月-日，例如 2025-09-10` });

const personSchema = z.object({
  name: text('姓名').trim().min(1, { error: '请填写姓名' }).max(50, { error: '姓名最多 50 个字' }),
  cardNo: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    text('证卡号')
      .trim()
      .max(40, { error: '证卡号最多 40 个字符' })
      .refine((v) => /^[0-9A-Z]{4,32}$/.test(normaliseCardNo(v)), { error: '证卡号应为 4–32 位数字或字母（可带空格或“-”）' })
      .optional(),
  ),
  role: z.enum(PERSON_ROLES, { error: `请选择人员类别：${PERSON_ROLES.map((r) => SUBJECT_TYPE_NAMES[r]).join('、')}` }),
  institutionName: optionalText('所在机构名称', 100),
});

export const decisionInputSchema = z.object({
  party: z.object(
    {
      institutionName: optionalText('机构名称', 100),
      creditCode: z.preprocess(
        (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().toUpperCase()) : v),
        z.string().regex(/^[0-9A-Z]{18}$/, { error: '统一社会信用代码应为 18 位数字或大写字母' }).optional(),
      ),
      person: personSchema.optional(),
    },
    { error: '请写明处理对象：机构，或人员' },
  ),
  decision: z.enum(DECISIONS, { error: `请选择处理决定：${DECISIONS.join('、')}` }),
  ruleIds: z
    .array(z.string(), { error: '依据条款应为条款编号的列表' })
    .max(10, { error: '依据条款最多 10 条' })
    .refine((ids) => ids.every((id) => ruleById(id)), { error: '有条款编号不存在，请从条款列表中选择（如 SH2025-21-6）' })
    .default([]),
  decidedOn: isoDay('决定日期'),
  docNo: text('文号').trim().min(4, { error: '请填写决定书的文号，例如 闵人社处〔2025〕12号' }).max(60, { error: '文号最多 60 个字' }),
  reportCodes: z
    .array(z.string().transform((c, ctx) => normaliseTrackingCode(c) ?? (ctx.addIssue({ code: 'custom', message: `举报编号“${c}”格式不对` }), z.NEVER)))
    .max(20, { error: '关联举报最多 20 件' })
    .default([]),
  certificates: z
    .array(
      z.object({
        number: text('证书编号').trim().min(4, { error: '证书编号至少 4 个字符' }).max(40, { error: '证书编号最多 40 个字符' }),
        occupation: optionalText('职业（工种）', 40),
        level: optionalText('等级', 20),
        holder: optionalText('持证人', 50),
      }),
    )
    .max(200, { error: '一次最多记录 200 张证书' })
    .optional(),
  rectifyBy: isoDay('整改期限').optional(),
  note: optionalText('备注', 500),
});
export type DecisionInput = z.infer<typeof decisionInputSchema>;

const bad = (message: string, field: string) => new DomainError(400, 'invalid_input', message, field);

/** The registry's entry for a party, by credit code first, else by name as reporters and staff type it. */
export function institutionInRegistry(registry: Registry, name: string | undefined, creditCode?: string): Institution | undefined {
  if (creditCode) {
    const byCode = registry.institutions.find((i) => i.creditCode === creditCode);
    if (byCode) return byCode;
  }
  return name ? matchInstitutionName(registry, name)?.institution : undefined;
}

function banFor(ruleIds: string[], decidedOn: string): Ban | undefined {
  const bans = ruleIds.flatMap((id) => BAN_BY_TIER[ruleById(id)!.consequence.tier] ?? []);
  if (!bans.length) return undefined;
  const longest = bans.reduce((a, b) => ((b.years ?? 0) > (a.years ?? 0) ? b : a));
  const until = longest.years === null ? `${decidedOn.slice(0, 4)}-12-31` : dayBefore(addYears(decidedOn, longest.years));
  return { kind: longest.kind, from: decidedOn, until };
}

export interface DecisionContext {
  registry: Registry;
  authority: AuthorityId;
  actor: Actor;
  /** When it is recorded (ISO timestamp). */
  at: string;
  /** Today in Shanghai: no decision is dated after it. */
  today: string;
  source: DecisionRecord['source'];
}

/** Checks a decision and makes its record; a DomainError names the field to correct. */
export function decisionRecord(input: DecisionInput, ctx: DecisionContext): DecisionRecord {
  const { decision, party } = input;
  const aboutPerson = Boolean(party.person);
  if (decision !== '撤销证书') {
    if (aboutPerson && !(PERSON_DECISIONS as readonly string[]).includes(decision)) throw bad(`“${decision}”是对评价机构的处理，处理对象请写机构，不要写人员`, 'party.person');
    if (!aboutPerson && !(INSTITUTION_DECISIONS as readonly string[]).includes(decision)) throw bad(`“${decision}”是对人员的处理，请写明人员的姓名和类别`, 'party.person');
  }
  if (!aboutPerson && !party.institutionName && !party.creditCode) throw bad('请写明机构名称或统一社会信用代码', 'party.institutionName');
  if (input.decidedOn > ctx.today) throw bad(`决定日期 ${input.decidedOn} 还没到：请填写已经作出决定的日期`, 'decidedOn');

  const lift = LIFTS.includes(decision as DecisionName);
  if (!lift && !input.ruleIds.length) throw bad('请填写处理依据的条款（如 SH2025-21-6）', 'ruleIds');
  const subject: DecisionRecord['subject'] = party.person?.role ?? 'institution';
  const wrong = input.ruleIds.find((id) => ruleById(id)!.subjectType !== subject);
  if (wrong) throw bad(`条款 ${wrong} 是关于${SUBJECT_TYPE_NAMES[ruleById(wrong)!.subjectType]}的，与处理对象（${SUBJECT_TYPE_NAMES[subject]}）不符`, 'ruleIds');
  if (subject !== 'candidate' && CANDIDATE_ONLY.includes(decision as DecisionName)) throw bad(`“${decision}”只适用于参评人员`, 'decision');
  if (subject === 'candidate' && STAFF_ONLY.includes(decision as DecisionName)) throw bad(`“${decision}”不适用于参评人员`, 'decision');
  const ban = subject === 'candidate' ? banFor(input.ruleIds, input.decidedOn) : undefined;
  if (decision === '禁考' && !ban) throw bad('禁考应依据第七、八或九条的条款（当年、2年或5年内不得参加技能评价）', 'ruleIds');
  if (decision === '撤销证书' && !input.certificates?.length) throw bad('请列出被撤销的证书编号', 'certificates');
  if (input.rectifyBy && decision !== '警告') throw bad('整改期限只用于“警告，限期整改”', 'rectifyBy');
  if (input.rectifyBy && input.rectifyBy < input.decidedOn) throw bad('整改期限不能早于决定日期', 'rectifyBy');

  // Names as the registry spells them, so that every record of one institution sits under one key.
  let canonical: Party;
  let institution: Institution | undefined;
  if (party.person) {
    if (!party.person.cardNo && !party.person.institutionName) throw bad('没有证卡号时，请写明此人所在的评价机构：同名的人要靠机构区分', 'party.person.institutionName');
    institution = institutionInRegistry(ctx.registry, party.person.institutionName);
    const { cardNo, institutionName, ...rest } = party.person;
    canonical = {
      person: {
        ...rest,
        ...(cardNo ? { cardNo: normaliseCardNo(cardNo) } : {}),
        ...(institution || institutionName ? { institutionName: institution?.name ?? institutionName } : {}),
      },
    };
  } else {
    institution = institutionInRegistry(ctx.registry, party.institutionName, party.creditCode);
    if (!institution && !party.institutionName) throw bad(`名录中没有统一社会信用代码为 ${party.creditCode} 的机构，请写明机构名称`, 'party.institutionName');
    const creditCode = institution?.creditCode || party.creditCode;
    canonical = { institutionName: institution?.name ?? party.institutionName!, ...(creditCode ? { creditCode } : {}) };
  }
  const instName = canonical.institutionName ?? canonical.person?.institutionName;
  const pKey = canonical.person ? personKey(canonical.person) : undefined;
  const partyKey = pKey ? `person:${ctx.authority}:${pKey}` : `institution:${institutionKey(instName!)}`;
  const id = createHash('sha256').update([partyKey, decision, input.docNo.normalize('NFKC').replace(/\s+/g, '')].join('\n')).digest('hex').slice(0, 20);
  const status = canonical.person ? undefined : STATUS_AFTER[decision as DecisionName];
  const retainUntil = canonical.person ? addYears(input.decidedOn, PERSON_RECORD_RETENTION_YEARS) : undefined;
  return {
    id,
    party: canonical,
    subject,
    ...(instName ? { institutionKey: institutionKey(instName) } : {}),
    ...(pKey ? { personKey: pKey } : {}),
    decision: decision as DecisionName,
    ruleIds: input.ruleIds,
    decidedOn: input.decidedOn,
    docNo: input.docNo,
    authority: ctx.authority,
    cycle: filingCycleOf(institution, input.decidedOn),
    ...(status ? { status } : {}),
    ...(input.rectifyBy ? { rectifyBy: input.rectifyBy } : {}),
    ...(ban ? { ban } : {}),
    ...(input.certificates?.length ? { certificates: input.certificates } : {}),
    reportCodes: [...new Set(input.reportCodes)],
    ...(retainUntil ? { retainUntil } : {}),
    ...(input.note ? { note: input.note } : {}),
    source: ctx.source,
    recordedBy: ctx.actor,
    recordedAt: ctx.at,
  };
}

/** Still kept on `today`: a person's record past its retention is never shown or passed on, whether or not TTL has removed it yet. */
export function retained(record: Pick<DecisionRecord, 'retainUntil'>, today: string): boolean {
  return !record.retainUntil || today < record.retainUntil;
}
