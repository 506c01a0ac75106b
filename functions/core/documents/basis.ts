import { SUBJECT_TYPE_NAMES, type SubjectType } from '../ids';
import { DomainError } from '../report';
import { SOURCES, chineseNumber, citationOf, ruleById, ruleSetFor, type Rule } from '../rules';

// What a document rests on: the rules of the table in force on the incident date (实体从旧), each quoted in the
// document's own words with its consequence. A rule the incident date or the party does not admit is refused
// here, so neither a draft nor a rendered document can cite it.

export type PartyKind = Exclude<SubjectType, 'unknown'>;

/** The rules behind `ruleIds`, or a DomainError naming the offending entry (`<field>.<index>`). */
export function basisRules(ruleIds: readonly string[], partyKind: PartyKind, incidentDate: string, field = 'ruleIds'): Rule[] {
  const inForce = ruleSetFor(incidentDate, incidentDate);
  return ruleIds.map((id, index) => {
    const at = `${field}.${index}`;
    const rule = ruleById(id);
    if (!rule) throw new DomainError(422, 'unknown_rule', `条款编号 ${id} 不存在，请从条款列表中选择`, at);
    if (rule.subjectType !== partyKind) {
      throw new DomainError(
        422,
        'rule_subject_mismatch',
        `条款 ${id}（${citationOf(rule)}）适用于${SUBJECT_TYPE_NAMES[rule.subjectType]}，而当事人是${SUBJECT_TYPE_NAMES[partyKind]}`,
        at,
      );
    }
    if (rule.source.ruleSet !== inForce) {
      const instead = rule.crosswalk.length ? `，对应条款：${rule.crosswalk.join('、')}` : '';
      const message =
        inForce === 'SH2025'
          ? `事发日 ${incidentDate} 适用${SOURCES.SH2025.docNo}《细则》，${id} 是《细则》施行前的指引条目，不能作为依据${instead}`
          : `事发日 ${incidentDate} 早于《细则》施行日（${SOURCES.SH2025.inForce}），不能依据${citationOf(rule)}处理${
              rule.subjectType === 'institution' ? instead : '；应依据当时有效的规定，本系统未收录'
            }`;
      throw new DomainError(422, 'rule_not_in_force', message, at);
    }
    return rule;
  });
}

/** 第三十二条: a 第二十二条 warning (or, before the 细则, an MH2024 row whose only handling is 限期整改) asks for a rectification plan. */
export function requiresRectificationPlan(rules: readonly Rule[]): boolean {
  return rules.some((r) =>
    r.source.ruleSet === 'SH2025' ? r.article === 22 : (r.consequence.tiers ?? []).every((t) => t.handling === '限期整改'),
  );
}

/** A rule quoted as a document cites it: where it stands, its words, and the consequence the table gives it. */
export interface BasisQuote {
  /** e.g. 《细则》第二十二条第（九）项 */
  citation: string;
  /** Lines in the source's own words: the article's lead-in, then the clause. */
  words: string[];
  consequence: string;
}

/** The 细则 named in full; the first mention in a document that cites it again also says 以下简称《细则》. */
export const SH2025_TITLE = `《${SOURCES.SH2025.title}》（${SOURCES.SH2025.docNo}）`;
export const SH2025_FULL_TITLE = `《${SOURCES.SH2025.title}》（${SOURCES.SH2025.docNo}，以下简称《细则》）`;
const MH2024_NAME = '《评价机构违纪违规认定处理指引》';
export const MH2024_FULL_TITLE = `${MH2024_NAME}（${SOURCES.MH2024.docNo}附件，以下简称《指引》）`;

const endSentence = (s: string) => (/[。；]$/.test(s) ? s : `${s}。`);

export function basisQuote(rule: Rule): BasisQuote {
  if (rule.source.ruleSet === 'SH2025') {
    const article = `第${chineseNumber(rule.article)}条`;
    if (rule.clause === null) {
      return { citation: `《细则》${article}第二款`, words: [`${rule.lead}，${endSentence(rule.text)}`], consequence: rule.consequence.summary };
    }
    return {
      citation: `《细则》${article}第（${chineseNumber(rule.clause)}）项`,
      words: [`${article}　${rule.lead}`, `（${chineseNumber(rule.clause)}）${endSentence(rule.text)}`],
      consequence: rule.consequence.summary,
    };
  }
  // MH2024 rows restate the national 指引 (人社职司便函〔2021〕57号): quote the row and the passages it cites.
  return {
    citation: `《指引》序号${rule.article}`,
    words: [...rule.text.split('\n'), ...(rule.citations ?? []).map((c) => `${c.docNo}${c.article}　${c.text}`)],
    consequence: rule.consequence.summary,
  };
}
