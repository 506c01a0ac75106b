// The documents as a reader gets them: the `documents` command run on the example cases, the PDFs read back
// with poppler (pdftotext, pdffonts, pdftoppm) and the DOCX opened as the zip of XML it is.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../functions/adapters/documents/index';
import { caseFileSchema, contentFromCaseFile } from '../../functions/core/documents/case-file';
import { composeDocument, objectionRightsSentence, referralBasis, statementRightsSentence } from '../../functions/core/documents/content';
import { DEFAULT_OFFICES, formatDocNo, officeProfile } from '../../functions/core/documents/office';
import { DISTRICTS, authorityName } from '../../functions/core/ids';
import { ruleById } from '../../functions/core/rules';

const root = path.resolve(__dirname, '../..');
const examples = path.join(root, 'docs/examples');
const screenshots = path.join(root, 'test-results/documents');
const work = mkdtempSync(path.join(tmpdir(), 'documents-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What a reader sees, without the line breaks and page numbers the layout put in. */
const flat = (text: string) => text.replace(/\s+/g, '').replace(/—\d+—/g, '');

function generate(kind: string, caseFile: string, out: string) {
  return spawnSync('npm', ['run', '--silent', 'documents', '--', '--kind', kind, '--case', caseFile, '--out', out], { cwd: root, encoding: 'utf8' });
}

const pdfText = (file: string) => flat(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));

function docxText(file: string): string {
  const xml = strFromU8(unzipSync(readFileSync(file))['word/document.xml']!);
  const runs = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
  return flat(runs.join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
}

const caseOf = (name: string) => caseFileSchema.parse(JSON.parse(readFileSync(path.join(examples, name), 'utf8')));
const institution = caseOf('case-institution.json');
const clause = ruleById('SH2025-22-9')!;

const outputs: Record<string, { kind: string; case: string; dir: string; stdout: string }> = {
  'institution-notice': { kind: 'notice', case: 'case-institution.json', dir: 'institution', stdout: '' },
  'institution-decision': { kind: 'decision', case: 'case-institution.json', dir: 'institution', stdout: '' },
  'institution-review': { kind: 'review', case: 'case-institution.json', dir: 'institution', stdout: '' },
  'institution-referral': { kind: 'referral', case: 'case-institution.json', dir: 'institution', stdout: '' },
  'examiner-decision': { kind: 'decision', case: 'case-examiner.json', dir: 'examiner', stdout: '' },
  'examiner-referral': { kind: 'referral', case: 'case-examiner.json', dir: 'examiner', stdout: '' },
  'candidate-decision': { kind: 'decision', case: 'case-candidate.json', dir: 'candidate', stdout: '' },
};
const file = (key: string, ext: 'pdf' | 'docx') => path.join(work, outputs[key]!.dir, `${outputs[key]!.kind}.${ext}`);

beforeAll(() => {
  for (const o of Object.values(outputs)) {
    const run = generate(o.kind, path.join(examples, o.case), path.join(work, o.dir));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    o.stdout = run.stdout;
  }
}, 120_000);

describe('the documents command', () => {
  it('writes <kind>.docx and <kind>.pdf and says what it wrote', () => {
    for (const [key, o] of Object.entries(outputs)) {
      expect(existsSync(file(key, 'docx')), key).toBe(true);
      expect(readFileSync(file(key, 'pdf')).subarray(0, 5).toString()).toBe('%PDF-');
      expect(JSON.parse(o.stdout)).toMatchObject({ kind: o.kind, pdf: file(key, 'pdf'), docx: file(key, 'docx') });
    }
  });

  const refused = (mutate: (json: Record<string, unknown>) => void, kind = 'notice') => {
    const json = JSON.parse(readFileSync(path.join(examples, 'case-institution.json'), 'utf8')) as Record<string, unknown>;
    mutate(json);
    const caseFile = path.join(work, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(caseFile, JSON.stringify(json));
    const out = path.join(work, `bad-out-${Math.random().toString(36).slice(2)}`);
    const run = generate(kind, caseFile, out);
    expect(run.status).not.toBe(0);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(run.stdout).toBe('');
    return run.stderr;
  };

  it('an unknown rule id is an error naming the field and the id, and writes nothing', () => {
    const stderr = refused((j) => (j.ruleIds = ['SH2025-22-9', 'SH2025-99-1']));
    expect(stderr).toContain('ruleIds.1');
    expect(stderr).toContain('条款编号 SH2025-99-1 不存在');
  });

  it('a missing field is an error naming it, and writes nothing', () => {
    expect(refused((j) => delete (j.party as Record<string, unknown>).name)).toContain('CASE.json 字段 party.name：请填写当事人名称或姓名');
    expect(refused((j) => delete (j.notice as Record<string, unknown>).date)).toContain('notice.date');
    expect(refused((j) => delete j.statement, 'decision')).toContain('CASE.json 字段 statement：');
    expect(refused((j) => ((j.party as Record<string, unknown>).nmae = 'x'))).toContain('不认识的字段：nmae');
  }, 30_000); // four runs of the command: slow on a busy machine

  it('a clause of another subject, or one not in force on the incident date, is refused', () => {
    expect(refused((j) => (j.ruleIds = ['SH2025-7-1']))).toContain('适用于参评人员');
    expect(refused((j) => (j.ruleIds = ['MH2024-5']))).toContain('对应条款：SH2025-22-9');
  });
});

describe('the PDF, read back', () => {
  it('the notice holds the clause’s own words and consequence, the facts, the intended decision and the 陈述申辩 sentence', () => {
    const text = pdfText(file('institution-notice', 'pdf'));
    expect(text).toContain(flat(clause.text));
    expect(text).toContain(flat(clause.lead));
    expect(text).toContain(flat(clause.consequence.summary));
    for (const fact of institution.facts) expect(text).toContain(flat(fact));
    expect(text).toContain(flat(institution.notice!.intendedDecision));
    expect(text).toContain(flat(statementRightsSentence(institution.party, 5, institution.office.contact)));
    expect(text).toContain('你单位可在收到本告知书之日起5个工作日内，向本机关提出陈述、申辩');
    expect(text).toContain('闵人社告〔2025〕3号');
    expect(text).toContain('上海市闵行区人力资源和社会保障局');
    expect(text).toContain('2025年9月29日');
  });

  it('the decision holds the decision taken, the statement and its consideration, 第三十二条 and the objection sentence', () => {
    const text = pdfText(file('institution-decision', 'pdf'));
    expect(text).toContain(flat(clause.text));
    expect(text).toContain(flat(institution.decision!.decision!));
    expect(text).toContain(flat(objectionRightsSentence(institution.party)));
    expect(text).toContain('收到本决定书之日起5个工作日内向本机关提交限期整改方案');
    expect(text).toContain('闵人社告〔2025〕3号'); // the notice it follows
    expect(text).toContain(flat('陈述申辩理由不成立，不予采纳'));
  });

  it('a staff member’s decision names the waiver and has no rectification; the candidate’s is 不予处理 with no objection period', () => {
    const examiner = pdfText(file('examiner-decision', 'pdf'));
    expect(examiner).toContain('你于2025年11月4日书面表示放弃陈述、申辩的权利');
    expect(examiner).toContain(flat(ruleById('SH2025-13-5')!.text));
    expect(examiner).not.toContain('整改方案');
    const candidate = pdfText(file('candidate-decision', 'pdf'));
    expect(candidate).toContain('不予处理决定书');
    expect(candidate).toContain('本机关决定：对你不予处理。');
    expect(candidate).not.toContain('15个工作日内');
  });

  it('the referrals quote 第三十四条 as the source says it, and list the evidence as attachments', () => {
    const source = flat(readFileSync(path.join(root, 'docs/sources/001_59442c142c764caf.txt'), 'utf8'));
    const police = flat(referralBasis('police', '《细则》').replace(/^《细则》第三十四条第一款：/, '').replace(/。$/, ''));
    expect(source).toContain(police);
    expect(source).toContain(flat(referralBasis('discipline-inspection', '').replace(/^第三十四条第一款：/, '').replace(/。$/, '')));
    const text = pdfText(file('examiner-referral', 'pdf'));
    expect(text).toContain(police);
    expect(text).toContain('上海市公安局黄浦分局：');
    expect(text).toContain('附件：1.参评人员提供的微信聊天记录截图');
    expect(pdfText(file('institution-referral', 'pdf'))).toContain('上海市闵行区市场监督管理局：');
  });

  it('embeds the Chinese font, subset, with a Unicode map, and stays small', () => {
    for (const key of Object.keys(outputs)) {
      const fonts = execFileSync('pdffonts', [file(key, 'pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(fonts.length, key).toBeGreaterThan(0);
      for (const line of fonts) expect(line, key).toMatch(/^[A-Z]{6}\+NotoSerifSC-\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
      // The whole font is 14.8 MB a weight: a subset of the glyphs used is a few tens of kilobytes.
      expect(statSync(file(key, 'pdf')).size, key).toBeLessThan(200_000);
    }
  });

  it('renders its first page to PNG with text on it (kept in test-results/documents/ to look at)', () => {
    mkdirSync(screenshots, { recursive: true });
    const base = path.join(work, 'notice-page');
    execFileSync('pdftoppm', ['-r', '80', '-f', '1', '-l', '1', '-png', '-singlefile', file('institution-notice', 'pdf'), base]);
    copyFileSync(`${base}.png`, path.join(screenshots, 'notice-page-1.png'));
    // The same page in grey: the ink of the text, across the body's 22 lines.
    execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', '-gray', '-singlefile', file('institution-notice', 'pdf'), base]);
    const pgm = readFileSync(`${base}.pgm`);
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const pixels = pgm.subarray(header[0].length);
    const [width, height] = [Number(header[1]), Number(header[2])];
    expect(pixels.length).toBe(width * height);
    const inkedRows = Array.from({ length: height }, (_, y) => pixels.subarray(y * width, (y + 1) * width).some((v) => v < 128)).filter(Boolean).length;
    expect(inkedRows).toBeGreaterThan(height / 4);
  });
});

describe('the DOCX, opened', () => {
  it('holds the same text as the PDF: clause, facts, decision, the 陈述申辩 and objection sentences', () => {
    const notice = docxText(file('institution-notice', 'docx'));
    expect(notice).toContain(flat(clause.text));
    for (const fact of institution.facts) expect(notice).toContain(flat(fact));
    expect(notice).toContain(flat(statementRightsSentence(institution.party, 5, institution.office.contact)));
    const decision = docxText(file('institution-decision', 'docx'));
    expect(decision).toContain(flat(objectionRightsSentence(institution.party)));
    expect(decision).toContain('闵人社处〔2025〕7号');
  });

  it('is A4 with the 公文 margins and names the 公文 fonts', () => {
    const xml = strFromU8(unzipSync(readFileSync(file('institution-notice', 'docx')))['word/document.xml']!);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
  });
});

describe('offices', () => {
  it('has a typed default for the municipal centre and each of the 16 districts, named as ids.ts names them', () => {
    expect(Object.keys(DEFAULT_OFFICES)).toHaveLength(17);
    for (const [id] of DISTRICTS) expect(DEFAULT_OFFICES[`district:${id}`]?.name).toBe(authorityName(`district:${id}`));
    expect(formatDocNo(DEFAULT_OFFICES['district:minhang']!, 'notice', 2025, 3)).toBe('闵人社告〔2025〕3号');
    expect(formatDocNo(DEFAULT_OFFICES.municipal!, 'decision', 2026, 12)).toBe('沪职鉴处〔2026〕12号');
  });

  it('a deployment overrides the name, prefix, codes and appeal sentence per authority', () => {
    const office = officeProfile('district:xuhui', { name: '徐汇区人社局（测试）', docNoPrefix: '徐人社职', kindCodes: { notice: '告字' }, appealRights: null });
    expect(office).toMatchObject({ name: '徐汇区人社局（测试）', appealRights: null });
    expect(formatDocNo(office, 'notice', 2025, 1)).toBe('徐人社职告字〔2025〕1号');
    expect(formatDocNo(office, 'decision', 2025, 1)).toBe('徐人社职处〔2025〕1号');
  });

  it("names an industry department as the registry in force does, unless the deployment names it", () => {
    const names = new Map([['industry:health', '上海市卫生健康委员会']]);
    expect(officeProfile('industry:health', undefined, names).name).toBe('上海市卫生健康委员会');
    expect(officeProfile('industry:health', { name: '市卫健委职业技能评价办公室' }, names).name).toBe('市卫健委职业技能评价办公室');
  });
});

describe('generation', () => {
  it('renders a notice in well under a few seconds once loaded (figures printed)', async () => {
    const doc = composeDocument(contentFromCaseFile(institution, 'notice'));
    let started = performance.now();
    const first = await renderDocument(doc, new Date('2025-09-29T00:00:00+08:00'));
    const coldMs = performance.now() - started;
    started = performance.now();
    await renderDocument(doc, new Date('2025-09-29T00:00:00+08:00'));
    const warmMs = performance.now() - started;
    console.log(`documents: notice DOCX ${first.docx.length} B, PDF ${first.pdf.length} B; first render ${coldMs.toFixed(0)} ms (loading renderers and fonts), then ${warmMs.toFixed(0)} ms`);
    expect(warmMs).toBeLessThan(3000);
  });

  it('the renderers are loaded lazily: only their own modules import pdfkit or docx, and nothing imports them statically', () => {
    const sources = ['functions', 'infra']
      .flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)))
      .filter((f) => f.endsWith('.ts'))
      .sort();
    const importers = (pattern: RegExp) => sources.filter((f) => pattern.test(readFileSync(path.join(root, f), 'utf8')));
    expect(importers(/from '(pdfkit|docx)'/)).toEqual(['functions/adapters/documents/docx.ts', 'functions/adapters/documents/pdf.ts']);
    expect(importers(/from '\.\/(docx|pdf)'|from '.*adapters\/documents\/(docx|pdf)'/)).toEqual([]);
  });
});
