import { ConditionalCheckFailedException, PutItemCommand, paginateQuery, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { CalendarEntry } from '../core/holiday-arrangement';
import { CalendarEntryConflict, type CalendarStore } from '../core/ports';

// The administrators' entries of holiday arrangements: one item per entry under pk CALENDAR, sk
// YEAR#<year>#<enteredAt>, so that one Query reads them all in order and a correction is a new item beside the
// one it replaces. A few items a year: no index, no paging concerns beyond the SDK's paginator.

const PK = 'CALENDAR';

export class DynamoCalendarStore implements CalendarStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async entries(): Promise<CalendarEntry[]> {
    const entries: CalendarEntry[] = [];
    const pages = paginateQuery(
      { client: this.client },
      { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: PK } }, ConsistentRead: true },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...entry } = unmarshall(item);
        entries.push(entry as CalendarEntry);
      }
    }
    return entries;
  }

  async add(entry: CalendarEntry): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ pk: PK, sk: `YEAR#${entry.year}#${entry.enteredAt}`, ...entry }, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new CalendarEntryConflict();
      throw error;
    }
  }
}
