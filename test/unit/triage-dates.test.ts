// The incident date a description states, for reports whose form gives none.
import { describe, expect, it } from 'vitest';
import { registryFromCsv } from '../../functions/core/registry';
import { SAMPLE_REGISTRY_CSV } from '../../functions/core/registry-sample';
import { triage } from '../../functions/core/triage';
import { dateInText } from '../../functions/core/triage/dates';
import { normalize } from '../../functions/core/text';

const RECEIVED = '2026-11-15';
const at = (description: string) => dateInText(normalize(description).text, RECEIVED);

describe('dateInText', () => {
  it('reads written, numeric and relative dates, a partial one as the last day of its period', () => {
    expect(at('2024年3月20日在考点考的')).toBe('2024-03-20');
    expect(at('2024年3月在一家机构考的')).toBe('2024-03-31');
    expect(at('那是2025年二月份的事')).toBe('2025-02-28');
    expect(at('２０２４年底拿的证')).toBe('2024-12-31');
    expect(at('考试是2025/6/30')).toBe('2025-06-30');
    expect(at('前年考的时候')).toBe('2024-12-31');
    expect(at('去年二月份报的名')).toBe('2025-02-28');
    expect(at('2025年上半年')).toBe('2025-06-30');
    expect(at('2025年初那次考试')).toBe('2025-03-31');
    expect(at('2025年春天报的名')).toBe('2025-05-31');
    // 初 of 初级 is not the start of the year: the bare year stands for its last day.
    expect(at('2025年初级电工')).toBe('2025-12-31');
  });

  it('a month not ended by the day received stands for that day; a year not ended is the present, not a date', () => {
    expect(at('现在已经2026年11月了，还是没考')).toBe(RECEIVED);
    expect(at('2026年12月要考')).toBeUndefined();
    expect(at('2024年9月报的名，今年我想报三级')).toBe('2024-09-30');
  });

  it('takes the latest date told, never one after the day received, and no bare number as a year', () => {
    expect(at('2024年备案的时候就造假了，2025年9月考试又这样')).toBe('2025-09-30');
    expect(at('2024年3月拿的证，说2027年还要再考')).toBe('2024-03-31');
    expect(at('交了2024块钱就能拿证')).toBeUndefined();
    expect(at('今年的考试')).toBeUndefined();
    // A state that lasts until now is judged as of the day received.
    expect(at('从2024年11月最后一次考试到现在，一场评价都没开展')).toBeUndefined();
    expect(at('我2024年底交的报名费，到现在快两年了一次考试都没组织过')).toBeUndefined();
    expect(at('自从2023年备案以后就没组织过一场考试')).toBeUndefined();
    expect(at('自从2023年备案以后，2024年3月考过一次')).toBe('2024-03-31');
  });
});

describe('triage: the rule set by the date the description states', () => {
  const registry = registryFromCsv(SAMPLE_REGISTRY_CSV);
  const judge = (description: string, incidentDate?: string) =>
    triage({ id: 'd', description, subjectType: 'institution', ...(incidentDate ? { incidentDate } : {}) }, registry, { receivedDate: RECEIVED }).ruleSet;

  it('an institution before 2025-07-03 by the text is judged by the MH2024 table; the form date comes first', () => {
    expect(judge('2024年3月机构宣传电工证包过，不过退钱')).toBe('MH2024');
    expect(judge('机构宣传电工证包过，不过退钱')).toBe('SH2025');
    expect(judge('2024年3月机构宣传电工证包过，不过退钱', '2025-09-01')).toBe('SH2025');
  });

  it('records not kept are judged when they are found missing: the form date, else the day received', () => {
    const missing = '我去机构调2024年3月考试的档案，他们说试卷和评分记录都找不到了';
    expect(judge(missing)).toBe('SH2025');
    expect(judge(missing, '2025-01-10')).toBe('MH2024');
    // Other conduct is still judged on the date the text gives.
    expect(judge('2024年3月机构宣传电工证包过，档案也找不到了')).toBe('MH2024');
  });
});
