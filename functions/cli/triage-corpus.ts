// The labelled reports the triage model is trained and measured on (test/fixtures/triage-corpus/README.md):
// the project's own reports, and the independent writers' files with the registry they route by.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry, registryFromCsv, type Registry } from '../core/registry';
import { RULE_SETS } from '../core/rules';
import type { TriageInput } from '../core/triage';
import type { LabelledReport } from '../core/triage/train';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS_DIR = 'test/fixtures/triage-corpus';

export interface CorpusCase extends LabelledReport {
  /** Who wrote it: the writer id (t1…t22), or `project` for the project's own reports. */
  writer: string;
  style: string;
  authority: string;
  file: string;
}

interface Line {
  input: TriageInput;
  expect: { accept: string[]; authority: string; inScope: boolean };
  meta?: { writer?: string; style?: string };
}

export function readCases(file: string, registry: Registry, writer?: string): CorpusCase[] {
  return readFileSync(resolve(ROOT, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line)
    .map((c) => ({
      input: c.input,
      accept: c.expect.accept,
      inScope: c.expect.inScope,
      authority: c.expect.authority,
      registry,
      writer: c.meta?.writer ?? writer ?? 'project',
      style: c.meta?.style ?? writer ?? 'project',
      file,
    }));
}

/** Every labelled report, in a fixed order: the project's own, then each writer's file (a checked copy where there is one). */
export function readCorpus(): CorpusCase[] {
  const own = readCases('test/fixtures/triage-extra.jsonl', registryFromCsv(readFileSync(`${ROOT}test/fixtures/shared/dev-registry.csv`, 'utf8')), 'project');
  return [...own, ...readBatch(CORPUS_DIR)];
}

const PENDING_DIR = 'test/fixtures/triage-pending';

/**
 * Every labelled report that is not held out: the corpus, then the sets written but not trained on
 * (triage-pending/README.md). Those at the folder's top are held-out sets read since they were scored, routed by the
 * held-out kit's registry; a folder there holds a batch with its own.
 */
export function readNotHeldOut(): CorpusCase[] {
  const heldOutKit = registryFromCsv(readFileSync(`${ROOT}test/fixtures/triage-heldout/registry.csv`, 'utf8'));
  return [...readCorpus(), ...readBatch(PENDING_DIR, heldOutKit)];
}

/** A batch of labelled reports: its files, routed by the registry its writers were given (the folder's own unless given), then its sub-batches. */
function readBatch(dir: string, registry = registryFromCsv(readFileSync(`${ROOT}${dir}/registry.csv`, 'utf8'))): CorpusCase[] {
  const entries = readdirSync(`${ROOT}${dir}`, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  return entries.flatMap((e) =>
    e.isDirectory() ? readBatch(`${dir}/${e.name}`) : e.name.endsWith('.jsonl') ? readCases(`${dir}/${e.name}`, registry) : [],
  );
}

/**
 * Each clause's own text as a labelled report (writer `documents`): the documents' wording for every clause,
 * including those reporters rarely describe. Dated on the day its set took effect, so the set judges it.
 */
export function clauseTexts(): CorpusCase[] {
  const empty = createRegistry([]);
  return RULE_SETS.flatMap((set) =>
    set.rules.map((r) => ({
      input: { id: `doc-${r.id}`, description: `${r.lead}${r.text}`, subjectType: r.subjectType, incidentDate: set.source.inForce },
      accept: [r.id],
      inScope: true,
      authority: 'municipal',
      registry: empty,
      writer: 'documents',
      style: 'documents',
      file: set.source.docNo,
    })),
  );
}
