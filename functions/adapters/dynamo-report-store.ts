import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { VersionConflict, type ReportIndexes, type ReportStore } from '../core/ports';
import type { QueueIndex, QueueRow, RowSource } from '../core/queue';
import type { ChangeRecord, EvidenceRecord, ReportRecord, ReportState } from '../core/report';
import type { CounterDelta, Counters } from '../core/stats';
import { DynamoTable, MARSHALL } from './dynamo-table';
import { INDEXES } from './table-schema';
import { logger } from './observability';

// Reports on DynamoDB (layout in table-schema.ts). A change is one conditional PutItem of the whole state on its
// version; the state carries the change's events, messages and evidence (`lastChange`), which are then copied
// into their own items — and copied again, idempotently, before the next change, so that a crash between the two
// writes loses nothing. Readers take the copies and the state's `lastChange`. Counters follow each change.

const stateKey = (code: string) => ({ pk: { S: `REPORT#${code}` }, sk: { S: 'STATE' } });
const changeSk = (version: number) => `CHANGE#${String(version).padStart(8, '0')}`;

/** Index keys derived from the state, rewritten with it: the queue row goes along into each index. */
function indexAttributes(state: ReportState, { queueRowOf, institutionKey, institutionOfReport }: Derivations) {
  const { authority } = state.route;
  const byTime = `${state.receivedAt}#${state.trackingCode}`;
  const institution = institutionOfReport(state);
  return {
    row: queueRowOf(state),
    gsi1pk: `${authority}#${state.status}`,
    gsi1sk: byTime,
    gsi2pk: authority,
    gsi2sk: byTime,
    // Only open reports are in the due index (not those merged into another: its limits govern); a limit the
    // calendar cannot compute yet sorts last.
    ...(state.status !== 'closed' && !state.caseOf ? { gsi3pk: authority, gsi3sk: `${state.due.next ?? '9999-12-31'}#${byTime}` } : {}),
    // By the registry's name where triage matched one (an alias or a name in the text finds the same reports).
    ...(institution ? { gsi4pk: `INST#${institutionKey(institution)}`, gsi4sk: byTime } : {}),
  };
}

/**
 * What the state item's row and keys are derived with: core/queue's row and core/records' institution key, loaded
 * with the store's first write (both normalise text with the traditional → simplified tables, which a cold start
 * does without).
 */
export interface Derivations {
  queueRowOf: (state: ReportState) => QueueRow;
  institutionKey: (name: string) => string;
  institutionOfReport: (state: ReportState) => string | undefined;
}
let loaded: Promise<Derivations> | undefined;
export const derivations = (): Promise<Derivations> =>
  (loaded ??= Promise.all([import('../core/queue'), import('../core/records/keys'), import('../core/institution-key')]).then(
    ([{ queueRowOf }, { institutionKey }, { institutionOfReport }]) => ({ queueRowOf, institutionKey, institutionOfReport }),
  ));

/** The state item as stored: the state, its queue row and its index keys. */
export function stateItem(state: ReportState, derive: Derivations): Record<string, AttributeValue> {
  return { ...stateKey(state.trackingCode), ...marshall({ ...state, ...indexAttributes(state, derive) }, MARSHALL) };
}

/** The item a change is copied into (events and messages; evidence records have items of their own). */
export function changeItem(code: string, change: ChangeRecord): Record<string, AttributeValue> {
  const { evidence: _evidence, ...rest } = change;
  return marshall({ pk: `REPORT#${code}`, sk: changeSk(change.version), ...rest }, MARSHALL);
}

const DERIVED = ['pk', 'sk', 'row', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk'];
function toState(item: Record<string, unknown>): ReportState {
  const state = { ...item };
  for (const key of DERIVED) delete state[key];
  return state as unknown as ReportState;
}

const codeOf = (position: string) => position.slice(position.lastIndexOf('#') + 1);

export class DynamoReportStore implements ReportStore, RowSource, ReportIndexes {
  private readonly table: DynamoTable;

  constructor(
    client: DynamoTable['client'],
    tableName: string,
    /** Where counter updates that failed are reported (they are repaired by `npm run stats:rebuild`). */
    private readonly warn: (message: string, error: unknown) => void = (message, error) => logger.warn(message, { error: error as Error }),
  ) {
    this.table = new DynamoTable(client, tableName);
  }

  private get client() {
    return this.table.client;
  }

  private async putStateItem(state: ReportState, condition: Pick<PutItemCommand['input'], 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>) {
    const derive = await derivations();
    return this.client.send(
      new PutItemCommand({
        TableName: this.table.name,
        Item: stateItem(state, derive),
        ...condition,
      }),
    );
  }

  async create(state: ReportState) {
    try {
      await this.putStateItem(state, { ConditionExpression: 'attribute_not_exists(pk)' });
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(state.trackingCode);
      if (!existing) throw error;
      return { created: false as const, existing };
    }
    await this.afterCommit(undefined, state);
    return { created: true as const };
  }

  async get(trackingCode: string) {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.table.name, Key: stateKey(trackingCode), ConsistentRead: true }));
    return Item ? toState(unmarshall(Item)) : undefined;
  }

  async replace(previous: ReportState, next: ReportState) {
    // The previous change may not have been copied yet (a crash after its commit): copy it first, idempotently.
    await this.copyChange(previous.trackingCode, previous.lastChange);
    try {
      await this.putStateItem(next, {
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': { N: String(previous.version) } },
      });
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflict();
      throw error;
    }
    await this.afterCommit(previous, next);
  }

  /** After a commit: copy the change into its items and move the counters. Neither can undo the commit. */
  private async afterCommit(previous: ReportState | undefined, next: ReportState) {
    await this.copyChange(next.trackingCode, next.lastChange).catch((error: unknown) => this.warn('change not copied yet; the state keeps it', error));
    // The counters' keys (an institution's key needs the text tables) are loaded with the first write too.
    const { counterDeltas } = await import('../core/stats');
    await this.addCounters(counterDeltas(previous, next)).catch((error: unknown) => this.warn('counters not updated; run stats:rebuild', error));
  }

  private async copyChange(code: string, change: ChangeRecord | undefined) {
    if (!change) return;
    const pk = `REPORT#${code}`;
    const writes: Promise<unknown>[] = [];
    if (change.events.length || change.messages.length) {
      writes.push(this.client.send(new PutItemCommand({ TableName: this.table.name, Item: changeItem(code, change) })));
    }
    for (const record of change.evidence) {
      writes.push(
        this.client
          .send(
            new PutItemCommand({
              TableName: this.table.name,
              Item: marshall({ pk, sk: `EVIDENCE#${record.evidenceId}`, ...record, stateVersion: change.version }, MARSHALL),
              // Never an older copy over a newer one.
              ConditionExpression: 'attribute_not_exists(pk) OR stateVersion <= :v',
              ExpressionAttributeValues: { ':v': { N: String(change.version) } },
            }),
          )
          .catch((error: unknown) => {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }),
      );
    }
    await Promise.all(writes);
  }

  async load(trackingCode: string): Promise<ReportRecord | undefined> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: `REPORT#${trackingCode}` } },
      ConsistentRead: true,
    });
    const stateItem = items.find((i) => i.sk === 'STATE');
    if (!stateItem) return undefined;
    const state = toState(stateItem);
    const changes = new Map<number, ChangeRecord>();
    const evidence: Record<string, EvidenceRecord> = {};
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('CHANGE#')) {
        const change = item as unknown as ChangeRecord;
        if (change.version <= state.version) changes.set(change.version, { ...change, evidence: [] });
      } else if (sk.startsWith('EVIDENCE#')) {
        const { pk: _pk, sk: _sk, stateVersion: _v, ...record } = item;
        evidence[String(record.evidenceId)] = record as unknown as EvidenceRecord;
      }
    }
    // The latest change is in the state itself, whether or not its copies were written.
    changes.set(state.lastChange.version, state.lastChange);
    for (const record of state.lastChange.evidence) evidence[record.evidenceId] = record;
    const ordered = [...changes.values()].sort((a, b) => a.version - b.version);
    // Evidence in the order it was added, as the reporter sent it.
    const byAdded = Object.fromEntries(Object.values(evidence).sort((a, b) => a.addedAt.localeCompare(b.addedAt)).map((e) => [e.evidenceId, e]));
    return { ...state, events: ordered.flatMap((c) => c.events), messages: ordered.flatMap((c) => c.messages), evidence: byAdded };
  }

  async evidence(state: ReportState, evidenceId: string): Promise<EvidenceRecord | undefined> {
    const latest = state.lastChange.evidence.find((e) => e.evidenceId === evidenceId);
    if (latest) return latest;
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.table.name,
        Key: { pk: { S: `REPORT#${state.trackingCode}` }, sk: { S: `EVIDENCE#${evidenceId}` } },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, stateVersion: _v, ...record } = unmarshall(Item);
    return record as unknown as EvidenceRecord;
  }

  // ── Queues ──────────────────────────────────────────────────────────────────────────────────────────────

  async rows(authority: string, index: QueueIndex, after: string | undefined, limit: number) {
    const input: Omit<QueryCommandInput, 'TableName'> = { Limit: limit };
    // Positions start with the receipt instant: an instant range is a key range.
    const range = (from?: string, to?: string): { cond: string; values: Record<string, string> } =>
      from && to
        ? { cond: ' AND #sk BETWEEN :from AND :to', values: { ':from': from, ':to': to } }
        : from
          ? { cond: ' AND #sk >= :from', values: { ':from': from } }
          : to
            ? { cond: ' AND #sk <= :to', values: { ':to': to } }
            : { cond: '', values: {} };
    let schema: (typeof INDEXES)[keyof typeof INDEXES];
    let pk: string;
    let r: { cond: string; values: Record<string, string> };
    if (index.index === 'byDue') {
      schema = INDEXES.byDue;
      pk = authority;
      r = index.before ? { cond: ' AND #sk < :to', values: { ':to': index.before } } : { cond: '', values: {} };
      input.ScanIndexForward = true;
    } else {
      schema = index.index === 'byStatus' ? INDEXES.byStatus : INDEXES.byAuthority;
      pk = index.index === 'byStatus' ? `${authority}#${index.status}` : authority;
      r = range(index.from, index.to);
      input.ScanIndexForward = !index.newestFirst;
    }
    input.IndexName = schema.name;
    input.KeyConditionExpression = `#pk = :pk${r.cond}`;
    input.ExpressionAttributeNames = { '#pk': schema.partitionKey, ...(r.cond ? { '#sk': schema.sortKey } : {}) };
    input.ExpressionAttributeValues = marshall({ ':pk': pk, ...r.values });
    if (after) {
      input.ExclusiveStartKey = marshall({ [schema.partitionKey]: pk, [schema.sortKey]: after, pk: `REPORT#${codeOf(after)}`, sk: 'STATE' });
    }
    const page = await this.client.send(new QueryCommand({ ...input, TableName: this.table.name }));
    const rows = (page.Items ?? []).map((item) => {
      const u = unmarshall(item);
      return { row: u.row as QueueRow, position: String(u[schema.sortKey]) };
    });
    return { rows, done: !page.LastEvaluatedKey };
  }

  /** Reports about one institution (newest first), as queue rows. */
  async forInstitution(institutionName: string, limit: number): Promise<QueueRow[]> {
    const { institutionKey } = await derivations();
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: INDEXES.byInstitution.name,
        KeyConditionExpression: 'gsi4pk = :i',
        ExpressionAttributeValues: { ':i': { S: `INST#${institutionKey(institutionName)}` } },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => unmarshall(item).row as QueueRow);
  }

  /**
   * The open reports of an authority due on or before `through`, and those whose limit cannot be computed yet —
   * the front of the due index, at most `limit` rows of each.
   */
  async dueThrough(authority: string, through: string, limit = 200): Promise<QueueRow[]> {
    const query = async (cond: string, values: Record<string, string>) =>
      (
        await this.client.send(
          new QueryCommand({
            TableName: this.table.name,
            IndexName: INDEXES.byDue.name,
            KeyConditionExpression: `gsi3pk = :a AND ${cond}`,
            ExpressionAttributeValues: marshall({ ':a': authority, ...values }),
            Limit: limit,
          }),
        )
      ).Items?.map((item) => unmarshall(item)) ?? [];
    const [due, unknown] = await Promise.all([query('gsi3sk < :d', { ':d': `${through}~` }), query('begins_with(gsi3sk, :u)', { ':u': '9999-12-31#' })]);
    return [...due, ...unknown].map((item) => item.row as QueueRow);
  }

  /** Open reports by next due date (date → count), up to `through` (inclusive). */
  async dueCounters(partition: string, through: string): Promise<Map<string, Counters>> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':p': { S: `STATS#${partition}` }, ':from': { S: 'DUE#' }, ':to': { S: `DUE#${through}` } },
    });
    return new Map(items.map(({ pk: _pk, sk, ...counters }) => [String(sk).slice(4), counters as Counters]));
  }

  /** The states of these reports (for exports), in the order given; missing ones are left out. */
  async states(codes: string[]): Promise<ReportState[]> {
    const found = new Map<string, ReportState>();
    for (let i = 0; i < codes.length; i += 100) {
      let keys: Record<string, AttributeValue>[] | undefined = codes.slice(i, i + 100).map(stateKey);
      while (keys?.length) {
        const { Responses, UnprocessedKeys } = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.table.name]: { Keys: keys } } }));
        for (const item of Responses?.[this.table.name] ?? []) {
          const state = toState(unmarshall(item));
          found.set(state.trackingCode, state);
        }
        keys = UnprocessedKeys?.[this.table.name]?.Keys as Record<string, AttributeValue>[] | undefined;
      }
    }
    return codes.flatMap((code) => found.get(code) ?? []);
  }

  // ── Counters ────────────────────────────────────────────────────────────────────────────────────────────

  async addCounters(deltas: CounterDelta[]) {
    await Promise.all(
      deltas.map((delta) => {
        const entries = Object.entries(delta.add);
        return this.client.send(
          new UpdateItemCommand({
            TableName: this.table.name,
            Key: { pk: { S: `STATS#${delta.partition}` }, sk: { S: delta.bucket } },
            UpdateExpression: `ADD ${entries.map((_, i) => `#k${i} :v${i}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
            ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, { N: String(v) }])),
          }),
        );
      }),
    );
  }

  /** Each day's count of reports received, in [from, to] (one attribute per day item). */
  async dailyTotals(partition: string, from?: string, to?: string): Promise<Map<string, number>> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':p': { S: `STATS#${partition}` }, ':from': { S: `D#${from ?? '0000'}` }, ':to': { S: `D#${to ?? '9999'}` } },
      ProjectionExpression: 'sk, n',
    });
    return new Map(items.map((item) => [String(item.sk).slice(2), Number(item.n ?? 0)]));
  }

  /** The institution items in these sort-key ranges (`I#<day>`, `IM#<month>#<shard>`), summed. */
  async institutionCounters(partition: string, ranges: [string, string][]): Promise<Counters> {
    const pages = await Promise.all(
      ranges.map(([from, to]) =>
        this.table.queryAll({
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':p': { S: `STATS#${partition}` }, ':from': { S: from }, ':to': { S: to } },
        }),
      ),
    );
    const { sumCounters } = await import('../core/stats');
    return sumCounters(pages.flat().map(({ pk: _pk, sk: _sk, ...counters }) => counters as Counters));
  }

  /** The counter items named (`D#…`, `M#…`, `TOTAL`), summed. */
  async sumBuckets(partition: string, buckets: string[]): Promise<Counters> {
    const sums: Counters[] = [];
    for (let i = 0; i < buckets.length; i += 100) {
      let keys: Record<string, AttributeValue>[] | undefined = buckets.slice(i, i + 100).map((sk) => ({ pk: { S: `STATS#${partition}` }, sk: { S: sk } }));
      while (keys?.length) {
        const { Responses, UnprocessedKeys } = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.table.name]: { Keys: keys } } }));
        for (const item of Responses?.[this.table.name] ?? []) {
          const { pk: _pk, sk: _sk, ...counters } = unmarshall(item);
          sums.push(counters as Counters);
        }
        keys = UnprocessedKeys?.[this.table.name]?.Keys as Record<string, AttributeValue>[] | undefined;
      }
    }
    const { sumCounters } = await import('../core/stats');
    return sumCounters(sums);
  }

  async totalCounters(partition: string): Promise<Counters> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.table.name, Key: { pk: { S: `STATS#${partition}` }, sk: { S: 'TOTAL' } } }));
    if (!Item) return {};
    const { pk: _pk, sk: _sk, ...counters } = unmarshall(Item);
    return counters as Counters;
  }

  /** Replaces a partition's counters (the rebuild): every bucket given, and an empty item for every other it had. */
  async writeCounters(partition: string, buckets: Map<string, Counters>) {
    const existing = await this.table.queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: `STATS#${partition}` } } });
    const all = new Map<string, Counters>(existing.map((item) => [String(item.sk), {}]));
    for (const [bucket, counters] of buckets) all.set(bucket, counters);
    for (const [sk, counters] of all) {
      await this.client.send(new PutItemCommand({ TableName: this.table.name, Item: marshall({ pk: `STATS#${partition}`, sk, ...counters }) }));
    }
  }

}

