// `npm run --silent documents -- --kind notice|decision|review|referral --case CASE.json --out DIR`: writes
// DIR/<kind>.docx and DIR/<kind>.pdf and prints one JSON line saying what it wrote. A problem with the case
// (a missing field, an unknown rule id) is one line per problem on stderr, exit code 1, and no file written.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type * as z from 'zod';
import { CaseFileError, caseFileSchema, contentFromCaseFile } from '../core/documents/case-file';
import { composeDocument } from '../core/documents/content';
import { DOCUMENT_KINDS, type DocumentKind } from '../core/documents/office';
import { DomainError } from '../core/report';
import { renderDocument } from '../adapters/documents/index';

const USAGE = `用法：npm run --silent documents -- --kind ${DOCUMENT_KINDS.join('|')} --case CASE.json --out DIR`;

class Refused extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function issueLine(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.') || '（整个文件）';
  const message = issue.code === 'unrecognized_keys' ? `不认识的字段：${issue.keys.join('、')}` : issue.message;
  return `CASE.json 字段 ${field}：${message}`;
}

async function main(): Promise<void> {
  let values: { kind?: string; case?: string; out?: string };
  try {
    ({ values } = parseArgs({ options: { kind: { type: 'string' }, case: { type: 'string' }, out: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new Refused(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const { kind, case: casePath, out } = values;
  if (!kind || !casePath || !out) throw new Refused(USAGE, 2);
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw new Refused(`--kind 应为 ${DOCUMENT_KINDS.join('、')} 之一，收到：${kind}`, 2);

  let json: unknown;
  try {
    json = JSON.parse(await readFile(casePath, 'utf8'));
  } catch (error) {
    throw new Refused(`无法读取 ${casePath}：${(error as Error).message}`, 1);
  }
  const parsed = caseFileSchema.safeParse(json);
  if (!parsed.success) throw new Refused(parsed.error.issues.map(issueLine).join('\n'), 1);

  let content, document;
  try {
    content = contentFromCaseFile(parsed.data, kind as DocumentKind);
    document = composeDocument(content);
  } catch (error) {
    if (error instanceof CaseFileError || error instanceof DomainError) throw new Refused(`CASE.json 字段 ${error.field ?? ''}：${error.message}`, 1);
    throw error;
  }
  const started = performance.now();
  const rendered = await renderDocument(document, new Date(`${content.date}T00:00:00+08:00`));
  const ms = Math.round(performance.now() - started);

  await mkdir(out, { recursive: true });
  const docxPath = path.join(out, `${kind}.docx`);
  const pdfPath = path.join(out, `${kind}.pdf`);
  await writeFile(docxPath, rendered.docx);
  await writeFile(pdfPath, rendered.pdf);
  process.stdout.write(
    JSON.stringify({ kind, docNo: document.docNo, title: document.title, docx: docxPath, pdf: pdfPath, docxBytes: rendered.docx.length, pdfBytes: rendered.pdf.length, renderMs: ms }) + '\n',
  );
}

main().catch((error: unknown) => {
  if (error instanceof Refused) {
    process.stderr.write(error.message + '\n');
    process.exitCode = error.exitCode;
    return;
  }
  process.stderr.write(`生成文书失败：${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
