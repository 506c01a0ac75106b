import { newReport, type ReportRecord, type ReportState } from '../../functions/core/report';

// The one factory for stored reports in tests: a state as filing makes it, then whatever a test needs changed.

export function reportState(patch: Partial<ReportState> = {}): ReportState {
  const state = newReport({
    trackingCode: 'ABCD-EFGH-JKMN',
    secretHash: 'x',
    requestDigest: 'x',
    input: { subjectType: 'institution', channel: 'advertising', description: '朋友圈广告说证书包过，考不过全额退款。', anonymous: true },
    receivedAt: '2025-11-01T02:00:00.000Z',
    route: { authority: 'district:minhang', reason: 'test' },
    triage: null,
    authorityName: '上海市闵行区人力资源和社会保障局',
  });
  return { ...state, ...patch };
}

export function reportRecord(patch: Partial<ReportRecord> = {}): ReportRecord {
  const { events = [], messages = [], evidence = {}, ...state } = patch;
  return { ...reportState(state), events, messages, evidence };
}
