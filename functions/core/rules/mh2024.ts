// 闵人社发〔2024〕54号 附件 《评价机构违纪违规认定处理指引》: the 15 rows, one rule per 序号.
// Texts are copied from seeds/000_b5950200bb9f0a43.txt (checked by test/unit/rules.test.ts). The annex is a
// table split over pages, so a row's text is kept as its sub-points, and a sub-point or quoted article that a
// page break cuts in two is kept as its two fragments: each fragment stands in the source as it is.
import type { Citation, Consequence, ConsequenceTier, Rule, RuleSource } from './types';

export const MH2024_SOURCE: RuleSource = {
  ruleSet: 'MH2024',
  docNo: '闵人社发〔2024〕54号',
  title: '评价机构违纪违规认定处理指引（《关于开展职业技能评价专项整治“回头看”行动工作方案》附件）',
  // The 通知 is dated and 印发 2024年7月23日, and the plan runs “即日起”.
  inForce: '2024-07-23',
};

/** Text as it stands in the source: one string, or the fragments a page break cut it into. */
export type SourceText = string | readonly string[];

export const joinSource = (t: SourceText): string => (typeof t === 'string' ? t : t.join(''));

type Tier = '一般' | '严重' | '特别严重';
type Handling = '约谈提醒' | '限期整改' | '终止备案';

export interface CitationSpec {
  docNo: string;
  article: string;
  text: SourceText;
  /** The article's lead-in (not a numbered item): not listed in `basis`. */
  isLead?: boolean;
}

export interface RowSpec {
  row: number;
  /** 违纪违规事项: its sub-points (or the single sentence) in order. */
  points: readonly SourceText[];
  tiers: readonly { tier: Tier; handling: Handling }[];
  citations: readonly CitationSpec[];
}

const G = '人社职司便函〔2021〕57号'; // 《技能人才评价违纪违规行为处理工作指引(试行)》
const S = '沪人社职〔2024〕120号';

// The lead-ins of the 57号 articles as the annex quotes them. “当次” is a scan correction (source: “档次”).
const L12 = '评价机构有下列行为之一的，由评价机构监管部门对其主要负责人进行约谈，听取其陈述事实或承诺，提醒其规范操作，视情况宣布当次评价颁发证书或评价成绩部分或全部无效。';
const L13 = '评价机构有下列行为之一的，由评价机构监管部门予以警告，限期整改，并在限期整改期间暂停其评价活动，视情况将其列入诚信不良档案，并向社会公布。';
const L14 = '评价机构有下列行为之一的，由评价机构监管部门予以终止备案。对涉及的相关证书及数据等及时作出相应处理。';

const lead = (article: string, text: string): CitationSpec => ({ docNo: G, article, text, isLead: true });
const g = (article: string, text: SourceText): CitationSpec => ({ docNo: G, article, text });
const s = (text: string): CitationSpec => ({ docNo: S, article: '三、（四）2.', text });

const S_GENERAL_SERIOUS = '分类实施评价机构认定处理。评价机构在评价过程中存在一般违纪违规情形的，予以约谈提醒、责令改正。存在严重违纪违规情形的，予以限期整改、暂停评价。';
const S_SERIOUS = '分类实施评价机构认定处理。存在严重违纪违规情形的，予以限期整改、暂停评价。';
const S_SERIOUS_SPECIAL = '分类实施评价机构认定处理。存在严重违纪违规情形的，予以限期整改、暂停评价。存在特别严重违纪违规情形的，予以终止备案。';
const S_SPECIAL = '分类实施评价机构认定处理。存在特别严重违纪违规情形的，予以终止备案。';
const S_CERT_DATA = '对评价机构超范围上传证书数据、上传证书数据有错误的，撤销其上传的违规证书数据，并视情节作出相应处理。';

const G12_1 = '对参评人员的参评资格审核不严，未执行职业技能标准或评价规范及有关制度规定，情节轻微的。';
const G13_1 = '第十二条所列情况，情节严重的。';
const GENERAL_SERIOUS = [
  { tier: '一般', handling: '约谈提醒' },
  { tier: '严重', handling: '限期整改' },
] as const;
const SPECIAL = [{ tier: '特别严重', handling: '终止备案' }] as const;
const specialRow = (row: number, point: string, article: string, clause: string): RowSpec => ({
  row,
  points: [point],
  tiers: SPECIAL,
  citations: [lead('第十四条', L14), g(article, clause), s(S_SPECIAL)],
});

export const MH2024_ROWS: readonly RowSpec[] = [
  {
    row: 1,
    points: [
      '1. 申报材料缺失：学历证书、工作年限、前一等级证书等申报佐证材料（含电子材料，下同）缺失。',
      '2. 申报相关性不符：前一等级证书、毕业证书等与要求的相关职业或相关专业不符。',
    ],
    tiers: GENERAL_SERIOUS,
    citations: [lead('第十二条', L12), g('第十二条（一）', G12_1), lead('第十三条', L13), g('第十三条（一）', G13_1), s(S_GENERAL_SERIOUS)],
  },
  {
    row: 2,
    points: ['对不在评价范围内的人员开展评价：包括相关协议缺失或协议不在有效期内，参评人员不在备案关联企业中等。'],
    tiers: GENERAL_SERIOUS,
    citations: [lead('第十二条', L12), g('第十二条（一）', G12_1), lead('第十三条', L13), g('第十三条（一）', G13_1), s(S_GENERAL_SERIOUS)],
  },
  {
    row: 3,
    points: ['擅自改变考核方案：擅自变更题型题量、考核时间、考试内容、考核方式、配分方案、成绩权重、评分方案等考核关键要素。'],
    tiers: GENERAL_SERIOUS,
    // As written: the annex cites 第十二条（一） for this row too.
    citations: [lead('第十二条', L12), g('第十二条（一）', G12_1), lead('第十三条', L13), g('第十三条（一）', G13_1), s(S_GENERAL_SERIOUS)],
  },
  {
    row: 4,
    points: [
      '1. 未按评价方案或国标要求使用考评员，或使用未经备案的考评员。',
      ['2. 未委派内部督导员，或使用未经备案的内部督导员；虽委派内部督导员但', '内部督导记录缺失。'],
      '3. 未及时报备考务计划，擅自开展评价活动；未及时变更考务计划中关键信息（如：考核点、考核日期、考核时间段、批次号、项目等级等）。',
      '4. 未按抽题结果进行考核。',
      '5. 阅卷评分、成绩汇总、成绩录入存在错误。',
    ],
    tiers: GENERAL_SERIOUS,
    citations: [
      lead('第十二条', L12),
      g('第十二条（二）', [
        '评价组织管理松懈，或未严格按照规定提供考场和配备工作人员确保对同批次考生采用相同考核评价',
        '方式并使其处于同等考核评价环境进行考核评价，或阅卷管理不规范、评分标准不统一，或其他违反考务管理、证书管理等有关规定，情节轻微的。',
      ]),
      g('第十二条（四）', '对评价活动未安排质量督导或不符合质量督导工作规程相关规定，情节轻微的行为。'),
      lead('第十三条', L13),
      g('第十三条（一）', G13_1),
      s(S_GENERAL_SERIOUS),
    ],
  },
  {
    row: 5,
    points: ['存在包过、保过等虚假宣传。'],
    tiers: [{ tier: '严重', handling: '限期整改' }],
    citations: [lead('第十三条', L13), g('第十三条（二）', '评价机构利用广告或其他方法，进行评价“包过”“保过”等虚假宣传的。'), s(S_SERIOUS)],
  },
  {
    row: 6,
    points: ['一年内无正当理由不开展评价工作。'],
    tiers: [{ tier: '严重', handling: '限期整改' }],
    citations: [lead('第十三条', L13), g('第十三条（三）', '一年内无正当理由不开展评价活动的。'), s(S_SERIOUS)],
  },
  {
    row: 7,
    points: ['发生有责投诉，造成不良社会影响。'],
    tiers: [
      { tier: '严重', handling: '限期整改' },
      { tier: '特别严重', handling: '终止备案' },
    ],
    citations: [
      lead('第十三条', L13),
      g('第十三条（七）', '被投诉举报并经核实的行为。'),
      lead('第十四条', L14),
      g('第十四条（八）', '其他不履行工作承诺，造成严重不良社会影响并经核实确认的行为。'),
      s(S_SERIOUS_SPECIAL),
    ],
  },
  specialRow(8, '机构项目备案申请材料中故意提供虚假承诺、虚假资料。', '第十四条（一）', '备案申请中故意提供虚假承诺、虚假材料的。'),
  specialRow(9, '评价机构或评价项目未备案即开展评价。', '第十四条（二）', '严重超出备案范围开展评价工作的。'),
  specialRow(
    10,
    '为参评人员或协助参评人员伪造申报资料或证件，或纵容参评人员违规报名。',
    '第十四条（三）',
    '为参评人员或协助参评人员伪造申报资料或证件，或纵容参评人员违规报名。',
  ),
  specialRow(11, '考场有组织舞弊。', '第十四条（四）', '考场秩序混乱，有组织舞弊的。'),
  specialRow(12, '证书数据造假，违规发放证书或利用证书数据提供有偿服务。', '第十四条（五）', '证书数据造假的。'),
  specialRow(13, '一年（含）以上不开展评价工作。', '第十四条（七）', '一年（含）以上不开展评价工作。'),
  specialRow(
    14,
    '超范围读取证书数据、泄露个人信息等经证实会造成不良社会影响的行为。',
    '第十四条（八）',
    '其他不履行工作承诺，造成严重不良社会影响并经核实确认的行为。',
  ),
  {
    row: 15,
    points: ['超范围上传证书数据、上传证书数据有错误的，撤销其上传的违规证书数据'],
    tiers: [
      { tier: '一般', handling: '约谈提醒' },
      { tier: '严重', handling: '限期整改' },
      { tier: '特别严重', handling: '终止备案' },
    ],
    citations: [
      g('第十五条', '评价机构超范围上传证书数据、上传证书数据有错误的，撤销其上传的违规证书数据，并视情节给予警告、暂停评价活动、直至终止备案的处理。'),
      s(S_CERT_DATA),
    ],
  },
];

const TIER_IDS: Record<Tier, ConsequenceTier> = { 一般: 'general', 严重: 'serious', 特别严重: 'especially-serious' };
// What each handling means, in the words of 沪人社职〔2024〕120号 三、（四）2.
const HANDLING_MEANS: Record<Handling, string> = {
  约谈提醒: '约谈提醒、责令改正',
  限期整改: '限期整改、暂停评价',
  终止备案: '终止备案',
};

function consequenceOf(spec: RowSpec): Consequence {
  const first = spec.tiers[0];
  if (!first) throw new Error(`MH2024-${spec.row}: no tier`);
  return {
    // The lightest tier the row names; `tiers` lists the heavier ones the row allows where 情节严重.
    tier: TIER_IDS[first.tier],
    summary: spec.tiers.map((t) => `${t.tier}违纪违规情形：${HANDLING_MEANS[t.handling]}`).join('；'),
    tiers: spec.tiers.map((t) => ({ tier: t.tier, handling: t.handling })),
  };
}

/** MH2024 rules in 序号 order, without crosswalk (added in index.ts). */
export const MH2024_RULES: Omit<Rule, 'crosswalk'>[] = MH2024_ROWS.map((spec) => {
  const citations: Citation[] = spec.citations.map((c) => ({ docNo: c.docNo, article: c.article, text: joinSource(c.text) }));
  const firstCited = spec.citations[0];
  return {
    id: `MH2024-${spec.row}`,
    source: MH2024_SOURCE,
    article: spec.row,
    clause: null,
    // The lead-in of the first article the row rests on (row 15's 第十五条 is a single sentence).
    lead: firstCited ? joinSource(firstCited.text) : '',
    text: spec.points.map(joinSource).join('\n'),
    subjectType: 'institution',
    consequence: consequenceOf(spec),
    basis: spec.citations.filter((c) => !c.isLead).map((c) => `${c.docNo} ${c.article}`),
    citations,
  };
});

/**
 * Each kind of conduct (the triage engine's concept ids) → the annex row that judges it when an institution
 * commits it. Rows 1–4 list the 一般/严重 process failures, so conduct the annex does not name falls to the row
 * its crosswalk gives, else 序号4 (process) or 序号7 (有责投诉) as the nearest heading.
 */
export const MH2024_CONDUCT: Readonly<Record<string, { institution: string }>> = {
  'cheating-generic': { institution: 'MH2024-11' },
  'false-qualification': { institution: 'MH2024-10' },
  impersonation: { institution: 'MH2024-11' },
  'obtain-questions': { institution: 'MH2024-11' },
  'sell-questions': { institution: 'MH2024-11' },
  'organised-cheating': { institution: 'MH2024-11' },
  'late-early': { institution: 'MH2024-4' },
  'absent-post': { institution: 'MH2024-4' },
  'scoring-wrong': { institution: 'MH2024-4' },
  kaopei: { institution: 'MH2024-4' },
  'repeat-after-talk': { institution: 'MH2024-1' },
  tamper: { institution: 'MH2024-12' },
  perfunctory: { institution: 'MH2024-4' },
  'failed-to-stop': { institution: 'MH2024-4' },
  'bank-leak': { institution: 'MH2024-11' },
  'qualification-lax': { institution: 'MH2024-1' },
  'staff-errors': { institution: 'MH2024-4' },
  chaos: { institution: 'MH2024-4' },
  connive: { institution: 'MH2024-11' },
  'sell-cert': { institution: 'MH2024-12' },
  'cert-fraud-staff': { institution: 'MH2024-12' },
  'exam-plan': { institution: 'MH2024-4' },
  'paper-assembly': { institution: 'MH2024-4' },
  'change-scheme': { institution: 'MH2024-3' },
  'venue-staffing': { institution: 'MH2024-4' },
  monitoring: { institution: 'MH2024-4' },
  'marking-standards': { institution: 'MH2024-4' },
  'grade-management': { institution: 'MH2024-4' },
  'grade-management-heavy': { institution: 'MH2024-4' },
  'cert-upload': { institution: 'MH2024-15' },
  archives: { institution: 'MH2024-1' },
  'false-advertising': { institution: 'MH2024-5' },
  'not-handled': { institution: 'MH2024-4' },
  'serious-repeat': { institution: 'MH2024-1' },
  'unfiled-operation': { institution: 'MH2024-4' },
  'beyond-objects': { institution: 'MH2024-2' },
  inactive: { institution: 'MH2024-6' },
  'inactive-long': { institution: 'MH2024-13' },
  obstruct: { institution: 'MH2024-7' },
  'not-rectified': { institution: 'MH2024-7' },
  'under-investigation': { institution: 'MH2024-7' },
  'pass-guarantee': { institution: 'MH2024-5' },
  'complaint-verified': { institution: 'MH2024-7' },
  'repeat-after-warning': { institution: 'MH2024-7' },
  'false-filing': { institution: 'MH2024-8' },
  'transfer-qualification': { institution: 'MH2024-9' },
  'forge-for-candidates': { institution: 'MH2024-10' },
  'beyond-filed-scope': { institution: 'MH2024-9' },
  'safety-leak': { institution: 'MH2024-11' },
  'cert-data-fake': { institution: 'MH2024-12' },
  'cert-without-exam': { institution: 'MH2024-12' },
  conceal: { institution: 'MH2024-7' },
  'cert-data-abuse': { institution: 'MH2024-14' },
  'generic-institution-other': { institution: 'MH2024-4' },
  'unfiled-staff': { institution: 'MH2024-4' },
  'materials-missing': { institution: 'MH2024-1' },
  'extra-fees': { institution: 'MH2024-4' },
  'institution-serious-other': { institution: 'MH2024-7' },
};
