import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ExportJob } from '../core/exports';
import type { ExportJobs } from '../core/ports';
import { DynamoTable, MARSHALL } from './dynamo-table';
import { TTL_ATTRIBUTE } from './table-schema';

/** Export jobs, one item each under their authority; gone after two days, like their files. */
export class DynamoExportJobs implements ExportJobs {
  private readonly table: DynamoTable;

  constructor(client: DynamoTable['client'], tableName: string) {
    this.table = new DynamoTable(client, tableName);
  }

  async save(job: ExportJob) {
    const expiresAt = Math.ceil(Date.parse(job.requestedAt) / 1000) + 2 * 86_400;
    await this.table.client.send(
      new PutItemCommand({ TableName: this.table.name, Item: marshall({ pk: `EXPORT#${job.authority}`, sk: `JOB#${job.id}`, ...job, [TTL_ATTRIBUTE]: expiresAt }, MARSHALL) }),
    );
  }

  async get(authority: string, id: string) {
    const { Item } = await this.table.client.send(
      new GetItemCommand({ TableName: this.table.name, Key: { pk: { S: `EXPORT#${authority}` }, sk: { S: `JOB#${id}` } }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _ttl, ...job } = unmarshall(Item);
    return job as ExportJob;
  }
}
