// 沪人社职〔2025〕176号 《上海市技能人才评价违纪违规行为处理实施细则(试行)》: every violation clause.
// Texts are copied from seeds/001_59442c142c764caf.txt (test/unit/rules.test.ts checks each one against it);
// only the list punctuation that ends a clause (；/。) is dropped, and punctuation is written full-width.
import type { Consequence, Rule, RuleSource } from './types';

export const SH2025_SOURCE: RuleSource = {
  ruleSet: 'SH2025',
  docNo: '沪人社职〔2025〕176号',
  title: '上海市技能人才评价违纪违规行为处理实施细则(试行)',
  // 第三十六条: 自印发之日起施行; 印发 2025年7月3日.
  inForce: '2025-07-03',
};

interface ArticleSpec {
  article: number;
  subjectType: Rule['subjectType'];
  lead: string;
  consequence: Consequence;
  /** Clause texts in order; null where the document skips a number (第二十一条 has no （五）). */
  clauses: (string | null)[];
}

// 第十条 applies to every candidate violation, so it is part of each candidate consequence.
const CERT_CANDIDATE = '；评价机构不予颁发证书，已颁发的撤销，证书信息不上传或按规定删除并公布（第十条）';
// 第二十四条第一款 likewise for every institution violation.
const CERT_INSTITUTION = '；已颁发的违规证书撤销，证书信息不上传或按规定删除并公布（第二十四条第一款）';

export const SH2025_ARTICLES: readonly ArticleSpec[] = [
  {
    article: 6,
    subjectType: 'candidate',
    lead: '参评人员有下列行为之一的，取消其当次该科目的评价成绩。',
    consequence: { tier: 'cancel-subject', summary: '取消当次该科目的评价成绩' + CERT_CANDIDATE },
    clauses: [
      '携带禁携物品（包括与评价内容相关的书籍、资料、电子产品、通讯设备以及规定以外的工具等）进入座位（或考位）或未将禁携物品放在指定位置，经提醒拒不改正的',
      '未在规定的座位（或考位）参加评价，或未经工作人员允许擅自离开座位（或考位），经提醒拒不改正的',
      '在考场（或考区）禁止的范围内，喧哗、吸烟或实施其他影响考场秩序的行为，经提醒拒不改正的',
      '其他违反考场规则但尚未构成作弊的行为',
    ],
  },
  {
    article: 7,
    subjectType: 'candidate',
    lead: '参评人员有下列行为之一的，取消其当次全部科目评价成绩，且当年不得参加技能评价。',
    consequence: { tier: 'cancel-all-this-year', summary: '取消当次全部科目评价成绩，且当年不得参加技能评价' + CERT_CANDIDATE },
    clauses: [
      '在评价过程中使用规定以外的带拍照、存储、传输或通讯功能的电子设备（如相机、手机、耳机、U盘、手提电脑、智能手表、智能手环等）或其他电子用品的',
      '抄袭或协助他人抄袭试题答案或与评价内容相关资料等的',
      '故意损毁试卷、工件或考试材料的',
      '擅自将试题、答卷或者有关内容带出考场的',
      '存在其他作弊行为，但未对其他参评人员造成严重干扰的',
    ],
  },
  {
    article: 8,
    subjectType: 'candidate',
    lead: '参评人员有下列行为之一的，取消其当次全部科目评价成绩，且2年内不得参加技能评价。',
    consequence: { tier: 'ban-2-years', summary: '取消当次全部科目评价成绩，且2年内不得参加技能评价' + CERT_CANDIDATE },
    clauses: [
      '通过虚假承诺、提供虚假材料以及其他非正当手段取得参加评价资格的',
      '由他人冒名顶替参加评价或顶替他人参加评价的',
      '其他影响或扰乱评价管理秩序的行为',
    ],
  },
  {
    article: 9,
    subjectType: 'candidate',
    lead: '参评人员有下列行为之一的，取消其当次全部科目评价成绩，且5年内不得参加技能评价。',
    consequence: { tier: 'ban-5-years', summary: '取消当次全部科目评价成绩，且5年内不得参加技能评价' + CERT_CANDIDATE },
    clauses: [
      '评价前以非正当手段获得试题或答案并进行传播的',
      '串通多人作弊、胁迫他人配合作弊、组织作弊或参与有组织作弊行为的',
      '故意损毁设施设备（含视频监控系统）、材料，造成设备事故、人身伤害、设备主要零部件损坏或重大财产损失的',
      '抢夺、窃取、偷换或故意毁坏他人试卷（作品、考件）、偷换盗窃工量器具影响评价活动开展',
      '威胁、危害评价机构工作人员或其他参评人员人身安全的',
      '散布不实信息，造成不良社会影响',
      '其他影响恶劣或严重扰乱评价管理秩序的行为',
    ],
  },
  {
    article: 11,
    subjectType: 'examiner',
    lead: '考评人员有下列行为之一的，由评价机构谈话提醒，责令改正。',
    consequence: { tier: 'talk-and-correct', summary: '由评价机构谈话提醒，责令改正' },
    clauses: [
      '接受考评工作任务后，出现迟到、早退的',
      '缺席考评员相关培训和各项业务活动的',
      '违反评价现场通讯工具集中管理要求的',
      '在阅卷评分、考评、评审或面试过程中失职，造成误评、漏评，结果出现少量或轻微错误的',
      '其他违反考评人员管理规定，但未造成不良影响的',
    ],
  },
  {
    article: 12,
    subjectType: 'examiner',
    lead: '考评人员有下列行为之一的，由评价机构通报批评，并按相关规定进行处理。对评价工作造成不良影响的，评价机构监管部门对评价机构进行约谈。',
    consequence: {
      tier: 'public-criticism',
      summary: '由评价机构通报批评，并按相关规定进行处理',
      institution: '对评价工作造成不良影响的，评价机构监管部门对评价机构进行约谈',
    },
    clauses: [
      '一个备案周期内被谈话提醒2次后，再次发生第十一条所列行为的',
      '接受考评工作任务后，缺席或在工作过程中擅自离开考评岗位的',
      '违反“考培分离”或“回避”原则的',
      '在阅卷评分、考评、评审或面试过程中，未按照参考答案或评分标准进行评分、考评、评审，结果出现较大错误的',
      '其他违反考评人员管理规定，造成不良影响的',
    ],
  },
  {
    article: 13,
    subjectType: 'examiner',
    lead: '考评人员有下列行为之一的，由评价机构通报批评，并吊销其考评人员证卡。对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改。',
    consequence: {
      tier: 'revoke-qualification',
      summary: '由评价机构通报批评，并吊销其考评人员证卡',
      institution: '对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改',
    },
    clauses: [
      '一个备案周期内被通报批评1次后，再次发生第十一条或十二条所列行为的',
      '拒不接受考评工作任务的',
      '在阅卷评分、考评、评审或面试过程中，未按照参考答案或评分标准进行评分、考评、评审，或因失职造成误评、漏评，结果出现重大错误的',
      '盗窃、损毁、偷换、违规涂改参评人员答卷（或工件）、评价成绩、参评人员信息材料、考场原始记录及其他有关材料，或在上述材料中弄虚作假的',
      '存在非法出售、提供试卷（题）、答案或其他泄密行为的',
      '利用考评人员身份招揽参评人员谋取私利，包庇或打击报复他人，侵害国家、集体利益或他人合法权益的',
      '其他违反考评人员管理规定，妨碍技能评价工作正常进行，造成严重社会影响或引发社会舆论的',
    ],
  },
  {
    article: 14,
    subjectType: 'supervisor',
    lead: '质量督导员有下列行为之一的，由评价机构或评价机构监管部门谈话提醒，责令改正。',
    consequence: { tier: 'talk-and-correct', summary: '由评价机构或评价机构监管部门谈话提醒，责令改正' },
    clauses: [
      '接受质量督导工作任务后，出现迟到、早退的',
      '缺席质量督导员相关培训和各项业务活动的',
      '在质量督导工作中，未能佩戴技能人才评价质量督导员证卡的',
      '在质量督导工作中，从事与督导工作无关的活动，履职态度敷衍、工作流于形式',
      '其他违反质量督导员管理规定，但未造成不良影响的',
    ],
  },
  {
    article: 15,
    subjectType: 'supervisor',
    lead: '质量督导员有下列行为之一的，由评价机构或评价机构监管部门通报批评，并按相关规定进行处理。内部质量督导员对评价工作造成不良影响的，评价机构监管部门对评价机构进行约谈。',
    consequence: {
      tier: 'public-criticism',
      summary: '由评价机构或评价机构监管部门通报批评，并按相关规定进行处理',
      institution: '内部质量督导员对评价工作造成不良影响的，评价机构监管部门对评价机构进行约谈',
    },
    clauses: [
      '一个备案周期内被谈话提醒2次后，再次发生第十四条所列行为的',
      '接受质量督导工作任务后，缺席或在工作过程中擅自离开督导岗位的',
      '违反“回避”原则，应当回避却未回避的',
      '在质量督导工作中，不能有效履行督导职责，未能发现或指出明显重大违纪违规行为，或对评价活动中发现的违纪违规情况或重大突发事件隐瞒不报的',
      '擅自公开质量督导结果（情况）、评价过程以及参评人员、考评人员等相关信息的',
      '其他违反质量督导人员管理规定，造成不良影响的',
    ],
  },
  {
    article: 16,
    subjectType: 'supervisor',
    lead: '质量督导员有下列行为之一的，由评价机构或评价机构监管部门通报批评，并吊销其技能人才评价质量督导员证卡。内部质量督导员对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改。',
    consequence: {
      tier: 'revoke-qualification',
      summary: '由评价机构或评价机构监管部门通报批评，并吊销其技能人才评价质量督导员证卡',
      institution: '内部质量督导员对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改',
    },
    clauses: [
      '一个备案周期内被通报批评1次后，再次发生第十四条或第十五条所列行为的',
      '未经委派擅自参加或拒绝参加质量督导工作的',
      '未执行相关保密规定，导致评价机构工作秘密或商业秘密泄露的',
      '利用质量督导员身份，包庇、弄虚作假，徇私舞弊，谋取私利，影响督导结果客观公正，以及干扰评价机构正常工作、侵害他人合法权益的',
      '其他违反质量督导员管理规定，妨碍技能评价工作正常进行，造成严重社会影响或引发社会舆论的',
    ],
  },
  {
    article: 17,
    subjectType: 'expert',
    lead: '评价项目开发专家有下列行为之一的，由评价机构通报批评，并取消其在本单位的评价工作资格。对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改。',
    consequence: {
      tier: 'revoke-qualification',
      summary: '由评价机构通报批评，并取消其在本单位的评价工作资格',
      institution: '对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改',
    },
    clauses: [
      '拒不参加评价项目开发、不履行专家职责的',
      '利用专家身份谋取不正当利益的',
      '未执行有关保密制度，对外泄露开发过程、题库资源等情况的',
      '违反“考培分离”原则，与培训单位、考生或相关人员发生利益输送的',
      '其他违反评价项目开发等专家管理规定，妨碍技能评价工作正常进行，造成严重社会影响或引发社会舆论的',
    ],
  },
  {
    article: 18,
    subjectType: 'staff',
    lead: '评价机构其他人员有下列行为之一的，由评价机构谈话提醒，责令改正。',
    consequence: { tier: 'talk-and-correct', summary: '由评价机构谈话提醒，责令改正' },
    clauses: [
      '对参评人员资格审核不严，出现错误的',
      '未按规定按时领取、分发和回收试卷或相关材料的',
      '参与或协助考务管理、命题组卷、成绩处理、证书印发等相关工作时，未认真履行职责或违反相关管理制度，出现错误的',
      '其他违反评价管理规定，但未造成不良影响的',
    ],
  },
  {
    article: 19,
    subjectType: 'staff',
    lead: '评价机构其他人员有下列行为之一的，由评价机构通报批评，并按相关规定进行处理。对评价工作造成不良影响的，评价机构监管部门对评价机构进行约谈。',
    consequence: {
      tier: 'public-criticism',
      summary: '由评价机构通报批评，并按相关规定进行处理',
      institution: '对评价工作造成不良影响的，评价机构监管部门对评价机构进行约谈',
    },
    clauses: [
      '一个备案周期内被谈话提醒2次后，再次发生第十八条所列行为的',
      '未认真履行职责，造成考场出现秩序混乱，或对考场内作弊现象等违纪违规行为不及时制止或上报的',
      '参与或协助考务管理、命题组卷、成绩处理、证书印发等相关工作时造成严重差错，影响评价活动客观公正的行为的',
      '违反“回避”原则，应当回避却未回避的',
      '其他违反评价管理规定，造成不良影响的',
    ],
  },
  {
    article: 20,
    subjectType: 'staff',
    lead: '评价机构其他人员有下列行为之一的，由评价机构通报批评，并取消其在本单位的评价工作资格。对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改。',
    consequence: {
      tier: 'revoke-qualification',
      summary: '由评价机构通报批评，并取消其在本单位的评价工作资格',
      institution: '对评价工作造成不良影响的，评价机构监管部门对评价机构予以警告，限期整改',
    },
    clauses: [
      '一个备案周期内被通报批评1次后，再次发生第十八条或十九条所列行为的',
      '盗窃、损毁、偷换、违规涂改参评人员答卷（或考件）、评价成绩、参评人员信息材料、考场原始记录及其他有关评价材料，或在上述材料中弄虚作假、徇私舞弊，影响考评结果公正的',
      '未执行相关保密规定，泄露试题（卷）、评价结果等保密信息的',
      '非法出售试题（卷）、答案、证书行为的',
      '指使或纵容他人作弊，组织或参与有组织作弊的',
      '利用工作职权徇私或打击报复参评人员等违纪违规行为的',
      '在证书管理工作中存在弄虚作假、徇私舞弊的',
      '其他违反评价管理规定，妨碍技能评价工作正常进行，造成严重社会影响或引发社会舆论的',
    ],
  },
  {
    article: 21,
    subjectType: 'institution',
    lead: '评价机构有下列行为之一的，由评价机构监管部门对其负责人（或执行负责人）进行约谈，责令改正，并要求评价机构追究相关人员责任。视情况宣布当次评价颁发证书或评价成绩部分或全部无效。',
    consequence: {
      tier: 'interview-and-correct',
      summary: '评价机构监管部门约谈其负责人（或执行负责人），责令改正，要求追究相关人员责任；视情况宣布当次评价颁发证书或评价成绩部分或全部无效' + CERT_INSTITUTION,
    },
    clauses: [
      '对参评人员的参评资格审核不严，情节轻微的',
      '考务管理不规范，未按评价方案制定考务计划或未按考务规定报备考务计划',
      '命题组卷不规范，未执行职业技能标准或评价规范及有关制度规定，未按组卷策略要求随机组卷的',
      '未严格按照规定设置考场和配备工作人员的，或随意变更考场或工作人员，未向评价机构监管部门报备的',
      null,
      '评价组织管理松懈，工作人员未按要求履职，考场组织无序，内部质量督导流于形式',
      '联网监控系统异常，经整改后仍不符合要求的',
      '阅卷管理不规范，评分标准不统一，导致评价结果错误的',
      '成绩管理不规范，导致影响评价结果的，1年内累计出现成绩汇总、录入错误超过3次，或累计申请成绩更正超过20人次',
      '未按要求及时上报证书数据的',
      '技能人才评价档案材料保存不完整、管理不规范，未落实档案保管年限要求的',
      '进行虚假宣传，但未造成严重后果的',
      '对本机构工作人员、参评人员违纪违规行为应处理不处理，或处理不规范不到位的',
      '其他违反技能人才评价有关规定，造成较轻不良影响的行为',
    ],
  },
  {
    article: 22,
    subjectType: 'institution',
    lead: '评价机构有下列行为之一的，由评价机构监管部门予以警告，限期整改，整改期间暂停评价活动，并要求评价机构追究相关人员责任。视情况对涉及的相关证书及数据等及时作出相应处理。',
    consequence: {
      tier: 'warning-and-suspension',
      summary:
        '评价机构监管部门予以警告，限期整改，整改期间暂停评价活动，要求追究相关人员责任；视情况处理相关证书及数据；机构应在收到处理决定后5个工作日内提交限期整改方案（第三十二条）' +
        CERT_INSTITUTION,
    },
    clauses: [
      '发生第二十一条所列情况，情节严重的，或在一个备案周期内被约谈1次后，再次发生的',
      '未按评价方案开展评价活动，或使用未经备案的试题资源开展评价活动，或在未按规定报备重要事项、擅自开展评价活动的',
      '超出备案的评价对象或考核点范围开展评价活动的',
      '成绩管理不规范，导致影响评价结果的，1年内累计出现成绩汇总、录入错误超过5次，或累计申请成绩更正超过50人次',
      '1年内无正当理由未开展评价活动的',
      '拒不接受或故意阻挠评价机构监管部门开展日常监督检查活动的',
      '对监督检查中发现或其他渠道反映的违规问题未按期完成整改的',
      '评价机构因涉嫌违纪违规问题正在调查核实的',
      '评价机构利用广告或其他方式，进行“包过”“保过”等虚假宣传的',
      '被投诉举报并经核实的行为',
      '其他违反技能人才评价有关规定，造成较大不良影响的行为',
    ],
  },
  {
    article: 23,
    subjectType: 'institution',
    lead: '评价机构有下列行为之一的，评价机构监管部门予以终止备案，向社会公布，并要求评价机构追究相关人员责任。对涉及的相关证书及数据等及时作出相应处理。',
    consequence: {
      tier: 'termination',
      summary: '评价机构监管部门予以终止备案，向社会公布，要求追究相关人员责任；对涉及的相关证书及数据及时处理' + CERT_INSTITUTION,
    },
    clauses: [
      // Scan correction: the source reads “第二十二条例情况” (see SCAN_CORRECTIONS in index.ts).
      '发生第二十二条所列情况已被警告，但拒不整改或整改后再次发生的',
      '备案申请中故意提交虚假材料、虚假承诺取得评价资格的',
      '将评价机构评价资质（实施权限）委托授权或转让他人的',
      '为参评人员或协助参评人员伪造申报资料或证件，或纵容参评人员违规报名的',
      '超出备案的职业、工种、等级或区域范围开展评价活动的',
      '考场秩序混乱，有组织舞弊的',
      '出现安全事故、发生试题泄密等情况的',
      '证书数据造假的',
      '违反“考培分离”原则的',
      '1年（含）以上不开展评价的',
      '未经考评或认定程序，编造考评认定档案材料，非法制售职业技能证书情节严重的，或严重偏离评价标准降低考评难度，滥发职业技能证书情节严重的',
      '隐瞒、谎报评价工作要情等，或其他不履行工作承诺，违反技能人才评价有关规定，造成严重不良社会影响的',
    ],
  },
];

/** 第二十四条第二款: a data-protection duty whose breach is itself a violation (id SH2025-24, no clause). */
export const SH2025_24: Omit<Rule, 'crosswalk'> = {
  id: 'SH2025-24',
  source: SH2025_SOURCE,
  article: 24,
  clause: null,
  lead: '评价机构、评价机构监管部门均应建立数据安全、准确、完整保障机制',
  text: '发生超范围读取证书数据、泄露个人隐私、利用证书数据等提供有偿服务等行为的',
  subjectType: 'institution',
  consequence: {
    tier: 'certificate-data',
    summary:
      '立即查清情况，对造成问题的相关机构、人员立即取消其证书数据读取权限，责令删除已读取的证书数据，并依据相关规定进行处罚；违反法律法规的，移送相关部门处理',
  },
};

/** SH2025 rules in document order, without crosswalk (added in index.ts). */
export const SH2025_RULES: Omit<Rule, 'crosswalk'>[] = [
  ...SH2025_ARTICLES.flatMap((a) =>
    a.clauses.flatMap((text, i) =>
      text === null
        ? []
        : [
            {
              id: `SH2025-${a.article}-${i + 1}`,
              source: SH2025_SOURCE,
              article: a.article,
              clause: i + 1,
              lead: a.lead,
              text,
              subjectType: a.subjectType,
              consequence: a.consequence,
            },
          ],
    ),
  ),
  SH2025_24,
];

/**
 * Each kind of conduct the triage engine recognises (its concept ids) → the 细则 clause it falls under for each
 * subject who can commit it. A clause may stand under several kinds (泄题 and 出售试题 both reach 第十三条（五）).
 */
export const SH2025_CONDUCT: Readonly<Record<string, Partial<Record<Rule['subjectType'], string>>>> = {
  'banned-items': { candidate: 'SH2025-6-1' },
  seat: { candidate: 'SH2025-6-2' },
  disorder: { candidate: 'SH2025-6-3' },
  'minor-breach': { candidate: 'SH2025-6-4' },
  device: { candidate: 'SH2025-7-1' },
  copying: { candidate: 'SH2025-7-2' },
  'damage-own-paper': { candidate: 'SH2025-7-3' },
  'take-out': { candidate: 'SH2025-7-4' },
  'cheating-generic': { candidate: 'SH2025-7-5', institution: 'SH2025-23-6', staff: 'SH2025-20-5', examiner: 'SH2025-13-7' },
  'false-qualification': { candidate: 'SH2025-8-1', institution: 'SH2025-23-4', staff: 'SH2025-20-2' },
  impersonation: { candidate: 'SH2025-8-2', institution: 'SH2025-23-6', staff: 'SH2025-20-5' },
  'disrupt-order': { candidate: 'SH2025-8-3' },
  'obtain-questions': { candidate: 'SH2025-9-1', staff: 'SH2025-20-3', examiner: 'SH2025-13-5', expert: 'SH2025-17-3', institution: 'SH2025-23-7', supervisor: 'SH2025-16-3' },
  'sell-questions': { staff: 'SH2025-20-4', examiner: 'SH2025-13-5', institution: 'SH2025-23-7', candidate: 'SH2025-9-1', expert: 'SH2025-17-2' },
  'organised-cheating': { candidate: 'SH2025-9-2', institution: 'SH2025-23-6', staff: 'SH2025-20-5', examiner: 'SH2025-13-5' },
  'damage-equipment': { candidate: 'SH2025-9-3' },
  'others-paper': { candidate: 'SH2025-9-4' },
  threaten: { candidate: 'SH2025-9-5' },
  rumours: { candidate: 'SH2025-9-6' },
  'severe-other': { candidate: 'SH2025-9-7' },
  'late-early': { examiner: 'SH2025-11-1', supervisor: 'SH2025-14-1', institution: 'SH2025-21-6' },
  'absent-post': { examiner: 'SH2025-12-2', supervisor: 'SH2025-15-2', institution: 'SH2025-21-6' },
  'skip-training': { examiner: 'SH2025-11-2', supervisor: 'SH2025-14-2' },
  'examiner-phone': { examiner: 'SH2025-11-3', supervisor: 'SH2025-14-4' },
  'scoring-light': { examiner: 'SH2025-11-4', staff: 'SH2025-18-3' },
  'scoring-wrong': { examiner: 'SH2025-12-4', institution: 'SH2025-21-8', staff: 'SH2025-18-3' },
  'scoring-heavy': { examiner: 'SH2025-13-3', staff: 'SH2025-19-3' },
  kaopei: { institution: 'SH2025-23-9', examiner: 'SH2025-12-3', expert: 'SH2025-17-4' },
  recusal: { examiner: 'SH2025-12-3', supervisor: 'SH2025-15-3', staff: 'SH2025-19-4' },
  'repeat-after-talk': { examiner: 'SH2025-12-1', supervisor: 'SH2025-15-1', staff: 'SH2025-19-1', institution: 'SH2025-22-1' },
  'repeat-after-criticism': { examiner: 'SH2025-13-1', supervisor: 'SH2025-16-1', staff: 'SH2025-20-1' },
  'refuse-task': { examiner: 'SH2025-13-2', supervisor: 'SH2025-16-2', expert: 'SH2025-17-1' },
  tamper: { staff: 'SH2025-20-2', examiner: 'SH2025-13-4', institution: 'SH2025-23-11' },
  solicit: { examiner: 'SH2025-13-6', supervisor: 'SH2025-16-4', expert: 'SH2025-17-2', staff: 'SH2025-20-6' },
  retaliate: { staff: 'SH2025-20-6', examiner: 'SH2025-13-6', supervisor: 'SH2025-16-4' },
  'no-badge': { supervisor: 'SH2025-14-3' },
  perfunctory: { supervisor: 'SH2025-14-4', institution: 'SH2025-21-6' },
  'failed-to-stop': { supervisor: 'SH2025-15-4', staff: 'SH2025-19-2', examiner: 'SH2025-12-5', institution: 'SH2025-21-13' },
  disclose: { staff: 'SH2025-20-3', supervisor: 'SH2025-15-5' },
  unassigned: { supervisor: 'SH2025-16-2' },
  secrets: { supervisor: 'SH2025-16-3', expert: 'SH2025-17-3', staff: 'SH2025-20-3' },
  'ask-fee': { supervisor: 'SH2025-16-4', examiner: 'SH2025-13-6', expert: 'SH2025-17-2', staff: 'SH2025-20-6' },
  'expert-duty': { expert: 'SH2025-17-1' },
  'expert-gain': { expert: 'SH2025-17-2' },
  'bank-leak': { expert: 'SH2025-17-3', staff: 'SH2025-20-3', institution: 'SH2025-23-7' },
  'expert-kaopei': { expert: 'SH2025-17-4' },
  'qualification-lax': { institution: 'SH2025-21-1', staff: 'SH2025-18-1' },
  'papers-handling': { staff: 'SH2025-18-2' },
  'staff-errors': { staff: 'SH2025-18-3', institution: 'SH2025-21-9' },
  'serious-errors': { staff: 'SH2025-19-3', examiner: 'SH2025-13-3' },
  chaos: { institution: 'SH2025-21-6', staff: 'SH2025-19-2' },
  connive: { staff: 'SH2025-20-5', institution: 'SH2025-23-6', examiner: 'SH2025-13-5', supervisor: 'SH2025-16-4' },
  'sell-cert': { institution: 'SH2025-23-11', staff: 'SH2025-20-4', examiner: 'SH2025-13-7' },
  'cert-fraud-staff': { staff: 'SH2025-20-7', institution: 'SH2025-23-8' },
  'exam-plan': { institution: 'SH2025-21-2' },
  'paper-assembly': { institution: 'SH2025-21-3', staff: 'SH2025-18-3' },
  'change-scheme': { institution: 'SH2025-22-2' },
  'venue-staffing': { institution: 'SH2025-21-4' },
  monitoring: { institution: 'SH2025-21-7' },
  'marking-standards': { institution: 'SH2025-21-8', examiner: 'SH2025-12-4' },
  'grade-management': { institution: 'SH2025-21-9', staff: 'SH2025-18-3' },
  'grade-management-heavy': { institution: 'SH2025-22-4' },
  'cert-upload': { institution: 'SH2025-21-10' },
  archives: { institution: 'SH2025-21-11' },
  'false-advertising': { institution: 'SH2025-21-12' },
  'not-handled': { institution: 'SH2025-21-13' },
  'serious-repeat': { institution: 'SH2025-22-1' },
  'unfiled-operation': { institution: 'SH2025-22-2' },
  'beyond-objects': { institution: 'SH2025-22-3' },
  inactive: { institution: 'SH2025-22-5' },
  'inactive-long': { institution: 'SH2025-23-10' },
  obstruct: { institution: 'SH2025-22-6' },
  'not-rectified': { institution: 'SH2025-22-7' },
  'under-investigation': { institution: 'SH2025-22-8' },
  'pass-guarantee': { institution: 'SH2025-22-9' },
  'complaint-verified': { institution: 'SH2025-22-10' },
  'repeat-after-warning': { institution: 'SH2025-23-1' },
  'false-filing': { institution: 'SH2025-23-2' },
  'transfer-qualification': { institution: 'SH2025-23-3' },
  'forge-for-candidates': { institution: 'SH2025-23-4', staff: 'SH2025-20-2' },
  'beyond-filed-scope': { institution: 'SH2025-23-5' },
  'safety-leak': { institution: 'SH2025-23-7' },
  'cert-data-fake': { institution: 'SH2025-23-8', staff: 'SH2025-20-7' },
  'cert-without-exam': { institution: 'SH2025-23-11', staff: 'SH2025-20-4' },
  conceal: { institution: 'SH2025-23-12' },
  'cert-data-abuse': { institution: 'SH2025-24' },
  'generic-institution-other': { institution: 'SH2025-21-14' },
  'other-marks': { candidate: 'SH2025-7-5' },
  'leak-results': { staff: 'SH2025-20-3', supervisor: 'SH2025-15-5', examiner: 'SH2025-13-5' },
  'unfiled-staff': { institution: 'SH2025-21-4' },
  'materials-missing': { institution: 'SH2025-21-1' },
  smoking: { candidate: 'SH2025-6-3', supervisor: 'SH2025-14-5', examiner: 'SH2025-11-5', staff: 'SH2025-18-4' },
  unprofessional: { examiner: 'SH2025-11-5', supervisor: 'SH2025-14-5', staff: 'SH2025-18-4' },
  'misconduct-harm': { examiner: 'SH2025-12-5', supervisor: 'SH2025-15-6', staff: 'SH2025-19-5' },
  'public-outcry': { examiner: 'SH2025-13-7', supervisor: 'SH2025-16-5', expert: 'SH2025-17-5', staff: 'SH2025-20-8' },
  'extra-fees': { institution: 'SH2025-21-14' },
  'institution-serious-other': { institution: 'SH2025-22-11' },
};
