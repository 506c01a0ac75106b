import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import OpenCC from 'opencc-js/t2cn';
import { ROOT } from '../../functions/cli/triage-corpus';
import { normalize, normalizeShort, originalSpan, t2s } from '../../functions/core/text';

describe('normalize', () => {
  it('converts traditional to simplified and keeps positions of the original', () => {
    const n = normalize('機構說可以保證通過，考不過全額退款。');
    expect(n.text).toBe('机构说可以保证通过,考不过全额退款。');
    const at = n.text.indexOf('考不过');
    expect(originalSpan(n, at, at + 3)).toBe('考不過');
  });

  it('turns full-width letters and digits into half-width lower case', () => {
    expect(normalizeShort('ＡＢＣ评价站１２３')).toBe('abc评价站123');
  });

  it('drops stray spaces, including ideographic ones', () => {
    expect(normalizeShort('长江 航运　评价站')).toBe('长江航运评价站');
  });

  it('rewrites pinyin fragments', () => {
    expect(normalizeShort('育婴师 baoguo，不过退钱')).toContain('包过');
    expect(normalizeShort('保育师bao过')).toContain('包过');
    expect(normalizeShort('找人 ti kao')).toContain('替考');
    expect(normalizeShort('kao ping yuan 迟到')).toContain('考评员');
  });

  it('rewrites English fragments', () => {
    expect(normalizeShort('100% pass for the exam')).toContain('包过');
    expect(normalizeShort('Guaranteed pass, full refund')).toContain('包过');
    expect(normalizeShort('guaranteed pass, full refund')).toContain('全额退款');
    expect(normalizeShort('no exam needed')).toContain('不用考试');
    expect(normalizeShort('they sell fake certificates')).toContain('假证');
    expect(normalizeShort('people cheat with earphones')).toContain('作弊');
  });

  it('quotes a rewritten fragment as the reporter wrote it', () => {
    const n = normalize('中介说 BaoGuo 啊');
    const at = n.text.indexOf('包过');
    expect(originalSpan(n, at, at + 2)).toBe('BaoGuo');
  });

  it('t2s leaves simplified text alone', () => {
    expect(t2s('考评员')).toBe('考评员');
    expect(t2s('考評員')).toBe('考评员');
  });

  it('t2s gives what the converter gives for a text holding a traditional character, and leaves the rest as typed', () => {
    const converter = OpenCC.Converter({ from: 't', to: 'cn' });
    // Traditional text, phrases included (機構 … 打壞 → 打坏; 反覆 beside 機構 → 反复), and a character beyond the
    // basic plane.
    const traditional = ['機構說包過', '機構反反覆覆說包過', '考場的門被打壞了', '考场里有𠮷字', '考評員沈思'];
    for (const text of traditional) expect(t2s(text), text).toBe(converter(text));
    expect(t2s('機構反反覆覆說包過')).toBe('机构反反复复说包过');
    // Simplified text the converter's phrase entries would misread: 坏 is “broken” here, not the brick 坯; 沈 a
    // surname, not 沉.
    for (const text of ['考场的门被打坏了', '电脑一坏就停考', '沈思是考评员', '他回覆了消息']) {
      expect(converter(text), text).not.toBe(text);
      expect(t2s(text), text).toBe(text);
    }
    const reports = readFileSync(resolve(ROOT, 'test/fixtures/triage-corpus/t2.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { input: { description: string } }).input.description);
    for (const text of reports) expect(t2s(text), text).toBe(converter(text));
    expect(reports.length).toBeGreaterThan(200);
  });
});
