// Scores triage on labelled cases the way test/fixtures/shared/score.mjs does (top-1, top-3, routing,
// out-of-scope), and adds the confusion by subject type: which person the label names against which the first
// suggestion names.
import type { Registry } from '../core/registry';
import { ruleById } from '../core/rules';
import { triage, type TriageInput, type TriageOptions } from '../core/triage';

export interface ScoredCase {
  input: TriageInput;
  accept: string[];
  inScope: boolean;
  authority: string;
  registry: Registry;
}

export interface CaseResult {
  id: string;
  inScope: boolean;
  top1: boolean;
  top3: boolean;
  route: boolean;
  /** In scope but ruled out. */
  wronglyOut: boolean;
  /** Out of scope and ruled out. */
  scopeOk: boolean;
  expectedSubject: string;
  suggestedSubject: string;
  miss?: string;
}

const subjectOf = (id: string | undefined) => (id ? (ruleById(id)?.subjectType ?? '?') : 'out');

export function scoreCases(cases: readonly ScoredCase[], options: TriageOptions, previous: CaseResult[] = []) {
  const results: CaseResult[] = [...previous];
  for (const c of cases) {
    const id = c.input.id ?? '';
    const o = triage(c.input, c.registry, { receivedDate: '2026-11-15', ...options });
    const ids = o.suggestions.map((s) => s.ruleId);
    const route = o.route.authority === c.authority;
    const misses: string[] = [];
    if (!route) misses.push(`routed to ${o.route.authority}, expected ${c.authority}`);
    const top1 = c.inScope && ids.length > 0 && c.accept.includes(ids[0]!);
    const top3 = c.inScope && ids.slice(0, 3).some((r) => c.accept.includes(r));
    if (!c.inScope && o.inScope) misses.push(`expected out of scope, got ${ids.slice(0, 3).join(',')}`);
    if (c.inScope && !top3) misses.push(`top-3 ${ids.slice(0, 3).join(',') || '(none)'}; accepted ${c.accept.join(',')}`);
    else if (c.inScope && !top1) misses.push(`top-1 ${ids[0]} not accepted (${c.accept.join(',')})`);
    results.push({
      id,
      inScope: c.inScope,
      top1,
      top3,
      route,
      wronglyOut: c.inScope && !o.inScope,
      scopeOk: !c.inScope && !o.inScope,
      expectedSubject: c.inScope ? subjectOf(c.accept[0]) : 'out',
      suggestedSubject: o.inScope ? subjectOf(ids[0]) : 'out',
      ...(misses.length ? { miss: `${id}: ${misses.join('; ')}` } : {}),
    });
  }
  const inScope = results.filter((r) => r.inScope);
  const out = results.filter((r) => !r.inScope);
  const pct = (a: number, b: number) => (b ? (100 * a) / b : 100);
  const count = (list: CaseResult[], f: (r: CaseResult) => boolean) => list.filter(f).length;
  return {
    results,
    n: inScope.length,
    top1: pct(count(inScope, (r) => r.top1), inScope.length),
    top3: pct(count(inScope, (r) => r.top3), inScope.length),
    route: pct(count(results, (r) => r.route), results.length),
    scope: pct(count(out, (r) => r.scopeOk), out.length),
    counts: {
      top1: count(inScope, (r) => r.top1),
      top3: count(inScope, (r) => r.top3),
      route: count(results, (r) => r.route),
      scopeOk: count(out, (r) => r.scopeOk),
      outN: out.length,
      wronglyOut: count(inScope, (r) => r.wronglyOut),
    },
  };
}

export type Scores = ReturnType<typeof scoreCases>;

export function summaryLine(label: string, s: Scores): string {
  const c = s.counts;
  return (
    `${label}: top1 ${s.top1.toFixed(1)}% (${c.top1}/${s.n}) top3 ${s.top3.toFixed(1)}% (${c.top3}/${s.n}) ` +
    `route ${s.route.toFixed(1)}% (${c.route}/${s.results.length}) out-of-scope ${s.scope.toFixed(1)}% (${c.scopeOk}/${c.outN}) wrongly-out ${c.wronglyOut}`
  );
}

const SUBJECT_ORDER = ['institution', 'examiner', 'supervisor', 'expert', 'staff', 'candidate', 'out'];

/** Rows: the label's subject; columns: the first suggestion's subject (`out`: ruled out of scope). */
export function confusionTable(results: readonly CaseResult[]): string {
  const cols = SUBJECT_ORDER;
  const width = 12;
  const lines = [`${'expected \\ suggested'.padEnd(22)}${cols.map((c) => c.padStart(width)).join('')}`];
  for (const row of SUBJECT_ORDER) {
    const rs = results.filter((r) => r.expectedSubject === row);
    if (!rs.length) continue;
    lines.push(`${row.padEnd(22)}${cols.map((c) => String(rs.filter((r) => r.suggestedSubject === c).length).padStart(width)).join('')}`);
  }
  return lines.join('\n');
}
