// What was decided earlier about an institution or a person, and when it makes the report's clause heavier:
// the 细则's tiers “在一个备案周期内被约谈1次后，再次发生的” (第二十二条（一）), “已被警告…整改后再次发生的”
// (第二十三条（一）), 谈话提醒 twice (第十二、十五、十九条（一）) and 通报批评 once (第十三、十六、二十条（一）). Which
// escalations exist is the rule set's data (rules/escalation.ts); this module only reads a history against them.
import * as z from 'zod';
import { filingCycle, matchInstitutionName, type Institution, type Registry } from '../registry';
import { ruleById, type RuleSet, type Subject } from '../rules';
import { normalizeShort } from '../text';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PERSON_ROLES = ['examiner', 'supervisor', 'expert', 'staff', 'candidate'] as const;

export const historyEntrySchema = z.object({
  party: z
    .object({
      institutionName: z.string().trim().min(1, '机构名称不能为空').optional(),
      creditCode: z.string().trim().regex(/^[0-9A-Z]{18}$/, '统一社会信用代码应为 18 位数字或大写字母').optional(),
      person: z
        .object({
          name: z.string().trim().min(1, '姓名不能为空'),
          cardNo: z.string().trim().min(1, '证卡号不能为空').optional(),
          role: z.enum(PERSON_ROLES, { message: `人员类别应为 ${PERSON_ROLES.join('、')} 之一` }).optional(),
          institutionName: z.string().trim().min(1, '所在机构名称不能为空').optional(),
        })
        .optional(),
    })
    .refine((p) => p.institutionName || p.creditCode || p.person, { message: '当事方应至少写明机构名称、统一社会信用代码或人员' }),
  decision: z.string().trim().min(1, '处理决定（decision）不能为空，例如 约谈、警告、谈话提醒、通报批评'),
  ruleId: z.string().refine((id) => ruleById(id) !== undefined, { message: '条款编号（ruleId）不是已知条款（npm run rules 列出全部条款）' }),
  decidedOn: z
    .string()
    .regex(ISO_DATE, '决定日期（decidedOn）应为 YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(d)), { message: '决定日期（decidedOn）不是有效日期' }),
  docNo: z.string().trim().min(1, '文号（docNo）不能为空'),
});

/** One earlier decision, as the records store keeps it and `--history` lines carry it. */
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The earlier decisions a heavier clause rests on. */
export interface EscalatedFrom {
  /** The clause the conduct would fall under by itself. */
  ruleId: string;
  because: { decision: string; decidedOn: string; docNo: string }[];
}

export interface Escalation {
  /** The heavier clause, to come first. */
  ruleId: string;
  escalatedFrom: EscalatedFrom;
}

/** Who the report is about, as far as triage can tell. */
export interface ReportParty {
  institution: Institution | undefined;
  /** The institution name the reporter typed, where the registry does not know it. */
  typedInstitution: string | undefined;
  /** The report's text, normalised: a person on record is concerned when the text names them. */
  text: string;
}

function institutionOf(registry: Registry, name: string | undefined): Institution | undefined {
  return name ? matchInstitutionName(registry, name)?.institution : undefined;
}

/** The entry is about the report's institution itself (not one of its people). */
function concernsInstitution(e: HistoryEntry, party: ReportParty, registry: Registry): boolean {
  if (e.party.person) return false;
  const inst = party.institution;
  if (inst) {
    if (e.party.creditCode) return e.party.creditCode === inst.creditCode;
    return institutionOf(registry, e.party.institutionName) === inst;
  }
  return !!party.typedInstitution && !!e.party.institutionName && normalizeShort(e.party.institutionName) === normalizeShort(party.typedInstitution);
}

/** The entry is about a person the report names, in the role the heavier clause is for. */
function concernsPerson(e: HistoryEntry, party: ReportParty, subject: Subject): boolean {
  const p = e.party.person;
  if (!p || (p.role && p.role !== subject)) return false;
  return party.text.includes(normalizeShort(p.name)) || (!!p.cardNo && party.text.includes(normalizeShort(p.cardNo)));
}

/**
 * The heavier clause the history calls for, if any. Of the set's repeat escalations whose lighter clauses the
 * report was found to fall under (`found`, best first), those whose earlier decisions the history holds — enough
 * of them, before the incident and, where the 细则 says so, within the party's current 备案周期; of these the
 * heaviest (one that another applicable escalation does not lead on from).
 */
export function escalationFor(
  set: RuleSet,
  found: readonly string[],
  history: readonly HistoryEntry[],
  party: ReportParty,
  registry: Registry,
  judgedOn: string,
): Escalation | null {
  const applicable: Escalation[] = [];
  for (const esc of set.escalations) {
    if (esc.kind !== 'repeat' || !esc.prior || !esc.to.length) continue;
    const target = ruleById(esc.to[0]!);
    if (!target) continue;
    const lighter = found.find((id) => esc.from.includes(id)) ?? (found.includes(target.id) ? target.id : undefined);
    if (!lighter) continue;
    const subject = target.subjectType;
    const prior = history.filter((e) => {
      if (e.decision !== esc.prior!.handling || e.decidedOn > judgedOn) return false;
      if (subject === 'institution' ? !concernsInstitution(e, party, registry) : !concernsPerson(e, party, subject)) return false;
      if (esc.window !== 'filing-period') return true;
      // A person's cycle is that of the institution they work for (the calendar year when it is unknown).
      const holder = subject === 'institution' ? party.institution : institutionOf(registry, e.party.person?.institutionName);
      return e.decidedOn >= filingCycle(holder, judgedOn).from;
    });
    if (prior.length < esc.prior.times) continue;
    const because = [...prior]
      .sort((a, b) => a.decidedOn.localeCompare(b.decidedOn) || a.docNo.localeCompare(b.docNo))
      .map((e) => ({ decision: e.decision, decidedOn: e.decidedOn, docNo: e.docNo }));
    applicable.push({ ruleId: target.id, escalatedFrom: { ruleId: lighter, because } });
  }
  const leadsOn = (a: Escalation) => set.escalations.some((e) => e.kind === 'repeat' && e.from.includes(a.ruleId) && applicable.some((b) => e.to.includes(b.ruleId)));
  return applicable.find((a) => !leadsOn(a)) ?? null;
}
