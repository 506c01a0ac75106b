import type { ReportState } from './report';

// Apart from queue.ts (whose search text needs the traditional → simplified tables): statistics need only this.

/** The rule ids a report stands under: the staff's decision, else the engine's suggestions. */
export function ruleIdsOf(report: Pick<ReportState, 'decision' | 'triage'>): string[] {
  if (report.decision) return report.decision.ruleIds;
  const suggestions = (report.triage?.suggestions ?? []) as { ruleId: string }[];
  return suggestions.map((s) => s.ruleId);
}
