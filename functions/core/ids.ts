// Fixed identifiers from ../shared/triage/CONTRACT.md. Everything that names a subject, a district or an
// authority uses these.

export const SUBJECT_TYPES = ['institution', 'examiner', 'supervisor', 'expert', 'staff', 'candidate', 'unknown'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const SUBJECT_TYPE_NAMES: Record<SubjectType, string> = {
  institution: '评价机构',
  examiner: '考评人员',
  supervisor: '质量督导员',
  expert: '评价项目开发专家',
  staff: '评价机构其他人员',
  candidate: '参评人员',
  unknown: '不清楚',
};

/** The 16 districts in the official order. */
export const DISTRICTS = [
  ['huangpu', '黄浦区'],
  ['xuhui', '徐汇区'],
  ['changning', '长宁区'],
  ['jingan', '静安区'],
  ['putuo', '普陀区'],
  ['hongkou', '虹口区'],
  ['yangpu', '杨浦区'],
  ['minhang', '闵行区'],
  ['baoshan', '宝山区'],
  ['jiading', '嘉定区'],
  ['pudong', '浦东新区'],
  ['jinshan', '金山区'],
  ['songjiang', '松江区'],
  ['qingpu', '青浦区'],
  ['fengxian', '奉贤区'],
  ['chongming', '崇明区'],
] as const;
export type District = (typeof DISTRICTS)[number][0];
export const DISTRICT_IDS = DISTRICTS.map(([id]) => id) as unknown as readonly [District, ...District[]];
export const DISTRICT_NAMES: Record<District, string> = Object.fromEntries(DISTRICTS) as Record<District, string>;

export type AuthorityId = 'municipal' | `district:${District}` | `industry:${string}`;

const AUTHORITY_PATTERN = /^(municipal|district:[a-z]+|industry:[a-z0-9-]+)$/;

export function isAuthorityId(value: string): value is AuthorityId {
  if (!AUTHORITY_PATTERN.test(value)) return false;
  return !value.startsWith('district:') || (DISTRICT_IDS as readonly string[]).includes(value.slice(9));
}

/** Industry departments' names by authority id (`industry:health` → 上海市卫生健康委员会), from the registry in force. */
export type AuthorityNames = ReadonlyMap<string, string>;

/** What an industry department is called where the registry gives it no name: never its id. */
export const UNNAMED_INDUSTRY = '行业主管部门';

/**
 * An authority's name. An industry department's comes from `names` (the registry's), else it is 行业主管部门; called
 * without `names` (code that keeps the text, such as a triage reason) it is `行业主管部门（<id>）`, which
 * `withAuthorityNames` turns into the name wherever the text is shown.
 */
export function authorityName(id: AuthorityId | string, names?: AuthorityNames): string {
  if (id === 'municipal') return '上海市职业技能鉴定中心';
  if (id.startsWith('district:')) {
    const name = DISTRICT_NAMES[id.slice(9) as District];
    if (name) return `上海市${name}人力资源和社会保障局`;
  }
  if (id.startsWith('industry:')) return names ? (names.get(id) ?? UNNAMED_INDUSTRY) : `${UNNAMED_INDUSTRY}（${id.slice(9)}）`;
  return id;
}

/**
 * Texts stored before a department had a name, or written by code that had no names at hand (a triage reason,
 * an event), say `行业主管部门（health）`: shown, they say the department's name instead, or just 行业主管部门.
 */
export function withAuthorityNames(text: string, names?: AuthorityNames): string {
  return text.replace(/行业主管部门（([a-z0-9-]+)）/g, (_, id: string) => authorityName(`industry:${id}`, names));
}

export const REFERRAL_TARGETS = ['market-regulation', 'police', 'discipline-inspection'] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];
export const REFERRAL_NAMES: Record<ReferralTarget, string> = {
  'market-regulation': '市场监管部门',
  police: '公安机关',
  'discipline-inspection': '纪检监察机关',
};
