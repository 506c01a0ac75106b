import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DocumentKind } from '../core/documents/office';
import type { DocumentNumberEntry, DocumentNumbers } from '../core/procedure/ports';
import { DomainError } from '../core/report';
import { DynamoTable, MARSHALL } from './dynamo-table';

// 文号 serials on DynamoDB (table-schema.ts): per office, kind and year one counter item, moved only by a write
// conditional on the value read, and one register item per serial, written only if absent. A serial is handed out
// once its register item is written: two approvals at the same moment cannot both get it.
//   DOCNO#<authority>#<kind>#<year> / COUNTER       { n }
//   DOCNO#<authority>#<kind>#<year> / N#<serial>    { caseId, target, docNo, by, at }

const ATTEMPTS = 20;

export class DynamoDocumentNumbers implements DocumentNumbers {
  private readonly table: DynamoTable;

  constructor(client: DynamoTable['client'], tableName: string) {
    this.table = new DynamoTable(client, tableName);
  }

  private pk(authority: string, kind: DocumentKind, year: number) {
    return `DOCNO#${authority}#${kind}#${year}`;
  }

  private async counter(pk: string): Promise<number> {
    const { Item } = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall({ pk, sk: 'COUNTER' }), ConsistentRead: true }));
    return Item ? Number(unmarshall(Item).n ?? 0) : 0;
  }

  /** Moves the counter from `from` to `to`; false when someone else moved it first. */
  private async advance(pk: string, from: number, to: number): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall({ pk, sk: 'COUNTER' }),
          UpdateExpression: 'SET n = :to',
          ConditionExpression: from === 0 ? 'attribute_not_exists(n) OR n = :from' : 'n = :from',
          ExpressionAttributeValues: marshall({ ':to': to, ':from': from }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Writes the register item of `serial`; false when the serial is taken. */
  private async register(pk: string, serial: number, entry: DocumentNumberEntry): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.name,
          Item: marshall({ pk, sk: `N#${String(serial).padStart(6, '0')}`, serial, ...entry }, MARSHALL),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async take(authority: string, kind: DocumentKind, year: number, entry: DocumentNumberEntry, serial?: number): Promise<number> {
    const pk = this.pk(authority, kind, year);
    if (serial !== undefined) {
      if (!(await this.register(pk, serial, entry))) {
        throw new DomainError(409, 'serial_taken', `${year} 年的第 ${serial} 号已经用过，请换一个序号，或留空由系统编号`, 'serial');
      }
      // The counter never hands it out again: it moves up to the serial claimed (if it is behind).
      for (let i = 0; i < ATTEMPTS; i++) {
        const current = await this.counter(pk);
        if (current >= serial || (await this.advance(pk, current, serial))) break;
      }
      return serial;
    }
    for (let i = 0; i < ATTEMPTS; i++) {
      const current = await this.counter(pk);
      if (!(await this.advance(pk, current, current + 1))) continue;
      // A serial claimed by hand above the counter is skipped.
      if (await this.register(pk, current + 1, entry)) return current + 1;
    }
    throw new DomainError(409, 'conflict', '文号正在被同时编排，请稍后再签发');
  }
}
