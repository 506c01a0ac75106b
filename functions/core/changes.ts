import { nextDue, type DeadlineContext } from './case-deadlines';
import { VersionConflict, type ReportStore } from './ports';
import { applyChange, DomainError, type ReportChange, type ReportState } from './report';

// Every change to a report, public or staff, goes through here: read the state, decide the change, compute the
// next state (and its next due date, with the calendar in force), write it in place of the state read — or, if
// someone else changed the report meanwhile, read again and decide again (a staff action that named the version
// it was decided on is refused instead: its user saw something else).

export interface ChangeDeps {
  store: ReportStore;
  /** The calendar and the deadline settings in force. */
  deadlines: () => Promise<DeadlineContext>;
  now?: () => Date;
}

const REPORT_NOT_FOUND = () => new DomainError(404, 'not_found', '找不到这份举报');
export const STALE = () => new DomainError(409, 'conflict', '这份举报刚被其他人修改过，请刷新后再操作');

export async function mutate(
  deps: ChangeDeps,
  trackingCode: string,
  decide: (state: ReportState) => ReportChange | undefined | Promise<ReportChange | undefined>,
  options: { expectedVersion?: number } = {},
): Promise<ReportState> {
  for (let attempt = 0; ; attempt++) {
    const state = await deps.store.get(trackingCode);
    if (!state) throw REPORT_NOT_FOUND();
    if (options.expectedVersion !== undefined && state.version !== options.expectedVersion) throw STALE();
    const change = await decide(state);
    if (!change) return state;
    const next = await nextState(deps, state, change);
    try {
      await deps.store.replace(state, next);
      return next;
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (options.expectedVersion !== undefined) throw STALE();
      if (attempt >= 2) throw new DomainError(409, 'conflict', '这份举报正在被同时修改，请刷新后再试');
    }
  }
}

async function nextState(deps: ChangeDeps, state: ReportState, change: ReportChange): Promise<ReportState> {
  const next = applyChange(state, change, (deps.now ?? (() => new Date()))().toISOString());
  return { ...next, due: nextDue(next, await deps.deadlines()) };
}

/** A new report's state with its first due date. */
export async function withDue(deps: Pick<ChangeDeps, 'deadlines'>, state: ReportState): Promise<ReportState> {
  return { ...state, due: nextDue(state, await deps.deadlines()) };
}
