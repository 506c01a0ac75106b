import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { VersionConflict } from '../core/ports';
import type { DecisionRecord, PublicationEntry, PublishedItem, RecordsStore, RosterEntry, StatusOverlay } from '../core/records';
import { DynamoTable, MARSHALL } from './dynamo-table';
import { TTL_ATTRIBUTE } from './table-schema';

// The records on the one table (layout in table-schema.ts):
//   RECORD#INST#<institution key> / D#<decidedOn>#<id>             a decision about an institution (kept)
//   RECORD#PERSON#<authority>#<person key> / D#<decidedOn>#<id>    a decision about a person, held by one authority (TTL)
//   RECORD#ROSTER#<authority>#<institution key> / P#<person key>   who that authority holds records about there (TTL)
//   RECORD#ID#<id> / ID                                            where a decision is kept: recorded once (TTL for people)
//   REGISTRY / STATUS#<institution key>                            the registry status the latest decision puts in force
//   PUBLICATIONS#<authority> / E#<id>                              a publication entry with its trail
//   PUBLISHED / P#<publishedAt>#<id>                               what the public page and feed list
// Every read is one Query or GetItem on a partition, bounded by its Limit.

const decisionSk = (r: Pick<DecisionRecord, 'decidedOn' | 'id'>) => `D#${r.decidedOn}#${r.id}`;
const decisionPk = (r: Pick<DecisionRecord, 'personKey' | 'institutionKey' | 'authority'>) =>
  r.personKey ? `RECORD#PERSON#${r.authority}#${r.personKey}` : `RECORD#INST#${r.institutionKey}`;
/** Epoch seconds of the first Shanghai moment of a day: when DynamoDB may remove the item. */
export const ttlOf = (day: string) => Math.floor(Date.parse(`${day}T00:00:00+08:00`) / 1000);
const WITHDRAWN_COPY_SECONDS = 86_400;

const strip = ({ pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _ttl, ...rest }: Record<string, unknown>) => rest;
const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

export class DynamoRecordsStore implements RecordsStore {
  private readonly table: DynamoTable;

  constructor(client: DynamoTable['client'], tableName: string) {
    this.table = new DynamoTable(client, tableName);
  }

  private put(item: Record<string, unknown>, condition?: Pick<PutItemCommand['input'], 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>) {
    return this.table.client.send(new PutItemCommand({ TableName: this.table.name, Item: marshall(item, MARSHALL), ...condition }));
  }

  private async get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall({ pk, sk }), ConsistentRead: true }));
    return Item ? unmarshall(Item) : undefined;
  }

  private async query(pk: string, prefix: string, limit: number, newestFirst = true): Promise<Record<string, unknown>[]> {
    const { Items } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: marshall({ ':p': pk, ':s': prefix }),
        ScanIndexForward: !newestFirst,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => unmarshall(item));
  }

  // ── Decisions ───────────────────────────────────────────────────────────────────────────────────────────

  async saveDecision(record: DecisionRecord) {
    const at = { pk: decisionPk(record), sk: decisionSk(record) };
    const ttl = record.retainUntil ? { [TTL_ATTRIBUTE]: ttlOf(record.retainUntil) } : {};
    try {
      // The id first, conditionally: the same decision recorded twice (a repeated event, a second click) is one record.
      await this.put({ pk: `RECORD#ID#${record.id}`, sk: 'ID', at, ...ttl }, { ConditionExpression: 'attribute_not_exists(pk)' });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const marker = await this.get(`RECORD#ID#${record.id}`, 'ID');
      const location = marker?.at as { pk: string; sk: string } | undefined;
      const existing = location ? await this.get(location.pk, location.sk) : undefined;
      if (existing) return { created: false, record: strip(existing) as unknown as DecisionRecord };
      // Cut off after the id was taken: finish the first attempt.
    }
    await this.put({ ...at, ...record, ...ttl });
    if (record.personKey && record.institutionKey && record.party.person && record.retainUntil) {
      const person = record.party.person;
      await this.table.client
        .send(
          new UpdateItemCommand({
            TableName: this.table.name,
            Key: marshall({ pk: `RECORD#ROSTER#${record.authority}#${record.institutionKey}`, sk: `P#${record.personKey}` }),
            UpdateExpression: 'SET personKey = :k, #name = :n, #role = :r, institutionName = :i, retainUntil = :u, #ttl = :t' + (person.cardNo ? ', cardNo = :c' : ''),
            // The latest decision decides how long the person stays on the roster.
            ConditionExpression: 'attribute_not_exists(retainUntil) OR retainUntil <= :u',
            ExpressionAttributeNames: { '#name': 'name', '#role': 'role', '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: marshall({
              ':k': record.personKey,
              ':n': person.name,
              ':r': person.role,
              ':i': person.institutionName ?? '',
              ':u': record.retainUntil,
              ':t': ttlOf(record.retainUntil),
              ...(person.cardNo ? { ':c': person.cardNo } : {}),
            }),
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
    return { created: true, record };
  }

  async decisionById(id: string) {
    const marker = await this.get(`RECORD#ID#${id}`, 'ID');
    const location = marker?.at as { pk: string; sk: string } | undefined;
    const item = location ? await this.get(location.pk, location.sk) : undefined;
    return item ? (strip(item) as unknown as DecisionRecord) : undefined;
  }

  async institutionDecisions(institutionKey: string, limit: number) {
    return (await this.query(`RECORD#INST#${institutionKey}`, 'D#', limit)).map((i) => strip(i) as unknown as DecisionRecord);
  }

  async personDecisions(authority: string, personKey: string, limit: number) {
    return (await this.query(`RECORD#PERSON#${authority}#${personKey}`, 'D#', limit)).map((i) => strip(i) as unknown as DecisionRecord);
  }

  async roster(authority: string, institutionKey: string) {
    return (await this.query(`RECORD#ROSTER#${authority}#${institutionKey}`, 'P#', 200, false)).map((i) => strip(i) as unknown as RosterEntry);
  }

  // ── Registry status ─────────────────────────────────────────────────────────────────────────────────────

  async putOverlay(overlay: StatusOverlay) {
    await this.put(
      { pk: 'REGISTRY', sk: `STATUS#${overlay.institutionKey}`, ...overlay },
      { ConditionExpression: 'attribute_not_exists(pk) OR decidedOn <= :d', ExpressionAttributeValues: marshall({ ':d': overlay.decidedOn }) },
    ).catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  }

  async overlays() {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: marshall({ ':p': 'REGISTRY', ':s': 'STATUS#' }),
    });
    return items.map((i) => strip(i) as unknown as StatusOverlay);
  }

  // ── Publication ─────────────────────────────────────────────────────────────────────────────────────────

  async savePublication(entry: PublicationEntry, expectedVersion: number | null) {
    try {
      await this.put(
        { pk: `PUBLICATIONS#${entry.authority}`, sk: `E#${entry.id}`, ...entry },
        expectedVersion === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: marshall({ ':v': expectedVersion }) },
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict();
      throw error;
    }
  }

  async publication(authority: string, id: string) {
    const item = await this.get(`PUBLICATIONS#${authority}`, `E#${id}`);
    return item ? (strip(item) as unknown as PublicationEntry) : undefined;
  }

  async publications(authority: string, limit: number) {
    return (await this.query(`PUBLICATIONS#${authority}`, 'E#', limit)).map((i) => strip(i) as unknown as PublicationEntry);
  }

  async putPublished(item: PublishedItem) {
    await this.put({ pk: 'PUBLISHED', sk: `P#${item.publishedAt}#${item.id}`, ...item });
  }

  async withdrawPublished(item: PublishedItem, at: string) {
    // Nothing of the content stays; the marker itself goes after a day.
    await this.put({ pk: 'PUBLISHED', sk: `P#${item.publishedAt}#${item.id}`, id: item.id, withdrawn: at, [TTL_ATTRIBUTE]: Math.floor(Date.parse(at) / 1000) + WITHDRAWN_COPY_SECONDS });
  }

  async published(cursor: string | undefined, limit: number) {
    let start: string | undefined;
    if (cursor) {
      try {
        start = Buffer.from(cursor, 'base64url').toString('utf8');
      } catch {
        start = undefined;
      }
      if (!start?.startsWith('P#')) throw new PublishedCursorInvalid();
    }
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        FilterExpression: 'attribute_not_exists(withdrawn)',
        ExpressionAttributeValues: marshall({ ':p': 'PUBLISHED', ':s': 'P#' }),
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: marshall({ pk: 'PUBLISHED', sk: start }) } : {}),
      }),
    );
    const items = (page.Items ?? []).map((i) => strip(unmarshall(i)) as unknown as PublishedItem);
    const last = page.LastEvaluatedKey ? String(unmarshall(page.LastEvaluatedKey).sk) : undefined;
    return { items, ...(last ? { cursor: Buffer.from(last).toString('base64url') } : {}) };
  }
}

export class PublishedCursorInvalid extends Error {}
