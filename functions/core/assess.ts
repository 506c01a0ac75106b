import type { Assessment } from './reporting';
import type { Registry } from './registry';
import type { ReportInput } from './schemas/report';
import { ENGINE_VERSION, triage } from './triage';

/** Triage and routing of a report, stored with the engine's version so that it can be re-run and compared. */
export function assessReport(input: ReportInput, receivedAt: Date, registry: Registry): Assessment {
  const result = triage(input, registry, { receivedDate: receivedAt.toISOString() });
  const { id: _id, route, ...rest } = result;
  return { route, triage: { ...rest, route, engineVersion: ENGINE_VERSION, ranAt: receivedAt.toISOString() } };
}
