import * as z from 'zod';
import { DISTRICTS, authorityName, isAuthorityId, type AuthorityId, type AuthorityNames } from '../ids';
import { DomainError } from '../report';
import type { Issuer } from './content';
import { words } from './schemas';

// The issuing office of a document: its name (版头 and 落款), its 机关代字 for 文号, and how a party reaches it.
// Every municipal and district office has a typed default; a deployment overrides any field per authority.

export const DOCUMENT_KINDS = ['notice', 'decision', 'review', 'referral'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_NAMES: Record<DocumentKind, string> = {
  notice: '处理事先告知书',
  decision: '处理决定书',
  review: '复核决定书',
  referral: '移送函',
};

export interface OfficeContact {
  /** 联系人 */
  person: string;
  phone: string;
  /** Where a party hands in or posts a statement, a defence or an objection. */
  address: string;
  postcode?: string;
}

export interface OfficeProfile {
  authority: AuthorityId;
  /** 发文机关全称, e.g. 上海市闵行区人力资源和社会保障局 */
  name: string;
  /** 机关代字, e.g. 闵人社 */
  docNoPrefix: string;
  /** The code after the prefix per kind of document: 闵人社 + 告 + 〔2025〕3号. */
  kindCodes: Record<DocumentKind, string>;
  contact?: OfficeContact;
  /** The 行政复议/诉讼 sentence in decisions; null leaves it out. */
  appealRights: string | null;
}

/** 行政复议法第二十条 (60 days) and 行政诉讼法第四十六条 (6 months), as decisions commonly tell them. */
export const DEFAULT_APPEAL_RIGHTS = '如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。';

const KIND_CODES: Record<DocumentKind, string> = { notice: '告', decision: '处', review: '复', referral: '移' };

// 机关代字 by district: 闵人社 is attested (闵人社发〔2024〕54号, docs/sources); the others follow the same
// pattern (first character of the district + 人社) and are defaults for a deployment to confirm or override.
const DISTRICT_PREFIX: Record<(typeof DISTRICTS)[number][0], string> = {
  huangpu: '黄人社',
  xuhui: '徐人社',
  changning: '长人社',
  jingan: '静人社',
  putuo: '普人社',
  hongkou: '虹人社',
  yangpu: '杨人社',
  minhang: '闵人社',
  baoshan: '宝人社',
  jiading: '嘉人社',
  pudong: '浦人社',
  jinshan: '金人社',
  songjiang: '松人社',
  qingpu: '青人社',
  fengxian: '奉人社',
  chongming: '崇人社',
};

/** The typed defaults: municipal (市职鉴中心) and the 16 district 人社局, names as `authorityName` gives them. */
export const DEFAULT_OFFICES: Readonly<Record<string, OfficeProfile>> = Object.freeze(
  Object.fromEntries([
    ['municipal', { authority: 'municipal', name: authorityName('municipal'), docNoPrefix: '沪职鉴', kindCodes: KIND_CODES, appealRights: DEFAULT_APPEAL_RIGHTS }],
    ...DISTRICTS.map(([id]) => {
      const authority = `district:${id}` as const;
      return [authority, { authority, name: authorityName(authority), docNoPrefix: DISTRICT_PREFIX[id], kindCodes: KIND_CODES, appealRights: DEFAULT_APPEAL_RIGHTS }];
    }),
  ]),
);

export const officeContactSchema = z.object({
  person: words('联系人', 50),
  phone: words('联系电话', 50),
  address: words('联系地址', 200),
  postcode: z.string().trim().regex(/^\d{6}$/, { error: '邮政编码应为 6 位数字' }).optional(),
});

/** What a deployment may set for one authority; anything left out keeps the default. */
export const officeOverrideSchema = z.object({
  name: words('发文机关名称', 100).optional(),
  docNoPrefix: words('机关代字', 20).optional(),
  kindCodes: z
    .object({
      notice: words('告知书文号代字', 10).optional(),
      decision: words('处理决定书文号代字', 10).optional(),
      review: words('复核决定书文号代字', 10).optional(),
      referral: words('移送函文号代字', 10).optional(),
    })
    .optional(),
  contact: officeContactSchema.optional(),
  appealRights: z.string().trim().min(1).max(500).nullable().optional(),
});
export type OfficeOverride = z.input<typeof officeOverrideSchema>;

export const officeOverridesSchema = z.record(
  z.string().refine(isAuthorityId, { error: '单位编号不存在（如 municipal、district:minhang、industry:<编号>）' }),
  officeOverrideSchema,
);

/**
 * The office profile of an authority: the default (or, for an industry department, its name from the registry in
 * force, `names`) with the deployment's overrides.
 */
export function officeProfile(authority: AuthorityId, override?: OfficeOverride, names?: AuthorityNames): OfficeProfile {
  const base: OfficeProfile = DEFAULT_OFFICES[authority] ?? { authority, name: authorityName(authority, names), docNoPrefix: '', kindCodes: KIND_CODES, appealRights: DEFAULT_APPEAL_RIGHTS };
  const o = override === undefined ? {} : officeOverrideSchema.parse(override);
  const kindCodes = { ...base.kindCodes };
  for (const kind of DOCUMENT_KINDS) kindCodes[kind] = o.kindCodes?.[kind] ?? kindCodes[kind];
  return {
    ...base,
    ...(o.name ? { name: o.name } : {}),
    ...(o.docNoPrefix ? { docNoPrefix: o.docNoPrefix } : {}),
    kindCodes,
    ...(o.contact ? { contact: o.contact } : base.contact ? { contact: base.contact } : {}),
    appealRights: o.appealRights === undefined ? base.appealRights : o.appealRights,
  };
}

/** 文号 as GB/T 9704 writes it: 机关代字〔年份〕序号号, e.g. 闵人社告〔2025〕3号 (no leading zeros). */
export function formatDocNo(office: OfficeProfile, kind: DocumentKind, year: number, serial: number): string {
  if (!office.docNoPrefix) throw new DomainError(409, 'doc_no_prefix_missing', `${office.name}没有设置机关代字，无法编文号：请在部署配置中为该单位填写机关代字`, 'docNoPrefix');
  if (!Number.isInteger(serial) || serial < 1) throw new DomainError(422, 'serial_invalid', `文号序号应为正整数，收到：${serial}`, 'serial');
  return `${office.docNoPrefix}${office.kindCodes[kind]}〔${year}〕${serial}号`;
}

/** The office as a document names it; a document must say how to reach the office, so a contact is required. */
export function issuerOf(office: OfficeProfile, contact: OfficeContact | undefined = office.contact): Issuer {
  if (!contact) {
    throw new DomainError(409, 'office_contact_missing', `${office.name}还没有设置联系人、电话和地址：文书须写明当事人如何陈述、申辩和提出异议`, 'contact');
  }
  return { name: office.name, contact, appealRights: office.appealRights };
}
