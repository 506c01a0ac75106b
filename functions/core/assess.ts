import type { HistoryEntry, ReportSubject } from './records/history';
import type { Assessment } from './reporting';
import type { Registry } from './registry';
import type { ReportInput } from './schemas/report';
import { ENGINE_VERSION, judgedDate, triage, type TriageOptions } from './triage';

export interface AssessOptions {
  /** Earlier decisions on record that bear on the report (records/history.ts): passed to triage as `options.history`. */
  history?: (subject: ReportSubject, judgedOn: string, registry: Registry) => Promise<HistoryEntry[]>;
  /** The office the report is routed to, where it already is (a re-run): whose people's records apply. */
  authority?: string;
  /** The engine (tests watch what it is given). */
  engine?: typeof triage;
}

/**
 * Triage and routing of a report, stored with the engine's version so that it can be re-run and compared. Who the
 * report is about is the engine's own answer (its registry match and route); the records about them are then
 * looked up and, when there are any, the engine runs again with them as its history, which is stored with the
 * result (`triage.history`) exactly as it was passed.
 */
export async function assessReport(input: ReportInput, receivedAt: Date, registry: Registry, options: AssessOptions = {}): Promise<Assessment> {
  const engine = options.engine ?? triage;
  const base: TriageOptions = { receivedDate: receivedAt.toISOString() };
  let result = engine(input, registry, base);
  let history: HistoryEntry[] = [];
  if (options.history) {
    const subject: ReportSubject = {
      ...(result.registry?.name ?? input.institutionName ? { institutionName: result.registry?.name ?? input.institutionName } : {}),
      authority: options.authority ?? result.route.authority,
      description: input.description,
    };
    history = await options.history(subject, judgedDate(input, base.receivedDate), registry);
    if (history.length) {
      const withHistory: TriageOptions & { history: HistoryEntry[] } = { ...base, history };
      result = engine(input, registry, withHistory);
    }
  }
  const { id: _id, route, ...rest } = result;
  return { route, triage: { ...rest, route, engineVersion: ENGINE_VERSION, ranAt: receivedAt.toISOString(), ...(history.length ? { history } : {}) } };
}
