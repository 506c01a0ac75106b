import { authorityName, SUBJECT_TYPE_NAMES } from '../ids';
import type { EvidenceRecord, ReportRecord } from '../report';
import { caseFileIndex } from './archive';
import { recordAt } from './on-report';
import { SERVICE_METHOD_NAMES, type CaseProcedure, type ServiceMethod, type StoredFile } from './types';

// 第三十条: what the 处理档案 of a closed case holds, in the order a file is kept (卷内目录, 文书, 调查材料, 证据材料,
// 审计记录), with a SHA-256 manifest. The archive job streams the files into one zip; this only says what goes where.

/** A stored object copied into the archive; its SHA-256 was recorded when it was checked or issued. */
export interface ArchiveFile {
  path: string;
  key: string;
  versionId?: string;
  size: number;
  sha256: string;
  /** What it is, for the manifest. */
  what: string;
}

export interface ArchiveText {
  path: string;
  text: string;
}

export interface ArchivePlan {
  files: ArchiveFile[];
  texts: ArchiveText[];
}

/** File names inside the zip: no path separators, no characters Windows refuses. */
const safe = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120);
const two = (n: number) => String(n).padStart(2, '0');

function investigationText(procedure: CaseProcedure, evidenceName: (id: string) => string): string {
  const lines: string[] = [];
  for (const p of procedure.parties) {
    lines.push(`当事人 ${p.id}：${SUBJECT_TYPE_NAMES[p.party.kind]} ${p.party.name}${p.party.idNumber ? `（${p.party.idNumber}）` : ''}`);
    if (p.handling.by === 'institution') lines.push(`  由${p.handling.institutionName}依第二十五条认定处理：${p.handling.reason}`);
    const inv = p.investigation;
    if (inv) {
      lines.push(`  调查核实（${inv.recordedBy.name}，${inv.recordedAt}）：事发日期 ${inv.incidentDate}；认定条款 ${inv.ruleIds.join('、') || '无'}`);
      inv.facts.forEach((f, i) => lines.push(`  事实${i + 1}：${f}`));
      inv.evidence.forEach((e, i) => lines.push(`  证据${i + 1}：${e.description}（${e.source === 'report' ? `举报人提交 ${evidenceName(e.evidenceId)}` : `${e.category} ${evidenceName(e.fileRef)}`}）`));
      if (inv.reasons) lines.push(`  认定理由：${inv.reasons}`);
      if (inv.otherAuthorityDecision) lines.push(`  其他机关的处理（第二十七条）：${inv.otherAuthorityDecision.authority} ${inv.otherAuthorityDecision.decidedOn} ${inv.otherAuthorityDecision.summary}`);
    }
    p.statements.forEach((s, i) => lines.push(`  陈述申辩${i + 1}：${s.submittedOn} 提出，${s.receivedOn} 收到（${s.channel === 'oral' ? '口头' : '书面'}）：${s.summary}`));
    if (p.waiver) lines.push(`  书面放弃陈述申辩：${p.waiver.on}`);
    if (p.consideration) lines.push(`  复核意见（${p.consideration.by.name}）：${p.consideration.conclusion}`);
    if (p.objection) lines.push(`  异议：${p.objection.submittedOn} 提出，${p.objection.receivedOn} 收到：${p.objection.summary}`);
    if (p.rectification) {
      lines.push(`  整改方案应于 ${p.rectification.planDue.due} 前提交${p.rectification.plan ? `；${p.rectification.plan.receivedOn} 收到${p.rectification.plan.late ? '（逾期）' : ''}` : ''}`);
      if (p.rectification.completed) lines.push(`  整改完成 ${p.rectification.completed.on}：${p.rectification.completed.verification}`);
    }
    if (p.reportBack) lines.push(`  评价机构报告：${p.reportBack.concludedOn} 处理结束，${p.reportBack.receivedOn} 收到${p.reportBack.late ? '（逾期）' : ''}：${p.reportBack.summary}${p.reportBack.defects.length ? `；${p.reportBack.defects.join('；')}` : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** What the case file of a closed case holds. */
export function archivePlan(record: ReportRecord, procedure: CaseProcedure): ArchivePlan {
  const index = caseFileIndex(procedure);
  const files: ArchiveFile[] = [];
  const contents: string[] = [];

  // 文书: every document as issued, PDF and DOCX.
  index.documents.forEach((d, i) => {
    const issued = recordAt(procedure, d.target)?.issued;
    if (!issued) return;
    const base = `02-文书/${two(i + 1)}-${safe(`${d.docNo}${d.name}`)}`;
    for (const [ext, file] of [['pdf', issued.pdf], ['docx', issued.docx]] as [string, StoredFile][]) {
      files.push({ path: `${base}.${ext}`, key: file.key, ...(file.versionId ? { versionId: file.versionId } : {}), size: file.size, sha256: file.sha256, what: `${d.docNo} ${d.name}（${ext.toUpperCase()}）` });
    }
    contents.push(`${two(i + 1)}. ${d.docNo} ${d.name}：${d.author}起草，${d.approvedBy}于 ${d.approvedOn} 签发，${d.servedOn} ${SERVICE_METHOD_NAMES[d.method as ServiceMethod] ?? d.method}`);
  });

  // 证据材料: every file of the report that passed the check, the reporter's and the office's, as stored.
  const accepted = Object.values(record.evidence).filter((e): e is EvidenceRecord & { sha256: string } => e.status === 'accepted' && Boolean(e.sha256));
  const pathOf = new Map<string, string>();
  const evidenceLines: string[] = [];
  accepted.forEach((e, i) => {
    const folder = e.addedBy === 'staff' ? '04-证据材料/工作人员添加' : '04-证据材料/举报人提交';
    const name = e.servedName ?? e.fileName;
    const path = `${folder}/${two(i + 1)}-${safe(e.category ? `${e.category}-${name}` : name)}`;
    pathOf.set(e.evidenceId, path);
    files.push({ path, key: e.key, ...(e.versionId ? { versionId: e.versionId } : {}), size: e.size ?? e.declaredSize, sha256: e.sha256, what: `${e.addedBy === 'staff' ? `工作人员添加${e.category ? `（${e.category}）` : ''}` : '举报人提交'}：${e.fileName}` });
    const cited = index.reportEvidenceIds.includes(e.evidenceId) || index.fileRefs.includes(e.evidenceId);
    evidenceLines.push(`${path}${cited ? '（程序中引用）' : ''}`);
  });
  const evidenceName = (id: string) => pathOf.get(id) ?? `${id}（未找到）`;

  const events = record.events;
  const texts: ArchiveText[] = [
    {
      path: '01-卷内目录.txt',
      text: [
        `处理档案  案件 ${record.trackingCode}`,
        `办理单位：${authorityName(record.route.authority)}`,
        `收到举报：${record.receivedAt}`,
        `结案：${index.closedAt}（${procedure.closed!.by.name}）`,
        `处理结果：${index.summary}`,
        '',
        '一、文书',
        ...(contents.length ? contents : ['（无）']),
        '',
        '二、调查材料：03-调查记录/调查记录.txt（程序记录全文：程序记录.json）',
        '',
        '三、证据材料（原件，SHA-256 见 SHA256SUMS.txt）',
        ...(evidenceLines.length ? evidenceLines : ['（无）']),
        '',
        `四、审计记录：05-审计记录/审计记录.txt（${events.length} 条）`,
        '',
      ].join('\n'),
    },
    { path: '03-调查记录/调查记录.txt', text: investigationText(procedure, evidenceName) },
    { path: '03-调查记录/程序记录.json', text: JSON.stringify(procedure, null, 2) },
    {
      path: '05-审计记录/审计记录.txt',
      text: events.map((e) => `${e.at}\t${typeof e.data?.by === 'string' ? e.data.by : e.actor}\t${e.public ? '公开' : '内部'}\t${e.type}\t${e.text}`).join('\n') + '\n',
    },
    { path: '05-审计记录/审计记录.json', text: JSON.stringify(events, null, 2) },
    {
      path: '04-证据材料/举报内容.txt',
      text: [`查询码：${record.trackingCode}`, `收到时间：${record.receivedAt}`, `被举报对象：${SUBJECT_TYPE_NAMES[record.subjectType]}${record.institutionName ? ` ${record.institutionName}` : ''}`, `事情经过：${record.description}`, ''].join('\n'),
    },
  ];
  return { files, texts };
}

/** `sha256sum -c` reads it: one line per file, hash, two spaces, path. */
export function sha256Sums(rows: { path: string; sha256: string }[]): string {
  return rows.map((r) => `${r.sha256}  ${r.path}`).join('\n') + '\n';
}
