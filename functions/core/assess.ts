import type { Assessment } from './reporting';
import { defaultRoute } from './report';
import type { ReportInput } from './schemas/report';

/** Triage and routing of a new report. Until the triage engine is wired in: the district given, else municipal. */
export function assessReport(input: ReportInput, _receivedAt: Date): Assessment {
  return { route: defaultRoute(input.district), triage: null };
}
