import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DeskAccount } from '../core/desk';
import type { DeskStore } from '../core/ports';
import { DynamoTable, MARSHALL } from './dynamo-table';

// Hotline desk accounts (pk DESK / sk ACCOUNT#<id>: the key's hash, never the key) and the desks' tickets
// (pk DESK#<id> / sk TICKET#<工单号>#<code>: which report each ticket became).

export class DynamoDeskStore implements DeskStore {
  private readonly table: DynamoTable;

  constructor(client: DynamoTable['client'], tableName: string) {
    this.table = new DynamoTable(client, tableName);
  }

  async account(id: string) {
    const { Item } = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall({ pk: 'DESK', sk: `ACCOUNT#${id}` }), ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...account } = unmarshall(Item);
    return account as DeskAccount;
  }

  async accounts() {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'DESK' } } });
    return items.map(({ pk: _pk, sk: _sk, ...account }) => account as unknown as DeskAccount);
  }

  async create(account: DeskAccount) {
    await this.table.client.send(
      new PutItemCommand({ TableName: this.table.name, Item: marshall({ pk: 'DESK', sk: `ACCOUNT#${account.id}`, ...account }, MARSHALL), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async revoke(id: string, by: string, at: string) {
    try {
      await this.table.client.send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall({ pk: 'DESK', sk: `ACCOUNT#${id}` }),
          UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: marshall({ ':at': at, ':by': by }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async rememberTicket(deskId: string, ticket: string, trackingCode: string) {
    await this.table.client.send(new PutItemCommand({ TableName: this.table.name, Item: marshall({ pk: `DESK#${deskId}`, sk: `TICKET#${ticket}#${trackingCode}`, trackingCode }) }));
  }

  async ticketReports(deskId: string, ticket: string) {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :t)',
      ExpressionAttributeValues: { ':p': { S: `DESK#${deskId}` }, ':t': { S: `TICKET#${ticket}#` } },
    });
    return items.map((i) => String(i.trackingCode));
  }
}
