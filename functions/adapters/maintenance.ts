import { DeleteItemCommand, PutItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { nextDue, type DeadlineContext } from '../core/case-deadlines';
import { diffSummary, previewRegistryImport } from '../core/registry-import';
import { countsTowardLimit, EMPTY_TALLY, type EvidenceRecord, type Message, type Milestones, type ReportEvent, type ReportState } from '../core/report';
import { counterDeltas, type Counters } from '../core/stats';
import { DynamoReportStore } from './dynamo-report-store';
import { MARSHALL } from './dynamo-table';
import { S3RegistryStore } from './registry-store';

// Maintenance over the whole table: rebuilding the counters exactly from the reports, and moving data of the
// first layout (one item per report with its events, messages and evidence inside) to the current one.
// Both read the table with Scan: they are operators' commands, not requests (no API role may Scan).

async function* scan(client: DynamoDBClient, table: string, filter: { expression: string; values: Record<string, AttributeValue> }) {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, FilterExpression: filter.expression, ExpressionAttributeValues: filter.values, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) yield unmarshall(item);
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Recomputes every counter item from the report states; the figures are exact afterwards. */
export async function rebuildCounters(client: DynamoDBClient, table: string): Promise<{ reports: number; partitions: number }> {
  const store = new DynamoReportStore(client, table);
  // partition → bucket → counters, as the reports' own deltas from nothing would build them.
  const counters = new Map<string, Map<string, Counters>>();
  let reports = 0;
  for await (const item of scan(client, table, { expression: 'sk = :s', values: { ':s': { S: 'STATE' } } })) {
    for (const delta of counterDeltas(undefined, item as unknown as ReportState)) {
      if (!counters.has(delta.partition)) counters.set(delta.partition, new Map());
      const buckets = counters.get(delta.partition)!;
      const sum = buckets.get(delta.bucket) ?? {};
      for (const [key, n] of Object.entries(delta.add)) sum[key] = (sum[key] ?? 0) + n;
      buckets.set(delta.bucket, sum);
    }
    reports++;
  }
  // Partitions that had counters but no reports any more are emptied too.
  for await (const item of scan(client, table, { expression: 'begins_with(pk, :p) AND sk = :t', values: { ':p': { S: 'STATS#' }, ':t': { S: 'TOTAL' } } })) {
    const partition = String(item.pk).slice('STATS#'.length);
    if (!counters.has(partition)) counters.set(partition, new Map());
  }
  for (const [partition, buckets] of counters) await store.writeCounters(partition, buckets);
  return { reports, partitions: counters.size };
}

interface FirstLayoutReport extends Omit<ReportState, 'milestones' | 'tally' | 'attention' | 'due' | 'lastChange'> {
  events: ReportEvent[];
  messages: Message[];
  evidence: Record<string, EvidenceRecord>;
}

/** What the first layout's event list says about the milestones the deadlines now read from the state. */
function milestonesOf(report: FirstLayoutReport): Milestones {
  const m: Milestones = {};
  for (const e of report.events) {
    if (e.type === 'status' || e.type === 'closed' || e.type === 'transferred') {
      const to = e.type === 'closed' ? 'closed' : e.type === 'transferred' ? 'new' : String(e.data?.to);
      if (to === 'new') {
        delete m.acknowledgedAt;
        delete m.concludedAt;
        continue;
      }
      m.acknowledgedAt ??= e.at;
      if (['confirmed', 'not-confirmed', 'transferred'].includes(to)) m.concludedAt = e.at;
      if (to === 'confirmed') m.confirmedAt = e.at;
      if (to === 'closed') m.closedAt = e.at;
    }
  }
  const reply = report.messages.find((msg) => msg.from === 'staff');
  if (reply) m.firstReplyAt = reply.at;
  return m;
}

/**
 * Moves reports, and the registry, from the first layout to the current one. Idempotent: a report whose state
 * item exists is only cleaned up; run it again after an interruption. Counters are rebuilt at the end.
 */
export async function migrateFirstLayout(
  client: DynamoDBClient,
  table: string,
  s3: S3Client,
  bucket: string,
  deadlines: DeadlineContext,
): Promise<{ moved: number; alreadyMoved: number; registry: boolean; counters: { reports: number; partitions: number } }> {
  const store = new DynamoReportStore(client, table);
  let moved = 0;
  let alreadyMoved = 0;
  for await (const item of scan(client, table, { expression: 'sk = :s', values: { ':s': { S: 'REPORT' } } })) {
    const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, events, messages, evidence, ...rest } = item as unknown as FirstLayoutReport & Record<string, unknown>;
    const old = { ...rest, events, messages, evidence } as FirstLayoutReport;
    const pk = `REPORT#${old.trackingCode}`;
    if (await store.get(old.trackingCode)) {
      alreadyMoved++;
    } else {
      // The whole earlier history is one change item before the first version; it fitted in one item before.
      await client.send(new PutItemCommand({ TableName: table, Item: marshall({ pk, sk: 'CHANGE#00000000', version: 0, at: old.receivedAt, events, messages }, MARSHALL) }));
      for (const record of Object.values(evidence)) {
        await client.send(new PutItemCommand({ TableName: table, Item: marshall({ pk, sk: `EVIDENCE#${record.evidenceId}`, ...record, stateVersion: 0 }, MARSHALL) }));
      }
      const records = Object.values(evidence);
      const state: ReportState = {
        ...(rest as unknown as ReportState),
        milestones: milestonesOf(old),
        tally: {
          ...EMPTY_TALLY,
          evidenceFiles: records.length,
          evidenceInUse: records.filter((e) => countsTowardLimit(e.status)).length,
          reporterMessages: messages.filter((msg) => msg.from === 'reporter').length,
          reporterInARow: messages.length - 1 - messages.findLastIndex((msg) => msg.from === 'staff'),
        },
        attention: {},
        due: { next: null },
        lastChange: { version: old.version, at: old.events.at(-1)?.at ?? old.receivedAt, events: [], messages: [], evidence: [] },
      };
      const created = await store.create({ ...state, due: nextDue(state, deadlines) });
      if (created.created) moved++;
      else alreadyMoved++;
    }
    await client.send(new DeleteItemCommand({ TableName: table, Key: marshall({ pk, sk: 'REPORT' }) }));
  }
  // The registry was one item with the CSV inside: it becomes version 1, in force.
  let registry = false;
  const registryStore = new S3RegistryStore(client, table, s3, bucket);
  for await (const item of scan(client, table, { expression: 'pk = :p AND sk = :s AND attribute_exists(csv)', values: { ':p': { S: 'REGISTRY' }, ':s': { S: 'CURRENT' } } })) {
    const { csv, importedAt, importedBy } = item as { csv: string; importedAt: string; importedBy: string };
    const preview = previewRegistryImport(undefined, csv);
    // Numbered after any version an interrupted run already stored; the old item is replaced by the pointer.
    const version = ((await registryStore.history())[0]?.version ?? 0) + 1;
    await registryStore.save(csv, { version, replaces: 0, importedAt, importedBy, institutions: preview.count, diff: diffSummary(preview) }, 0);
    registry = true;
  }
  return { moved, alreadyMoved, registry, counters: await rebuildCounters(client, table) };
}
