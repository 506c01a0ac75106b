import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ESCALATIONS,
  MH2024_TO_SH2025,
  RULES,
  RULE_IDS,
  SCAN_CORRECTIONS,
  SOURCES,
  judgeBy,
  ruleById,
  ruleSetFor,
} from '../../functions/core/rules/index';
import { MH2024_ROWS, type SourceText } from '../../functions/core/rules/mh2024';
import { SH2025_ARTICLES } from '../../functions/core/rules/sh2025';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seeds = path.resolve(repoRoot, 'docs/sources');
const SH_FILE = '001_59442c142c764caf.txt';
const MH_FILE = '000_b5950200bb9f0a43.txt';

// Only white space and the width of punctuation are normalised.
const WIDTH: Record<string, string> = { '（': '(', '）': ')', '，': ',', '：': ':', '；': ';', '“': '"', '”': '"', '‘': "'", '’': "'" };
const norm = (s: string): string => s.replace(/\s+/gu, '').replace(/[（），：；“”‘’]/gu, (c) => WIDTH[c] ?? c);

function source(file: string): string {
  let text = norm(readFileSync(path.join(seeds, file), 'utf8'));
  for (const c of SCAN_CORRECTIONS.filter((c) => c.file === file)) {
    const original = norm(c.original);
    expect(text.includes(original), `correction “${c.original}” not found in ${file}`).toBe(true);
    text = text.replaceAll(original, norm(c.corrected));
  }
  return text;
}

const sh = source(SH_FILE);
const mh = source(MH_FILE);

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const cn = (n: number): string => {
  if (n < 10) return DIGITS[n] ?? '';
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[n % 10]}`;
};

describe('SH2025 texts stand in 沪人社职〔2025〕176号', () => {
  for (const a of SH2025_ARTICLES) {
    it(`第${cn(a.article)}条: lead-in and every clause, under their own article and number`, () => {
      const start = sh.indexOf(`第${cn(a.article)}条${norm(a.lead)}`);
      expect(start, `lead of 第${cn(a.article)}条`).toBeGreaterThanOrEqual(0);
      const end = sh.indexOf(`第${cn(a.article + 1)}条`, start + 1);
      const body = sh.slice(start, end);
      a.clauses.forEach((text, i) => {
        const marker = `(${cn(i + 1)})`;
        if (text === null) {
          expect(body.includes(marker), `第${cn(a.article)}条 has no ${marker}`).toBe(false);
          return;
        }
        expect(body.includes(marker + norm(text)), `SH2025-${a.article}-${i + 1}: ${text}`).toBe(true);
      });
    });
  }

  it('第二十四条第二款 (SH2025-24)', () => {
    const r = ruleById('SH2025-24');
    expect(r).toBeDefined();
    const start = sh.indexOf('第二十四条');
    const end = sh.indexOf('第二十五条');
    expect(sh.slice(start, end).includes(norm(`${r!.lead}，${r!.text}`))).toBe(true);
  });

  it('rules carry the texts of their article specs', () => {
    for (const r of RULES.filter((r) => r.source.ruleSet === 'SH2025' && r.clause !== null)) {
      const spec = SH2025_ARTICLES.find((a) => a.article === r.article);
      expect(r.text).toBe(spec?.clauses[(r.clause ?? 0) - 1]);
      expect(r.lead).toBe(spec?.lead);
      expect(r.subjectType).toBe(spec?.subjectType);
    }
  });
});

describe('MH2024 texts stand in 闵人社发〔2024〕54号', () => {
  const fragments = (t: SourceText): readonly string[] => (typeof t === 'string' ? [t] : t);
  for (const row of MH2024_ROWS) {
    it(`序号 ${row.row}: 违纪违规事项 and the cited articles`, () => {
      for (const point of row.points) {
        for (const f of fragments(point)) expect(mh.includes(norm(f)), `MH2024-${row.row}: ${f}`).toBe(true);
      }
      for (const c of row.citations) {
        for (const f of fragments(c.text)) expect(mh.includes(norm(f)), `MH2024-${row.row} ${c.article}: ${f}`).toBe(true);
      }
      for (const t of row.tiers) expect(mh.includes(`${t.tier}违纪违规`) && mh.includes(t.handling)).toBe(true);
    });
  }

  it('each rule\'s lead-in stands in the source', () => {
    for (const r of RULES.filter((r) => r.source.ruleSet === 'MH2024')) expect(mh.includes(norm(r.lead)), r.id).toBe(true);
  });

  it('each row is numbered in the table and its first point follows its 序号', () => {
    for (const row of MH2024_ROWS) {
      const first = fragments(row.points[0]!)[0]!;
      expect(mh.includes(`|${row.row}|${norm(first)}`), `row ${row.row}`).toBe(true);
    }
  });
});

describe('scan corrections', () => {
  it('are few, and each one is used by a rule or an escalation', () => {
    const texts = [
      ...RULES.flatMap((r) => [r.text, r.lead, ...(r.citations ?? []).map((c) => c.text)]),
      ...ESCALATIONS.map((e) => e.condition),
    ].map(norm);
    expect(SCAN_CORRECTIONS.length).toBeLessThanOrEqual(5);
    for (const c of SCAN_CORRECTIONS) {
      expect(c.where.length).toBeGreaterThan(10);
      expect(texts.some((t) => t.includes(norm(c.corrected))), c.corrected).toBe(true);
    }
  });
});

describe('rule ids', () => {
  const shIds = RULE_IDS.filter((id) => id.startsWith('SH2025-'));
  const mhIds = RULE_IDS.filter((id) => id.startsWith('MH2024-'));

  it('are exactly 111 SH2025 + 15 MH2024, unique, SH2025 first', () => {
    expect(RULES).toHaveLength(126);
    expect(shIds).toHaveLength(111);
    expect(mhIds).toHaveLength(15);
    expect(new Set(RULE_IDS).size).toBe(126);
    expect(RULE_IDS.slice(0, 111)).toEqual(shIds);
    expect(mhIds).toEqual(Array.from({ length: 15 }, (_, i) => `MH2024-${i + 1}`));
  });

  it('have the contract form and match article and clause', () => {
    for (const r of RULES) {
      if (r.source.ruleSet === 'SH2025') {
        expect(r.id).toMatch(/^SH2025-(?:[6-9]|1[1-9]|2[0-3])-[1-9]\d?$|^SH2025-24$/);
        expect(r.id).toBe(r.clause === null ? `SH2025-${r.article}` : `SH2025-${r.article}-${r.clause}`);
      } else {
        expect(r.id).toBe(`MH2024-${r.article}`);
        expect(r.subjectType).toBe('institution');
      }
    }
  });

  it('cover 第六–九条, 第十一–二十三条 and 第二十四条, skipping 第二十一条（五）', () => {
    expect(ruleById('SH2025-21-5')).toBeUndefined();
    expect(ruleById('SH2025-21-6')?.text).toContain('评价组织管理松懈');
    expect(ruleById('SH2025-22-9')?.text).toContain('“包过”“保过”');
    expect(ruleById('MH2024-5')?.text).toContain('包过、保过');
    expect(RULES.some((r) => r.article === 10 && r.source.ruleSet === 'SH2025')).toBe(false);
    const articles = new Set(RULES.filter((r) => r.source.ruleSet === 'SH2025').map((r) => r.article));
    expect([...articles]).toEqual([6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  it('subject types follow the chapters', () => {
    const expected: Record<number, string> = { 6: 'candidate', 9: 'candidate', 11: 'examiner', 13: 'examiner', 14: 'supervisor', 16: 'supervisor', 17: 'expert', 18: 'staff', 20: 'staff', 21: 'institution', 24: 'institution' };
    for (const [article, type] of Object.entries(expected)) {
      expect(RULES.filter((r) => r.source.ruleSet === 'SH2025' && r.article === Number(article)).every((r) => r.subjectType === type)).toBe(true);
    }
  });

  it('MH2024 rows carry their tiers and handling, both where a row has two', () => {
    expect(ruleById('MH2024-1')?.consequence.tiers?.map((t) => t.tier)).toEqual(['一般', '严重']);
    expect(ruleById('MH2024-7')?.consequence.tiers?.map((t) => t.handling)).toEqual(['限期整改', '终止备案']);
    expect(ruleById('MH2024-15')?.consequence.tiers).toHaveLength(3);
    expect(ruleById('MH2024-11')?.consequence.tier).toBe('especially-serious');
    expect(ruleById('MH2024-5')?.basis).toContain('人社职司便函〔2021〕57号 第十三条（二）');
  });
});

describe('crosswalk', () => {
  it('every MH2024 row points at existing SH2025 ids, and SH2025 rules point back', () => {
    for (const r of RULES.filter((r) => r.source.ruleSet === 'MH2024')) {
      expect(r.crosswalk.length, r.id).toBeGreaterThan(0);
      expect(r.crosswalk).toEqual(MH2024_TO_SH2025[r.id]);
      for (const target of r.crosswalk) {
        expect(target).toMatch(/^SH2025-/);
        expect(ruleById(target)?.crosswalk, `${r.id} → ${target}`).toContain(r.id);
      }
    }
    for (const r of RULES.filter((r) => r.source.ruleSet === 'SH2025')) {
      for (const mh of r.crosswalk) expect(ruleById(mh)?.crosswalk).toContain(r.id);
    }
    expect(ruleById('MH2024-5')?.crosswalk).toEqual(['SH2025-22-9']);
    expect(ruleById('SH2025-22-9')?.crosswalk).toEqual(['MH2024-5']);
  });
});

describe('escalation', () => {
  it('names existing ids and quotes the 细则', () => {
    for (const e of ESCALATIONS) {
      for (const id of [...e.from, ...e.to]) expect(ruleById(id), id).toBeDefined();
      expect(e.to.length > 0 || e.toTier !== undefined || e.kind === 'mitigation').toBe(true);
      expect(sh.includes(norm(e.condition)), e.condition).toBe(true);
    }
  });

  it('includes the steps the brief names', () => {
    const find = (to: string) => ESCALATIONS.filter((e) => e.to.includes(to));
    for (const [to, from] of [['SH2025-12-1', 'SH2025-11-1'], ['SH2025-15-1', 'SH2025-14-1'], ['SH2025-19-1', 'SH2025-18-1']] as const) {
      const e = find(to).find((x) => x.kind === 'repeat');
      expect(e?.from).toContain(from);
      expect(e?.prior).toEqual({ handling: '谈话提醒', times: 2 });
      expect(e?.window).toBe('filing-period');
    }
    expect(find('SH2025-23-1').map((e) => e.kind).sort()).toEqual(['failure-to-rectify', 'repeat']);
    expect(find('SH2025-23-1')[0]?.from).toContain('SH2025-22-9');
  });
});

describe('ruleSetFor', () => {
  it('switches on 2025-07-03', () => {
    expect(ruleSetFor('2025-07-02', '2025-09-01')).toBe('MH2024');
    expect(ruleSetFor('2025-07-03', '2025-09-01')).toBe('SH2025');
    expect(ruleSetFor('2024-01-10', '2025-09-01')).toBe('MH2024');
  });

  it('uses the received date when there is no incident date', () => {
    expect(ruleSetFor(undefined, '2025-07-02')).toBe('MH2024');
    expect(ruleSetFor(undefined, '2025-07-03')).toBe('SH2025');
    expect(ruleSetFor('', '2025-07-03')).toBe('SH2025');
    // 2025-07-02T16:30Z is already 07-03 in Shanghai.
    expect(ruleSetFor(undefined, '2025-07-02T16:30:00Z')).toBe('SH2025');
    expect(ruleSetFor('not a date', '2025-07-03')).toBe('SH2025');
  });

  it('judgeBy keeps SH2025 ids for people before 2025-07-03, with a note', () => {
    expect(judgeBy('2025-06-01', '2025-09-01', 'institution')).toEqual({ ruleSet: 'MH2024' });
    const j = judgeBy('2025-06-01', '2025-09-01', 'candidate');
    expect(j.ruleSet).toBe('SH2025');
    expect(j.note).toBeTruthy();
    expect(judgeBy('2025-08-01', '2025-09-01', 'candidate')).toEqual({ ruleSet: 'SH2025' });
  });

  it('sources give the dates in force', () => {
    expect(SOURCES.SH2025.inForce).toBe('2025-07-03');
    expect(SOURCES.MH2024.inForce).toBe('2024-07-23');
  });
});

describe('`rules` command', () => {
  it('prints 126 JSON lines and nothing else', () => {
    const out = execFileSync('npx', ['tsx', 'functions/cli/rules.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH ?? ''}` },
    });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(126);
    const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.id)).toEqual(RULE_IDS);
    for (const r of rows) {
      for (const key of ['id', 'source', 'article', 'clause', 'text', 'lead', 'subjectType', 'consequence', 'crosswalk']) {
        expect(r, `${String(r.id)} ${key}`).toHaveProperty(key);
      }
    }
    expect(rows[0]).toMatchObject({ id: 'SH2025-6-1', source: 'SH2025', article: 6, clause: 1, subjectType: 'candidate' });
  }, 30_000);
});
