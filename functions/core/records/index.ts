import type { Party as ProcedureParty } from '../documents/content';
import { shanghaiDate } from '../deadlines';
import type { AuthorityId } from '../ids';
import type { DecisionServed } from '../procedure/on-report';
import type { Registry } from '../registry';
import { ruleById, type ConsequenceTier } from '../rules';
import { decisionInputSchema, decisionRecord, institutionInRegistry, type Actor, type DecisionInput, type DecisionRecord, type Party } from './decisions';
import type { DecisionName } from './vocabulary';
import { historyFor, recordsForReport, type HistoryEntry, type RecordsReader, type ReportSubject } from './history';
import type { PublicationEntry, PublishedItem } from './publication';
import { overlayOf, type StatusOverlay } from './status';

// The records of decisions about institutions and people, and what the rest of the portal asks of them: record a
// decision (from the procedure's served decision, or one staff took on paper), the history triage is given for a
// report, the registry status decisions put in force, and what is published.

export * from './cycle';
export * from './decisions';
export * from './history';
export * from './keys';
export * from './merge';
export * from './publication';
export * from './same-case';
export * from './status';
export * from './registry-in-force';
export * from './vocabulary';

export interface RecordsStore extends RecordsReader {
  /** Stores a decision unless one with its id is on record; then answers the stored one. */
  saveDecision(record: DecisionRecord): Promise<{ created: boolean; record: DecisionRecord }>;
  decisionById(id: string): Promise<DecisionRecord | undefined>;
  /** Puts the overlay in force unless a later-dated decision's is. */
  putOverlay(overlay: StatusOverlay): Promise<void>;
  overlays(): Promise<StatusOverlay[]>;
  /** Writes an entry; `expectedVersion` null for a new one. VersionConflict when someone else wrote it first. */
  savePublication(entry: PublicationEntry, expectedVersion: number | null): Promise<void>;
  publication(authority: string, id: string): Promise<PublicationEntry | undefined>;
  /** An authority's entries, newest first. */
  publications(authority: string, limit: number): Promise<PublicationEntry[]>;
  /** The public copy: put when approved, withdrawn (hidden, then removed by TTL) when withdrawn. */
  putPublished(item: PublishedItem): Promise<void>;
  withdrawPublished(item: PublishedItem, at: string): Promise<void>;
  /** Published items, newest first, a page at a time. */
  published(cursor: string | undefined, limit: number): Promise<{ items: PublishedItem[]; cursor?: string }>;
}

export interface RecordsDeps {
  records: RecordsStore;
  /** The registry in force. */
  registry: () => Promise<Registry>;
  /** Called when a decision changed an institution's status, so that routing uses it at once. */
  registryChanged?: () => void;
  now?: () => Date;
}

/**
 * Records a decision: checked, stored once (the same party, decision and 文号 recorded again answers the record
 * already kept), and where it changes an institution's standing, the registry overlay put in force. The one entry
 * point for the procedure's served decisions and for decisions staff record by hand.
 */
export async function recordDecision(
  deps: RecordsDeps,
  input: unknown,
  by: { actor: Actor; authority: AuthorityId; source: DecisionRecord['source'] },
): Promise<{ created: boolean; record: DecisionRecord }> {
  const parsed: DecisionInput = decisionInputSchema.parse(input);
  const now = (deps.now ?? (() => new Date()))();
  const registry = await deps.registry();
  const record = decisionRecord(parsed, { registry, authority: by.authority, actor: by.actor, at: now.toISOString(), today: shanghaiDate(now), source: by.source });
  const stored = await deps.records.saveDecision(record);
  // Repeated, too: a first attempt cut off after the decision was stored still puts its status in force.
  const institution = stored.record.status ? institutionInRegistry(registry, stored.record.party.institutionName, stored.record.party.creditCode) : undefined;
  const overlay = institution ? overlayOf(stored.record, institution.name) : undefined;
  if (overlay) {
    await deps.records.putOverlay(overlay);
    deps.registryChanged?.();
  }
  return stored;
}

/** The event the procedure emits when a decision is served (细则第二十八条第二款), as the records take it. */
export interface ServedDecision {
  party: ProcedureParty;
  decision: DecisionName;
  ruleIds: string[];
  decidedOn: string;
  docNo: string;
  authority: AuthorityId;
  actor: Actor;
  reportCode?: string;
  certificates?: DecisionInput['certificates'];
  rectifyBy?: string;
}

/** A procedure's party as the records name it. An 身份证件号码 is never copied: people are kept by 证卡号 or institution and name. */
export function partyFromProcedure(party: ProcedureParty): Party {
  if (party.kind === 'institution') {
    return { institutionName: party.name, ...(party.idNumber && /^[0-9A-Z]{18}$/.test(party.idNumber) ? { creditCode: party.idNumber } : {}) };
  }
  return { person: { name: party.name, role: party.kind, ...(party.institutionName ? { institutionName: party.institutionName } : {}) } };
}

/**
 * The decision on record for each consequence the 细则 provides, heaviest first. MH2024's graded tiers
 * (一般/严重/特别严重) name no decision: those are recorded by hand.
 */
const DECISION_BY_TIER: readonly (readonly [ConsequenceTier, DecisionName])[] = [
  ['termination', '终止备案'],
  ['warning-and-suspension', '警告'],
  ['certificate-data', '撤销证书'],
  ['interview-and-correct', '约谈'],
  ['ban-5-years', '禁考'],
  ['ban-2-years', '禁考'],
  ['cancel-all-this-year', '禁考'],
  ['cancel-subject', '取消成绩'],
  ['revoke-qualification', '吊销证卡'],
  ['public-criticism', '通报批评'],
  ['talk-and-correct', '谈话提醒'],
];

/**
 * What the records learn from a decision the procedure served (its `decision-served` event): the consequence of
 * the heaviest clause it applied. A decision not to proceed, or one under clauses that name no decision, is not
 * recorded (staff record such a decision by hand, with the decision actually taken).
 */
export function servedDecisionOf(served: DecisionServed, actor: Actor): ServedDecision | undefined {
  if (served.outcome !== 'sanction') return undefined;
  const tiers = new Set(served.ruleIds.map((id) => ruleById(id)?.consequence.tier));
  const decision = DECISION_BY_TIER.find(([tier]) => tiers.has(tier))?.[1];
  if (!decision) return undefined;
  return {
    party: served.party,
    decision,
    ruleIds: served.ruleIds,
    decidedOn: served.decidedOn,
    docNo: served.docNo,
    authority: served.authority as AuthorityId,
    actor,
    reportCode: served.caseId,
  };
}

/** Records a decision the procedure served (servedDecisionOf makes one of its event). */
export function recordServedDecision(deps: RecordsDeps, served: ServedDecision) {
  const { party, actor, authority, reportCode, ...rest } = served;
  return recordDecision(deps, { ...rest, party: partyFromProcedure(party), reportCodes: reportCode ? [reportCode] : [] }, { actor, authority, source: 'procedure' });
}

/** The history triage is given for a report, from the records (records/history.ts says what counts). */
export function historySource(reader: RecordsReader, now: () => Date = () => new Date()) {
  return async (subject: ReportSubject, judgedOn: string, registry: Registry): Promise<HistoryEntry[]> => {
    const today = shanghaiDate(now());
    const found = await recordsForReport(reader, subject, today);
    return historyFor([...found.institution, ...found.people.flatMap((p) => p.decisions)], registry, judgedOn, today);
  };
}
