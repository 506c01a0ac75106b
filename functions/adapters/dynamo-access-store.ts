import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttemptCounter, Colleague, StaffDirectory } from '../core/ports';
import type { ChallengeLedger } from '../core/proof-of-work';
import { DynamoTable } from './dynamo-table';
import { TTL_ATTRIBUTE } from './table-schema';

// Small items that guard access: receipt attempts, spent proof-of-work challenges, and the colleagues seen at work.

const WINDOW_MS = 15 * 60_000;

export class DynamoAccessStore implements AttemptCounter, ChallengeLedger, StaffDirectory {
  private readonly table: DynamoTable;

  constructor(client: DynamoTable['client'], tableName: string) {
    this.table = new DynamoTable(client, tableName);
  }

  // Receipt attempts: one counter item per tracking-code hash and 15-minute window, changed only by atomic ADD.
  // TTL removes old windows; counting never depends on TTL having run.
  private attemptKey(key: string, now: Date) {
    const window = Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS;
    return { Key: { pk: { S: `ATTEMPTS#${key}` }, sk: { S: `W#${window}` } }, expiresAt: Math.ceil((window + 2 * WINDOW_MS) / 1000) };
  }

  async count(key: string, now: Date) {
    const { Key } = this.attemptKey(key, now);
    const { Item } = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key, ConsistentRead: true }));
    return Item ? Math.max(0, Number(unmarshall(Item).count ?? 0)) : 0;
  }

  private async addAttempts(key: string, now: Date, delta: number) {
    const { Key, expiresAt } = this.attemptKey(key, now);
    const { Attributes } = await this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.name,
        Key,
        UpdateExpression: 'ADD #count :delta SET #ttl = :expiresAt',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': TTL_ATTRIBUTE },
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

  /** Spends a proof-of-work challenge once; the item expires with the challenge. */
  async spend(challengeId: string, expiresAt: Date) {
    const id = createHash('sha256').update(challengeId).digest('base64url');
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.name,
          Item: marshall({ pk: `CHALLENGE#${id}`, sk: 'SPENT', [TTL_ATTRIBUTE]: Math.ceil(expiresAt.getTime() / 1000) }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async remember(authority: string, colleague: Colleague, at: string) {
    await this.table.client.send(
      new PutItemCommand({ TableName: this.table.name, Item: marshall({ pk: `STAFF#${authority}`, sk: `USER#${colleague.id}`, ...colleague, lastSeenAt: at }) }),
    );
  }

  async colleagues(authority: string) {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: `STAFF#${authority}` } } });
    return items.map(({ id, name }) => ({ id: String(id), name: String(name) }));
  }
}
