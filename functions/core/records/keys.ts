import { normalizeShort } from '../text';

// What identifies an institution or a person on record. Institutions by name as the registry spells it (the
// reports' byInstitution index uses the same key); people by their 证卡号, or else by the institution they work
// for and their name — the two ways staff in this field tell one 考评员 from another.

/** The institution key shared by the reports' byInstitution index and the records: spacing, width, case and a trailing 有限公司 do not count. */
export function institutionKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/(有限责任公司|有限公司)$/, '').toLowerCase();
}

/** A 证卡号 as typed: full-width, spaces and dashes do not count. */
export function normaliseCardNo(cardNo: string): string {
  return cardNo.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

/** The person key: `card:<证卡号>`, else `name:<institution key>:<name>`. */
export function personKey(person: { name: string; cardNo?: string; institutionName?: string }): string {
  if (person.cardNo) return `card:${normaliseCardNo(person.cardNo)}`;
  return `name:${institutionKey(person.institutionName ?? '')}:${normalizeShort(person.name).replace(/\s+/g, '')}`;
}
