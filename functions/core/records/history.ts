import type { Registry } from '../registry';
import type { HistoryEntry } from '../triage/history';
import { ESCALATIONS } from '../rules';
import { normalizeShort } from '../text';
import { filingCycleOf, type FilingCycle } from './cycle';
import { institutionInRegistry, retained, type DecisionRecord } from './decisions';
import { institutionKey, normaliseCardNo, personKey } from './keys';

// The history triage is given for a report: the earlier decisions on record about the institution it concerns
// and about the people it names, as `HistoryEntry` lines — the shape agreed with the triage engine
// (`triage(input, registry, { history })`, and `npm run triage -- --history FILE.jsonl`, one entry per line).
//
// Semantics, shared with the engine: the engine decides by `decidedOn` and the party's 备案周期, which it works
// out from the registry it is given (the same registry, with the same cycle columns, this module reads). The
// portal passes only what can count: decisions some repeat escalation of the 细则 (rules/escalation.ts) rests on,
// made on or before the day the report is judged on, and — where the escalation counts “在一个备案周期内” —
// within the cycle that holds that day. A 约谈 of the previous cycle is therefore not passed; a 警告 is, whenever
// it was made (第二十三条（一） counts it in any cycle). One entry per decision, whatever the number of its clauses:
// two entries would count as two 谈话提醒.

/** One earlier decision, as the triage engine takes it (its schema checks `--history` lines). */
export type { HistoryEntry };

/** Per decision: true when every repeat escalation resting on it counts only within one 备案周期. */
const COUNTED: ReadonlyMap<string, boolean> = (() => {
  const counted = new Map<string, boolean>();
  for (const e of ESCALATIONS) {
    if (e.kind !== 'repeat' || !e.prior) continue;
    counted.set(e.prior.handling, (counted.get(e.prior.handling) ?? true) && e.window === 'filing-period');
  }
  return counted;
})();

/** Decisions some repeat escalation counts: 约谈, 警告, 谈话提醒, 通报批评. */
export const COUNTED_DECISIONS: readonly string[] = [...COUNTED.keys()];

/** The cycle a record's party is judged in on `judgedOn`: an institution's own, a person's that of their institution. */
export function cycleFor(record: Pick<DecisionRecord, 'party'>, registry: Registry, judgedOn: string): FilingCycle {
  const name = record.party.person ? record.party.person.institutionName : record.party.institutionName;
  return filingCycleOf(institutionInRegistry(registry, name, record.party.person ? undefined : record.party.creditCode), judgedOn);
}

export type Standing = { counts: true } | { counts: false; why: string };

/** Whether a decision counts towards escalation for a report judged on `judgedOn`, and if not, why not. */
export function standing(record: DecisionRecord, registry: Registry, judgedOn: string, today: string): Standing {
  if (!retained(record, today)) return { counts: false, why: '已超过保存期限' };
  const windowed = COUNTED.get(record.decision);
  if (windowed === undefined) return { counts: false, why: '加重处理不以此类决定为前提' };
  if (record.decidedOn > judgedOn) return { counts: false, why: '晚于本次行为' };
  if (windowed) {
    const cycle = cycleFor(record, registry, judgedOn);
    if (record.decidedOn < cycle.from) return { counts: false, why: `不在本次行为所在的备案周期（${cycle.from} 起）内` };
  }
  return { counts: true };
}

export function historyEntry(record: DecisionRecord): HistoryEntry {
  return { party: record.party, decision: record.decision, ruleId: record.ruleIds[0]!, decidedOn: record.decidedOn, docNo: record.docNo };
}

/** At most this many entries go to triage: far more than any escalation needs (two 谈话提醒 at most). */
export const HISTORY_LIMIT = 20;

/** The entries passed to triage: the counting decisions, oldest first, each once. */
export function historyFor(records: readonly DecisionRecord[], registry: Registry, judgedOn: string, today: string): HistoryEntry[] {
  const seen = new Set<string>();
  return records
    .filter((r) => !seen.has(r.id) && seen.add(r.id) && standing(r, registry, judgedOn, today).counts)
    .sort((a, b) => a.decidedOn.localeCompare(b.decidedOn) || a.docNo.localeCompare(b.docNo))
    .slice(-HISTORY_LIMIT)
    .map(historyEntry);
}

/** Who a report is about, as the records are keyed: the institution (the registry's name where it matched) and the text. */
export interface ReportSubject {
  /** The registry's name of the institution triage matched, else the name the reporter typed. */
  institutionName?: string;
  /** The authority whose people's records apply: the one the report is routed to. */
  authority: string;
  description: string;
}

/** What the records store is asked for a report; each read is bounded. */
export interface RecordsReader {
  /** An institution's decisions, newest first, at most `limit`. */
  institutionDecisions(institutionKey: string, limit: number): Promise<DecisionRecord[]>;
  /** The people an authority holds records about at one institution. */
  roster(authority: string, institutionKey: string): Promise<RosterEntry[]>;
  /** One person's decisions held by an authority, newest first, at most `limit`. */
  personDecisions(authority: string, personKey: string, limit: number): Promise<DecisionRecord[]>;
}

/** A person on record, as the console names them. */
export interface PersonOnRecord {
  personKey: string;
  name: string;
  role: string;
  cardNo?: string;
  institutionName?: string;
}

/** One person on record at an institution (kept as long as their latest decision). */
export interface RosterEntry extends PersonOnRecord {
  retainUntil: string;
}

const RECORD_READ_LIMIT = 100;
const PEOPLE_PER_REPORT = 5;

/** 证卡号-like tokens in a text (letters and digits, 6 or more): each is looked up, at most five. */
export function cardTokens(description: string): string[] {
  const tokens = description.normalize('NFKC').toUpperCase().match(/[0-9A-Z][0-9A-Z-]{4,}[0-9A-Z]/g) ?? [];
  return [...new Set(tokens.map(normaliseCardNo).filter((t) => t.length >= 6 && /\d/.test(t)))].slice(0, PEOPLE_PER_REPORT);
}

export interface ReportRecords {
  institution: DecisionRecord[];
  /** People the report names (by name at its institution, or by 证卡号), with their decisions. */
  people: { person: PersonOnRecord; decisions: DecisionRecord[] }[];
}

/** The records that bear on a report: its institution's decisions and those of the people its text names. */
export async function recordsForReport(reader: RecordsReader, subject: ReportSubject, today: string): Promise<ReportRecords> {
  const instKey = subject.institutionName ? institutionKey(subject.institutionName) : undefined;
  const text = normalizeShort(subject.description).replace(/\s+/g, '');
  const upper = subject.description.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  const [institution, roster] = await Promise.all([
    instKey ? reader.institutionDecisions(instKey, RECORD_READ_LIMIT) : Promise.resolve([]),
    instKey ? reader.roster(subject.authority, instKey) : Promise.resolve([]),
  ]);
  const named = roster
    .filter((p) => today < p.retainUntil)
    .filter((p) => (p.name.length >= 2 && text.includes(normalizeShort(p.name).replace(/\s+/g, ''))) || (p.cardNo && upper.includes(p.cardNo)))
    .slice(0, PEOPLE_PER_REPORT);
  const keys = new Set(named.map((p) => p.personKey));
  const byCard = cardTokens(subject.description)
    .map((cardNo) => personKey({ name: '', cardNo }))
    .filter((k) => !keys.has(k));
  const people = await Promise.all(
    [...named.map((p) => ({ key: p.personKey, known: p as PersonOnRecord | undefined })), ...byCard.map((key) => ({ key, known: undefined }))].map(async ({ key, known }) => {
      const decisions = (await reader.personDecisions(subject.authority, key, RECORD_READ_LIMIT)).filter((d) => retained(d, today));
      const first = decisions[0]?.party.person;
      const person: PersonOnRecord | undefined =
        known ?? (first ? { personKey: key, name: first.name, role: first.role, ...(first.cardNo ? { cardNo: first.cardNo } : {}), ...(first.institutionName ? { institutionName: first.institutionName } : {}) } : undefined);
      return person && decisions.length ? [{ person, decisions }] : [];
    }),
  );
  return { institution: institution.filter((d) => retained(d, today)), people: people.flat() };
}
