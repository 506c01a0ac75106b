// Operators' commands over the whole table:
//   npm run --silent stats:rebuild [-- --table T]            recompute every counter from the reports (exact)
//   npm run --silent migrate [-- --table T --bucket B]       move first-layout data to the current layout (idempotent)
// Without --table they work on the local stack's data folder (DATA_DIR, default .data) — with `npm start` stopped,
// since the local database files are held by one process at a time. With --table they use the AWS credentials
// and region of the environment.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeClients } from '../adapters/clients';
import { migrateFirstLayout, rebuildCounters } from '../adapters/maintenance';
import { defaultDeadlineContext } from '../core/case-deadlines';
import { openLocalStorage } from '../local/stack';

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({ args: rest, options: { table: { type: 'string' }, bucket: { type: 'string' } } });

async function target() {
  if (values.table) {
    if (command === 'migrate' && !values.bucket) throw new Error('migrate needs --bucket (the evidence bucket, where the registry versions go)');
    return { ...makeClients(), table: values.table, bucket: values.bucket ?? '', close: async () => undefined };
  }
  const dataDir = resolve(process.env.DATA_DIR ?? join(import.meta.dirname, '../../.data'));
  return openLocalStorage(dataDir);
}

const t = await target();
try {
  if (command === 'stats:rebuild') {
    const result = await rebuildCounters(t.dynamo, t.table);
    console.log(`counters rebuilt from ${result.reports} reports in ${result.partitions} partitions`);
  } else if (command === 'migrate') {
    const result = await migrateFirstLayout(t.dynamo, t.table, t.s3, t.bucket, defaultDeadlineContext);
    console.log(
      `moved ${result.moved} reports (${result.alreadyMoved} already moved), registry ${result.registry ? 'moved' : 'already moved or none'}; counters rebuilt from ${result.counters.reports} reports`,
    );
  } else {
    console.error('usage: maintenance.ts stats:rebuild|migrate [--table T] [--bucket B]');
    process.exitCode = 2;
  }
} finally {
  await t.close();
}
