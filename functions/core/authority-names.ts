// Industry departments' names, from the institution registry. The registry CSV names an institution's 主管部门 by
// id (`industry:health`), and the municipal centre's and the districts' names are fixed; an industry department's
// name comes from the registry's optional `authorityName` column: given on at least one of its institutions' rows,
// the same on every row that gives it, and empty on rows of the municipal centre or a district. A registry without
// the column stays valid (its industry departments are shown as 行业主管部门, never by id).
import { parse } from 'csv-parse/sync';
import type { AuthorityNames } from './ids';
import type { RegistryIssue } from './registry';

export const AUTHORITY_NAME_COLUMN = 'authorityName';
const MAX_NAME = 60;

export interface AuthorityNamesResult {
  names: AuthorityNames;
  issues: RegistryIssue[];
  /** Industry departments of the registry that no row names. */
  unnamed: string[];
}

/** Reads the `authorityName` column of a registry CSV (the rest of the file is registry.ts's to check). */
export function authorityNamesFromCsv(csv: string): AuthorityNamesResult {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(csv.replace(/^\ufeff/, ''), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof rows;
  } catch {
    return { names: new Map(), issues: [], unnamed: [] }; // registry.ts reports the CSV's own errors
  }
  const header = rows[0]?.record.map((h) => h.trim()) ?? [];
  const authorityAt = header.indexOf('authority');
  const nameAt = header.indexOf(AUTHORITY_NAME_COLUMN);
  const names = new Map<string, string>();
  const firstLine = new Map<string, number>();
  const issues: RegistryIssue[] = [];
  const industries = new Set<string>();
  for (const { record, info } of rows.slice(1)) {
    const authority = (record[authorityAt] ?? '').trim();
    if (authority.startsWith('industry:')) industries.add(authority);
    if (nameAt < 0) continue;
    const name = (record[nameAt] ?? '').trim();
    if (!name) continue;
    const line = info.lines;
    if (!authority.startsWith('industry:')) {
      issues.push({ line, message: `主管部门名称（${AUTHORITY_NAME_COLUMN}）只用于行业主管部门（industry:<代码>）；市职鉴中心和各区人社局的名称是固定的，请留空` });
    } else if (name.length > MAX_NAME) {
      issues.push({ line, message: `主管部门名称（${AUTHORITY_NAME_COLUMN}）最多 ${MAX_NAME} 个字` });
    } else if (names.has(authority) && names.get(authority) !== name) {
      issues.push({ line, message: `${authority} 的主管部门名称“${name}”与第${firstLine.get(authority)}行的“${names.get(authority)}”不同，请统一` });
    } else if (!names.has(authority)) {
      names.set(authority, name);
      firstLine.set(authority, line);
    }
  }
  return { names, issues, unnamed: [...industries].filter((a) => !names.has(a)).sort() };
}
