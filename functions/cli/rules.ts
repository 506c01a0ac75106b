// `npm run --silent rules`: every rule, one JSON object per line, nothing else on stdout.
import { RULES } from '../core/rules/index';

const lines = RULES.map((r) =>
  JSON.stringify({
    id: r.id,
    source: r.source.ruleSet,
    article: r.article,
    clause: r.clause,
    lead: r.lead,
    text: r.text,
    subjectType: r.subjectType,
    consequence: r.consequence,
    crosswalk: r.crosswalk,
    ...(r.basis ? { basis: r.basis } : {}),
  }),
);
process.stdout.write(lines.join('\n') + '\n');
