import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  withoutPunctuation,
  DEFAULT_CYCLE_YEARS,
  filingCycle,
  findInstitutionsInText,
  matchInstitutionName,
  occupationFiled,
  parseRegistryCsv,
  registryFromCsv,
  RegistryError,
} from '../../functions/core/registry';
import { SAMPLE_REGISTRY_CSV } from '../../functions/core/registry-sample';
import { normalizeShort } from '../../functions/core/text';

const DEV = readFileSync(new URL('../fixtures/shared/dev-registry.csv', import.meta.url), 'utf8');
const HEADER = 'name,aliases,creditCode,district,authority,occupations,status';

describe('parseRegistryCsv', () => {
  it('reads the contract sample', () => {
    const { institutions, errors } = parseRegistryCsv(DEV);
    expect(errors).toEqual([]);
    expect(institutions).toHaveLength(3);
    expect(institutions[0]).toMatchObject({
      name: '上海明德职业技能评价有限公司',
      aliases: ['明德评价', '明德技能评价'],
      district: 'minhang',
      authority: 'municipal',
      occupations: ['电工', '育婴员', '保育师'],
      status: 'active',
    });
  });

  it('ships a valid default sample registry', () => {
    const r = registryFromCsv(SAMPLE_REGISTRY_CSV);
    expect(r.institutions.length).toBeGreaterThanOrEqual(10);
    expect(new Set(r.institutions.map((i) => i.status))).toEqual(new Set(['active', 'suspended', 'terminated']));
  });

  it('reports each bad row with its line number, in Chinese', () => {
    const csv = [
      HEADER,
      '上海甲评价站,,,minhang,district:nowhere,电工,active',
      ',乙,,xuhui,municipal,电工,active',
      '上海丙评价站,,,xuhui,municipal,电工,closed',
      '上海丁评价站,,,moon,municipal,电工,active',
      '上海戊评价站,,,xuhui,industry:health,电工,active',
      '上海戊评价站,,,xuhui,municipal,电工,active',
      '上海己评价站,,,xuhui,municipal',
    ].join('\n');
    const { errors, institutions } = parseRegistryCsv(csv);
    expect(institutions.map((i) => i.name)).toEqual(['上海戊评价站']);
    const byLine = Object.fromEntries(errors.map((e) => [e.line, e.message]));
    expect(byLine[2]).toMatch(/主管部门.*district:nowhere.*无效/);
    expect(byLine[3]).toMatch(/机构名称.*不能为空/);
    expect(byLine[4]).toMatch(/状态.*closed.*无效/);
    expect(byLine[5]).toMatch(/所在区.*moon.*无效/);
    expect(byLine[7]).toMatch(/与第6行重复/);
    expect(byLine[8]).toMatch(/列数/);
  });

  it('rejects a file without the required columns', () => {
    const { errors } = parseRegistryCsv('name,district\n甲,minhang\n');
    expect(errors[0]).toMatchObject({ line: 1 });
    expect(errors[0]!.message).toMatch(/表头缺少列/);
  });

  it('registryFromCsv throws a RegistryError listing the problems', () => {
    expect(() => registryFromCsv(`${HEADER}\n甲,,,minhang,municipal,电工,unknown\n`)).toThrow(RegistryError);
    try {
      registryFromCsv(`${HEADER}\n甲,,,minhang,municipal,电工,unknown\n`);
    } catch (e) {
      expect((e as Error).message).toMatch(/^第2行：/);
    }
  });

  it('flags an alias shared by two institutions', () => {
    const csv = `${HEADER}\n上海甲评价站,同名,,minhang,municipal,电工,active\n上海乙评价站,同名,,xuhui,municipal,电工,active\n`;
    expect(parseRegistryCsv(csv).errors.some((e) => /同名/.test(e.message))).toBe(true);
  });
});

describe('matching names as reporters type them', () => {
  const reg = registryFromCsv(DEV);
  const name = (typed: string) => matchInstitutionName(reg, typed)?.institution.name ?? null;

  it('full name, alias and short forms', () => {
    expect(name('上海明德职业技能评价有限公司')).toBe('上海明德职业技能评价有限公司');
    expect(name('明德技能评价')).toBe('上海明德职业技能评价有限公司');
    expect(name('明德')).toBe('上海明德职业技能评价有限公司');
    expect(name('仁和评价中心')).toBe('上海仁和康养职业技能评价中心');
  });

  it('without 上海 / 有限公司, with traditional characters, full-width letters and spaces', () => {
    expect(name('明德职业技能评价')).toBe('上海明德职业技能评价有限公司');
    expect(name('長江航運 評價站')).toBe('上海长江航运集团有限公司职业技能评价站');
    expect(name('上海長江航運集團職業技能評價站')).toBe('上海长江航运集团有限公司职业技能评价站');
    expect(name('仁和康养评价　')).toBe('上海仁和康养职业技能评价中心');
  });

  it('does not match unrelated names', () => {
    expect(name('某某培训学校')).toBeNull();
    expect(name('评价站')).toBeNull();
    expect(name('')).toBeNull();
  });

  it('finds names inside the description', () => {
    const found = findInstitutionsInText(reg, normalizeShort('听说明德那家评价机构在搞包过'));
    expect(found.map((f) => f.institution.name)).toEqual(['上海明德职业技能评价有限公司']);
    expect(findInstitutionsInText(reg, normalizeShort('明德是个好名字'))).toEqual([]);
    expect(findInstitutionsInText(reg, normalizeShort('長江航運評價站的考評員')).map((f) => f.institution.authority)).toEqual(['district:hongkou']);
  });

  it('finds a three-character name or alias typed bare in the description, but not a two-character one', () => {
    const three = registryFromCsv(
      `${HEADER}\n上海新航线技能鉴定服务有限公司,新航线鉴定|新航线,91310109NEW0000205,hongkou,district:hongkou,美发师,active\n上海明德职业技能评价有限公司,明德,91310112MA1GBXXXX1,minhang,municipal,电工,active\n`,
    );
    const found = (text: string) => findInstitutionsInText(three, normalizeShort(text)).map((f) => f.institution.authority);
    expect(found('新航線今年3月在抖音投放广告“美容师证包過”')).toEqual(['district:hongkou']);
    expect(found('明德是个好名字')).toEqual([]);
  });

  it('compares occupations loosely', () => {
    const inst = reg.institutions[0]!;
    expect(occupationFiled(inst, '育婴师')).toBe(true);
    expect(occupationFiled(inst, '电工')).toBe(true);
    expect(occupationFiled(inst, '中式烹调师')).toBe(false);
  });
});

describe('the 备案周期 columns', () => {
  const csv = (filedOn: string, cycleYears: string) =>
    `${HEADER},filedOn,cycleYears\n上海甲评价站,甲评价,,xuhui,municipal,电工,active,${filedOn},${cycleYears}\n`;

  it('reads filedOn and cycleYears after the fixed columns, and leaves files without them valid', () => {
    expect(parseRegistryCsv(csv('2024-03-01', '3')).institutions[0]).toMatchObject({ filedOn: '2024-03-01', cycleYears: 3 });
    const without = parseRegistryCsv(csv('', '')).institutions[0]!;
    expect(without.filedOn).toBeUndefined();
    expect(without.cycleYears).toBeUndefined();
    expect(parseRegistryCsv(DEV).errors).toEqual([]);
  });

  it('says what is wrong with them, in Chinese', () => {
    const { errors } = parseRegistryCsv(csv('2024-13-45', 'three'));
    expect(errors.map((e) => e.message).join('\n')).toMatch(/备案日期.*YYYY-MM-DD/);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/备案周期年数.*整数/);
  });

  it('counts cycles in whole periods from the filing date; without one, the calendar year', () => {
    expect(filingCycle({ filedOn: '2024-03-01', cycleYears: 3 }, '2026-05-20')).toEqual({ from: '2024-03-01', to: '2027-03-01' });
    expect(filingCycle({ filedOn: '2024-03-01', cycleYears: 3 }, '2027-03-01')).toEqual({ from: '2027-03-01', to: '2030-03-01' });
    expect(filingCycle({ filedOn: '2024-03-01', cycleYears: 3 }, '2024-02-28')).toEqual({ from: '2021-03-01', to: '2024-03-01' });
    expect(filingCycle({ filedOn: '2024-03-01' }, '2026-05-20')).toEqual({ from: '2024-03-01', to: `${2024 + DEFAULT_CYCLE_YEARS}-03-01` });
    expect(filingCycle(undefined, '2026-05-20')).toEqual({ from: '2026-01-01', to: '2027-01-01' });
  });
});

describe('withoutPunctuation', () => {
  it('drops punctuation and symbols as the Unicode classes do, emoji and other characters beyond the basic plane too', () => {
    const texts = ['明德·评价', '', '。。', 'a,b-c', '考场😀里有人', '“包过”！￥800', '无标点文本', '末尾。', '。开头', '𠮷野家·评价站'];
    for (const text of texts) expect(withoutPunctuation(text), text).toBe(text.replace(/[\p{P}\p{S}]/gu, ''));
    expect(withoutPunctuation('明德·评价')).toBe('明德评价');
  });
});
