import { DOCUMENT_KIND_NAMES, type DocumentKind } from '../documents/office';
import { DomainError } from '../report';
import type { CaseProcedure, DocumentRecord, DocumentTarget, PartyProcedure } from './types';

// 第三十条: once a case has ended, one 处理档案 holds the 调查材料, 认定过程, 处理决定, 佐证材料 and 整改报告. This is
// its index: every document as issued (to be rendered from `documentContent`), and every file the archive must
// carry (the report's evidence originals and the files staff added), for the archive job to pack with a SHA-256
// manifest and the audit trail.

export interface ArchivedDocument {
  target: DocumentTarget;
  kind: DocumentKind;
  name: string;
  docNo: string;
  author: string;
  approvedBy: string;
  approvedOn: string;
  servedOn: string;
  method: string;
  proofRefs: string[];
}

export interface CaseFileIndex {
  caseId: string;
  closedAt: string;
  summary: string;
  documents: ArchivedDocument[];
  /** The report's evidence ids the investigation records rely on. */
  reportEvidenceIds: string[];
  /** Every other file: staff evidence, statements, proofs of service, plans, reports. */
  fileRefs: string[];
}

function archived(record: DocumentRecord<{ kind: DocumentKind }> | undefined, target: DocumentTarget): ArchivedDocument[] {
  if (!record?.approval || !record.service) return [];
  return [
    {
      target,
      kind: record.draft.kind,
      name: DOCUMENT_KIND_NAMES[record.draft.kind],
      docNo: record.approval.docNo,
      author: record.author.name,
      approvedBy: record.approval.by.name,
      approvedOn: record.approval.date,
      servedOn: record.service.servedOn,
      method: record.service.method,
      proofRefs: record.service.proofRefs,
    },
  ];
}

function partyFiles(p: PartyProcedure): string[] {
  return [
    ...(p.investigation?.evidence ?? []).flatMap((e) => (e.source === 'staff' ? [e.fileRef] : [])),
    ...p.statements.flatMap((s) => s.attachmentRefs),
    ...(p.waiver ? [p.waiver.proofRef] : []),
    ...(p.notice?.service?.consentRef ? [p.notice.service.consentRef] : []),
    ...(p.objection?.attachmentRefs ?? []),
    ...(p.rectification?.plan?.refs ?? []),
    ...(p.rectification?.completed?.refs ?? []),
    ...(p.reportBack?.refs ?? []),
  ];
}

export function caseFileIndex(state: CaseProcedure): CaseFileIndex {
  if (!state.closed) throw new DomainError(409, 'case_open', '案件尚未办结，不能立卷归档');
  const documents = [
    ...state.parties.flatMap((p) =>
      (['notice', 'decision', 'review'] as const).flatMap((document) => archived(p[document], { partyId: p.id, document })),
    ),
    ...state.referrals.flatMap((r) => archived(r, { referralId: r.id })),
  ];
  return {
    caseId: state.caseId,
    closedAt: state.closed.at,
    summary: state.closed.summary,
    documents,
    reportEvidenceIds: [...new Set(state.parties.flatMap((p) => (p.investigation?.evidence ?? []).flatMap((e) => (e.source === 'report' ? [e.evidenceId] : []))))],
    fileRefs: [...new Set([...state.parties.flatMap(partyFiles), ...documents.flatMap((d) => d.proofRefs)])],
  };
}
