import { createHash } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  VersionConflict,
  type Colleague,
  type AttemptCounter,
  type RegistryStore,
  type ReportQueries,
  type ReportStore,
  type StaffDirectory,
  type StoredRegistry,
} from '../core/ports';
import type { ChallengeLedger } from '../core/proof-of-work';
import type { ReportChange, ReportRecord } from '../core/report';

// One item per report (pk REPORT#<code>); indexes: byAuthority (the queues) and byInstitution.

const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: true } as const;
const reportKey = (code: string) => ({ pk: { S: `REPORT#${code}` }, sk: { S: 'REPORT' } });

export function institutionKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/(有限责任公司|有限公司)$/, '').toLowerCase();
}

/** Index attributes derived from the record, rewritten with every change that moves them. */
function indexAttributes(report: Pick<ReportRecord, 'route' | 'receivedAt' | 'trackingCode' | 'institutionName'>) {
  return {
    gsi1pk: report.route.authority,
    gsi1sk: `${report.receivedAt}#${report.trackingCode}`,
    ...(report.institutionName ? { gsi2pk: `INST#${institutionKey(report.institutionName)}`, gsi2sk: report.receivedAt } : {}),
  };
}

function toRecord(item: Record<string, unknown>): ReportRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...record } = item;
  return record as unknown as ReportRecord;
}

export class DynamoReportStore implements ReportStore, AttemptCounter, ChallengeLedger, ReportQueries, StaffDirectory, RegistryStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async create(report: ReportRecord) {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { ...reportKey(report.trackingCode), ...marshall({ ...report, ...indexAttributes(report) }, MARSHALL) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true as const };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(report.trackingCode);
      if (!existing) throw error;
      return { created: false as const, existing };
    }
  }

  async get(trackingCode: string) {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: reportKey(trackingCode), ConsistentRead: true }),
    );
    return Item ? toRecord(unmarshall(Item)) : undefined;
  }

  async update(trackingCode: string, expectedVersion: number, change: ReportChange) {
    const names: Record<string, string> = { '#version': 'version', '#events': 'events' };
    const values: Record<string, unknown> = { ':expected': expectedVersion, ':one': 1, ':events': change.events };
    const sets = ['#version = #version + :one', '#events = list_append(#events, :events)'];
    if (change.messages?.length) {
      names['#messages'] = 'messages';
      values[':messages'] = change.messages;
      sets.push('#messages = list_append(#messages, :messages)');
    }
    const set = { ...change.set };
    if (set.route) Object.assign(set, { gsi1pk: (set.route as ReportRecord['route']).authority });
    Object.entries(set).forEach(([path, value], i) => {
      const placeholders = path.split('.').map((part, j) => {
        names[`#s${i}_${j}`] = part;
        return `#s${i}_${j}`;
      });
      values[`:s${i}`] = value;
      sets.push(`${placeholders.join('.')} = :s${i}`);
    });
    try {
      const { Attributes } = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: reportKey(trackingCode),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, MARSHALL),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toRecord(unmarshall(Attributes!));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflict();
      throw error;
    }
  }

  // Receipt attempts: one small counter item per tracking-code hash and 15-minute window, changed only by atomic
  // ADD. `expiresAt` lets DynamoDB TTL remove old windows; counting never depends on TTL having run.
  private static readonly WINDOW_MS = 15 * 60_000;

  private attemptKey(key: string, now: Date) {
    const window = Math.floor(now.getTime() / DynamoReportStore.WINDOW_MS) * DynamoReportStore.WINDOW_MS;
    return { Key: { pk: { S: `ATTEMPTS#${key}` }, sk: { S: `W#${window}` } }, expiresAt: Math.ceil((window + 2 * DynamoReportStore.WINDOW_MS) / 1000) };
  }

  async count(key: string, now: Date) {
    const { Key } = this.attemptKey(key, now);
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    return Item ? Math.max(0, Number(unmarshall(Item).count ?? 0)) : 0;
  }

  private async addAttempts(key: string, now: Date, delta: number) {
    const { Key, expiresAt } = this.attemptKey(key, now);
    const { Attributes } = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key,
        UpdateExpression: 'ADD #count :delta SET expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: marshall({ ':delta': delta, ':expiresAt': expiresAt }),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(unmarshall(Attributes ?? {}).count ?? 0);
  }

  add(key: string, now: Date) {
    return this.addAttempts(key, now, 1);
  }

  async remove(key: string, now: Date) {
    await this.addAttempts(key, now, -1);
  }

  /** Spends a proof-of-work challenge once (ChallengeLedger); the item expires with the challenge. */
  async spend(challengeId: string, expiresAt: Date) {
    const id = createHash('sha256').update(challengeId).digest('base64url');
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ pk: `CHALLENGE#${id}`, sk: 'SPENT', expiresAt: Math.ceil(expiresAt.getTime() / 1000) }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  // Queues. A queue is read whole and filtered in core: fine for thousands of reports per authority.
  private async queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async listForAuthority(authority: string) {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'byAuthority',
      KeyConditionExpression: 'gsi1pk = :a',
      ExpressionAttributeValues: { ':a': { S: authority } },
      ScanIndexForward: false,
    });
    return items.map(toRecord);
  }

  async listForAuthorities(authorities: string[]) {
    // One Query per authority (no Scan: the staff role has none); the municipal centre asks for all of them.
    const lists = await Promise.all(authorities.map((a) => this.listForAuthority(a)));
    return lists.flat().sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  async listForInstitution(institutionName: string) {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'byInstitution',
      KeyConditionExpression: 'gsi2pk = :i',
      ExpressionAttributeValues: { ':i': { S: `INST#${institutionKey(institutionName)}` } },
    });
    return items.map(toRecord);
  }

  async remember(authority: string, colleague: Colleague, at: string) {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({ pk: `STAFF#${authority}`, sk: `USER#${colleague.id}`, ...colleague, lastSeenAt: at }),
      }),
    );
  }

  async colleagues(authority: string) {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: `STAFF#${authority}` } },
    });
    return items.map(({ id, name }) => ({ id: String(id), name: String(name) }));
  }

  async current() {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: 'REGISTRY' }, sk: { S: 'CURRENT' } }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { csv, importedAt, importedBy } = unmarshall(Item) as StoredRegistry;
    return { csv, importedAt, importedBy };
  }

  async save(registry: StoredRegistry) {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall({ pk: 'REGISTRY', sk: 'CURRENT', ...registry }) }));
  }
}
