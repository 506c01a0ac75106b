import type { ReportState } from '../core/report';
import { DynamoReportStore } from './dynamo-report-store';
import { METRICS } from './metric-names';
import { count } from './observability';

/**
 * The report store, counting business events as they are committed: a report filed (a new state written; a
 * retried submission that finds its report is not counted again) and each file the evidence check refused (an
 * `evidence-rejected` event in a committed change). Counting at the store counts each exactly once, whichever
 * path made the change (the complete call or the bucket's notification).
 */
export class MeteredReportStore extends DynamoReportStore {
  override async create(state: ReportState) {
    const result = await super.create(state);
    if (result.created) count(METRICS.reportsFiled);
    return result;
  }

  override async replace(previous: ReportState, next: ReportState) {
    await super.replace(previous, next);
    const refused = next.lastChange.events.filter((event) => event.type === 'evidence-rejected').length;
    if (refused) count(METRICS.filesRefused, refused);
  }
}
