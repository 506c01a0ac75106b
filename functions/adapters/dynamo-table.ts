import { QueryCommand, type AttributeValue, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** The one table the adapters share, and the few access patterns they all use. */
export class DynamoTable {
  constructor(
    readonly client: DynamoDBClient,
    readonly name: string,
  ) {}

  /** Every item a query selects, page after page. Only for selections bounded by design (one report's items). */
  async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, TableName: this.name, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

export const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: true } as const;
