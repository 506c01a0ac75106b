import { OBJECTION_WORKING_DAYS, RECTIFICATION_PLAN_WORKING_DAYS, REVIEW_WORKING_DAYS } from '../deadlines';
import { SUBJECT_TYPE_NAMES, type ReferralTarget } from '../ids';
import { DomainError } from '../report';
import type { Rule } from '../rules';
import { MH2024_FULL_TITLE, SH2025_FULL_TITLE, SH2025_TITLE, basisQuote, basisRules, requiresRectificationPlan, type PartyKind } from './basis';
import type { DocumentKind, OfficeContact } from './office';

// The documents of the procedure as content: what each says, in the order an official document says it
// (文号, 标题, 主送, 正文, 落款, 日期). Renderers (functions/adapters/documents) only lay this out.


export interface Party {
  kind: PartyKind;
  /** 机构全称 or 姓名 */
  name: string;
  /** 统一社会信用代码 or 身份证件号码 */
  idNumber?: string;
  address?: string;
  /** Staff and candidates: the institution they work for or were assessed by. */
  institutionName?: string;
}

/** The issuing office as a document names it. */
export interface Issuer {
  name: string;
  contact: OfficeContact;
  /** The 行政复议/诉讼 sentence for decisions; null where the office's deployment leaves it out. */
  appealRights: string | null;
}

/** 第二十七条: where another authority has already decided, its conclusion is the basis. */
export interface OtherAuthorityDecision {
  authority: string;
  docNo?: string;
  decidedOn: string;
  summary: string;
}

/** What was found: the facts, the evidence for them and the reasons (the same in the notice and the decision). */
export interface Findings {
  incidentDate: string;
  facts: string[];
  evidence: string[];
  reasons?: string;
  otherAuthorityDecision?: OtherAuthorityDecision;
}

interface Heading {
  docNo: string;
  /** The date it is issued (签发), YYYY-MM-DD. */
  date: string;
  issuer: Issuer;
  party: Party;
}

export interface NoticeContent extends Heading, Findings {
  kind: 'notice';
  ruleIds: string[];
  intendedDecision: string;
  /** Working days the party has to state its case and defend, from service. */
  statementDays: number;
}

/** How the party used its right after the notice. */
export type StatementOutcome =
  | { kind: 'made'; submittedOn: string; summary: string; consideration: string }
  | { kind: 'waived'; on: string }
  | { kind: 'lapsed' };

export interface ServedDocumentRef {
  docNo: string;
  servedOn: string;
}

export interface SanctionDecisionContent extends Heading, Findings {
  kind: 'decision';
  outcome: 'sanction';
  ruleIds: string[];
  decision: string;
  notice: ServedDocumentRef;
  statement: StatementOutcome;
}

/** 不予处理: the decision not to proceed; it refers to the notice where one was served. */
export interface NoActionDecisionContent extends Heading, Findings {
  kind: 'decision';
  outcome: 'no-action';
  reasons: string;
  notice?: ServedDocumentRef;
  statement?: StatementOutcome;
}

export type DecisionContent = SanctionDecisionContent | NoActionDecisionContent;

export const REVIEW_OUTCOMES = ['upheld', 'varied', 'revoked'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export interface ReviewContent extends Heading {
  kind: 'review';
  decision: ServedDocumentRef & { date: string };
  objection: { submittedOn: string; summary: string };
  reasons: string;
  outcome: ReviewOutcome;
  /** The decision as varied (outcome `varied`). */
  newDecision?: string;
}

export interface ReferralContent extends Heading, Findings {
  kind: 'referral';
  target: ReferralTarget;
  /** 受移送机关 */
  recipient: string;
  /** The rules the conduct falls under, where the office has found any (may be empty). */
  ruleIds: string[];
}

export type DocumentContent = NoticeContent | DecisionContent | ReviewContent | ReferralContent;

export interface Paragraph {
  text: string;
  /** `quote`: the words of a rule, set off from the body; `plain`: no first-line indent (contact lines). */
  style?: 'quote' | 'plain';
}

/** A document laid out as GB/T 9704 orders it. */
export interface OfficialDocument {
  kind: DocumentKind;
  /** 发文机关 (版头) */
  issuer: string;
  title: string;
  docNo: string;
  /** 主送, with its colon */
  addressee: string;
  body: Paragraph[];
  attachments: string[];
  /** 落款 */
  signatory: string;
  /** 成文日期, e.g. 2025年10月10日 */
  date: string;
}

/** A sentence typed by staff, without the full stop the document's own sentence adds after it. */
const clause = (text: string) => text.trim().replace(/[。．.；;，,]+$/u, '');

/** 2025-10-09 → 2025年10月9日 (GB/T 9704: Arabic numerals, no leading zeros). */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

// 第三十四条第一款 in its own words (test/unit/documents.test.ts checks them against the source): the sentence on
// 纪检监察, and for 公安 both, since the second (“上述对象…”) refers back to the first.
const ARTICLE_34_DISCIPLINE =
  '评价机构、评价机构监管部门在执行本细则工作中发现参评人员、工作人员、评价机构中的中共党员、监察对象涉嫌违纪、职务违法、职务犯罪问题的，按规定移交具有管辖权的相关纪检监察机关（机构）处理';
const ARTICLE_34_POLICE = '上述对象涉嫌其他犯罪问题，或者其他对象涉嫌非公职人员职务违法犯罪问题的，按规定移交公安机关依法追究刑事责任';

/** Why the letter goes to this recipient; `xize` names the 细则 as the document has (or has not yet) named it. */
export function referralBasis(target: ReferralTarget, xize: string): string {
  switch (target) {
    case 'discipline-inspection':
      return `${xize}第三十四条第一款：${ARTICLE_34_DISCIPLINE}。`;
    case 'police':
      return `${xize}第三十四条第一款：${ARTICLE_34_DISCIPLINE}；${ARTICLE_34_POLICE}。`;
    case 'market-regulation':
      return '上述利用广告进行虚假宣传的行为，涉嫌违反广告管理有关法律法规，属你单位职责范围。';
  }
}

const REFERRAL_SUSPICION: Record<ReferralTarget, string> = {
  'discipline-inspection': '涉嫌违纪、职务违法或职务犯罪',
  police: '涉嫌违法犯罪',
  'market-regulation': '涉嫌利用广告进行虚假宣传',
};

const you = (party: Party) => (party.kind === 'institution' ? '你单位' : '你');

function partyLine(party: Party): string {
  const id = party.idNumber ? `，${party.kind === 'institution' ? '统一社会信用代码' : '身份证件号码'}：${party.idNumber}` : '';
  const role = party.kind === 'institution' ? '' : `，${SUBJECT_TYPE_NAMES[party.kind]}`;
  const institution = party.institutionName ? `，所在评价机构：${party.institutionName}` : '';
  const address = party.address ? `，地址：${party.address}` : '';
  return `当事人：${party.name}${role}${id}${institution}${address}。`;
}

function findingsParagraphs(findings: Findings, lead: string): Paragraph[] {
  const [first, ...rest] = findings.facts;
  const out: Paragraph[] = [{ text: `${lead}${first ?? ''}` }, ...rest.map((text) => ({ text }))];
  const other = findings.otherAuthorityDecision;
  if (other) {
    out.push({
      text: `另查明，${other.authority}已于${chineseDate(other.decidedOn)}作出处理${other.docNo ? `（${other.docNo}）` : ''}，认定：${clause(other.summary)}。根据《细则》第二十七条的规定，本机关以该处理结论为依据作出认定。`,
    });
  }
  if (findings.evidence.length) {
    out.push({ text: '上述事实，有下列证据证明：' });
    findings.evidence.forEach((e, i) => out.push({ text: `（${i + 1}）${e.replace(/[。；;]$/, '')}${i === findings.evidence.length - 1 ? '。' : '；'}` }));
  }
  if (findings.reasons) out.push({ text: `本机关认为，${findings.reasons}` });
  return out;
}

/** `subject`: who the document says did it (你单位, 你, or 当事人 in a letter to another authority). */
function basisParagraphs(rules: readonly Rule[], subject: string): Paragraph[] {
  const titles = [
    ...(rules.some((r) => r.source.ruleSet === 'SH2025') ? [SH2025_FULL_TITLE] : []),
    ...(rules.some((r) => r.source.ruleSet === 'MH2024') ? [MH2024_FULL_TITLE] : []),
  ];
  const quotes = rules.map(basisQuote);
  return [
    { text: `${subject}的上述行为，属于${titles.join('、')}${quotes.map((q) => q.citation.replace(/^《(细则|指引)》/, '')).join('、')}所列情形。相关规定如下：` },
    ...quotes.flatMap((q) => [...q.words.map((text) => ({ text, style: 'quote' as const })), { text: `相应处理：${q.consequence}。`, style: 'quote' as const }]),
  ];
}

function contactParagraphs(issuer: Issuer): Paragraph[] {
  const c = issuer.contact;
  return [
    { text: `联系人：${c.person}　　联系电话：${c.phone}`, style: 'plain' },
    { text: `联系地址：${c.address}${c.postcode ? `　　邮政编码：${c.postcode}` : ''}`, style: 'plain' },
  ];
}

function statementParagraph(party: Party, statement: StatementOutcome): Paragraph {
  switch (statement.kind) {
    case 'made':
      return { text: `${you(party)}于${chineseDate(statement.submittedOn)}提出陈述、申辩，主要意见为：${clause(statement.summary)}。经复核，${statement.consideration}` };
    case 'waived':
      return { text: `${you(party)}于${chineseDate(statement.on)}书面表示放弃陈述、申辩的权利。` };
    case 'lapsed':
      return { text: `${you(party)}在规定期限内未提出陈述、申辩。` };
  }
}

const heading = (c: Heading, kind: DocumentKind, title: string, addressee: string, body: Paragraph[], attachments: string[] = []): OfficialDocument => ({
  kind,
  issuer: c.issuer.name,
  title,
  docNo: c.docNo,
  addressee: `${addressee}：`,
  body,
  attachments,
  signatory: c.issuer.name,
  date: chineseDate(c.date),
});

/** The sentence that tells the party its right to state its case and defend, the period and how (第二十八条第一款). */
export function statementRightsSentence(party: Party, statementDays: number, contact: OfficeContact): string {
  const p = you(party);
  return `根据《细则》第二十八条第一款的规定，${p}享有陈述、申辩的权利。${p}可在收到本告知书之日起${statementDays}个工作日内，向本机关提出陈述、申辩：书面材料可当面递交或邮寄至本机关（${contact.address}），也可当面口头提出，由本机关制作笔录。逾期未提出的，视为放弃陈述、申辩的权利。`;
}

/** The sentence that tells the party its right to object (第二十九条). */
export function objectionRightsSentence(party: Party): string {
  return `如对本处理决定有异议，${you(party)}可在收到本决定书之日起${OBJECTION_WORKING_DAYS}个工作日内向本机关提出陈述和申辩，本机关将在${REVIEW_WORKING_DAYS}个工作日内作出复核决定（《细则》第二十九条）。`;
}

function compose(content: DocumentContent): OfficialDocument {
  const { party, issuer } = content;
  const p = you(party);
  switch (content.kind) {
    case 'notice': {
      const rules = basisRules(content.ruleIds, party.kind, content.incidentDate);
      return heading(content, 'notice', '技能人才评价违纪违规行为处理事先告知书', party.name, [
        { text: partyLine(party) },
        ...findingsParagraphs(content, '经查，'),
        ...basisParagraphs(rules, p),
        { text: `依据上述规定，本机关拟对${p}作出如下处理：${content.intendedDecision}` },
        { text: statementRightsSentence(party, content.statementDays, issuer.contact) },
        ...contactParagraphs(issuer),
      ]);
    }
    case 'decision': {
      const noticeLine = (n: ServedDocumentRef): Paragraph => ({
        text: `本机关于${chineseDate(n.servedOn)}向${p}送达《技能人才评价违纪违规行为处理事先告知书》（${n.docNo}），告知了拟作出的处理决定及其事实、理由和依据，以及${p}享有的陈述、申辩权利。`,
      });
      const prior = [...(content.notice ? [noticeLine(content.notice)] : []), ...(content.statement ? [statementParagraph(party, content.statement)] : [])];
      if (content.outcome === 'no-action') {
        return heading(content, 'decision', '技能人才评价违纪违规行为不予处理决定书', party.name, [
          { text: partyLine(party) },
          ...prior,
          ...findingsParagraphs({ ...content, reasons: undefined }, '经查，'),
          { text: `本机关认为，${content.reasons}` },
          { text: `本机关决定：对${p}不予处理。` },
          ...contactParagraphs(issuer),
        ]);
      }
      const rules = basisRules(content.ruleIds, party.kind, content.incidentDate);
      return heading(content, 'decision', '技能人才评价违纪违规行为处理决定书', party.name, [
        { text: partyLine(party) },
        ...prior,
        ...findingsParagraphs(content, '经查明，'),
        ...basisParagraphs(rules, p),
        { text: `依据上述规定，本机关决定对${p}作出如下处理：${content.decision}` },
        ...(party.kind === 'institution' && requiresRectificationPlan(rules)
          ? [{ text: `根据《细则》第三十二条的规定，${p}应在收到本决定书之日起${RECTIFICATION_PLAN_WORKING_DAYS}个工作日内向本机关提交限期整改方案，并按方案要求完成整改工作。` }]
          : []),
        { text: objectionRightsSentence(party) },
        ...(issuer.appealRights ? [{ text: issuer.appealRights }] : []),
        ...contactParagraphs(issuer),
      ]);
    }
    case 'review': {
      const ruling =
        content.outcome === 'upheld'
          ? '维持原处理决定。'
          : content.outcome === 'revoked'
            ? '撤销原处理决定。'
            : `变更原处理决定为：${content.newDecision ?? ''}`;
      return heading(content, 'review', '技能人才评价违纪违规行为复核决定书', party.name, [
        { text: partyLine(party) },
        {
          text: `${p}对本机关于${chineseDate(content.decision.date)}作出的《技能人才评价违纪违规行为处理决定书》（${content.decision.docNo}）有异议，于${chineseDate(content.objection.submittedOn)}提出陈述和申辩，主要理由为：${clause(content.objection.summary)}。本机关依据${SH2025_TITLE}第二十九条的规定进行了复核。`,
        },
        { text: `经复核，${content.reasons}` },
        { text: `本机关决定：${ruling}` },
        ...(issuer.appealRights ? [{ text: issuer.appealRights }] : []),
        ...contactParagraphs(issuer),
      ]);
    }
    case 'referral': {
      const rules = basisRules(content.ruleIds, party.kind, content.incidentDate);
      const who = `${party.name}（${SUBJECT_TYPE_NAMES[party.kind]}${party.institutionName ? `，所在评价机构：${party.institutionName}` : ''}）`;
      return heading(
        content,
        'referral',
        '技能人才评价违纪违规问题线索移送函',
        content.recipient,
        [
          { text: `本机关在办理技能人才评价违纪违规行为举报中发现，${who}${REFERRAL_SUSPICION[content.target]}。有关情况如下：` },
          // The evidence goes with the letter as its attachments rather than into its text.
          ...findingsParagraphs({ ...content, evidence: [] }, ''),
          ...(rules.length ? basisParagraphs(rules, '当事人') : []),
          { text: referralBasis(content.target, rules.length ? '《细则》' : SH2025_TITLE), style: content.target === 'market-regulation' ? undefined : 'quote' },
          { text: '现将有关问题线索及材料移送你单位，请依法处理，并将处理结果函告本机关。' },
          ...contactParagraphs(issuer),
        ],
        content.evidence,
      );
    }
  }
}

/** The document a content makes; a DomainError if its rules cannot stand (unknown, another subject's, not in force). */
export function composeDocument(content: DocumentContent): OfficialDocument {
  if (content.kind !== 'review' && content.facts.length === 0) throw new DomainError(422, 'facts_missing', '请填写查明的事实', 'facts');
  if ((content.kind === 'notice' || (content.kind === 'decision' && content.outcome === 'sanction')) && content.ruleIds.length === 0) {
    throw new DomainError(422, 'rules_missing', '请至少选择一条违规条款', 'ruleIds');
  }
  return compose(content);
}

/** Everything a reader finds in a document, in order: what the tests and the case file's index compare against. */
export function documentText(doc: OfficialDocument): string {
  return [doc.issuer, doc.title, doc.docNo, doc.addressee, ...doc.body.map((p) => p.text), ...doc.attachments, doc.signatory, doc.date].join('\n');
}
