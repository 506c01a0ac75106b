import { parseRegistryCsv, REGISTRY_STATUS_NAMES, type Institution, type RegistryIssue } from './registry';

// What an import of the institution registry would change, shown to the admin before it is confirmed.

export interface RegistryChange {
  name: string;
  fields: { field: keyof Institution; from: string; to: string }[];
}

export interface RegistryPreview {
  count: number;
  added: string[];
  removed: string[];
  changed: RegistryChange[];
  unchanged: number;
  errors: RegistryIssue[];
}

const show = (i: Institution, field: keyof Institution): string => {
  const value = i[field];
  if (field === 'status') return REGISTRY_STATUS_NAMES[i.status];
  return Array.isArray(value) ? value.join('|') : String(value);
};

export function previewRegistryImport(currentCsv: string | undefined, nextCsv: string): RegistryPreview {
  const next = parseRegistryCsv(nextCsv);
  const current = currentCsv ? parseRegistryCsv(currentCsv).institutions : [];
  const before = new Map(current.map((i) => [i.name, i]));
  const after = new Map(next.institutions.map((i) => [i.name, i]));
  const fields: (keyof Institution)[] = ['aliases', 'creditCode', 'district', 'authority', 'occupations', 'status'];
  const changed: RegistryChange[] = [];
  let unchanged = 0;
  for (const [name, institution] of after) {
    const old = before.get(name);
    if (!old) continue;
    const diffs = fields.filter((f) => show(old, f) !== show(institution, f)).map((f) => ({ field: f, from: show(old, f), to: show(institution, f) }));
    if (diffs.length) changed.push({ name, fields: diffs });
    else unchanged++;
  }
  return {
    count: after.size,
    added: [...after.keys()].filter((n) => !before.has(n)),
    removed: [...before.keys()].filter((n) => !after.has(n)),
    changed,
    unchanged,
    errors: next.errors,
  };
}

/** How many names a version's record keeps of each kind of change (the whole preview is shown before import). */
const EXAMPLES = 20;

/** What a version's record keeps of its difference from the version before: counts, and the first names. */
export function diffSummary(preview: RegistryPreview) {
  const changed = preview.changed.map((c) => c.name);
  return {
    added: preview.added.length,
    removed: preview.removed.length,
    changed: changed.length,
    examples: { added: preview.added.slice(0, EXAMPLES), removed: preview.removed.slice(0, EXAMPLES), changed: changed.slice(0, EXAMPLES) },
  };
}
