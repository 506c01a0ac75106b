import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { VersionConflict, type RegistryStore, type RegistryVersion } from '../core/ports';
import { BUCKET_PREFIXES } from './table-schema';
import { DynamoTable } from './dynamo-table';

// The institution registry, versioned: each import is a CSV object of its own in the bucket (any size: 20,000
// institutions are a few MB), described by a VERSION#<n> item, and the CURRENT pointer item names the version in
// force. A new version is stored first (its number taken once, conditionally) and the pointer moved last,
// conditionally on the version it replaces, so two imports at once cannot overwrite each other: the second is
// told to look again. A version whose pointer move never happened stays in the history, never in force.

const objectKey = (version: number) => `${BUCKET_PREFIXES.registry}v${String(version).padStart(6, '0')}.csv`;

export class S3RegistryStore implements RegistryStore {
  private readonly table: DynamoTable;

  constructor(
    client: DynamoTable['client'],
    tableName: string,
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {
    this.table = new DynamoTable(client, tableName);
  }

  async pointer() {
    const { Item } = await this.table.client.send(
      new GetItemCommand({ TableName: this.table.name, Key: { pk: { S: 'REGISTRY' }, sk: { S: 'CURRENT' } }, ConsistentRead: true }),
    );
    const { pk: _pk, sk: _sk, ...version } = Item ? unmarshall(Item) : {};
    // The first layout's item (the CSV inside, no version) is not a version in force until it is migrated.
    return typeof version.version === 'number' ? (version as RegistryVersion) : undefined;
  }

  async csv(version: number) {
    const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey(version) }));
    return Body!.transformToString('utf-8');
  }

  async save(csv: string, version: RegistryVersion, expectedVersion: number) {
    try {
      // The version's own records first: refused if another import took this number.
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.name,
          Item: marshall({ pk: 'REGISTRY', sk: `VERSION#${String(version.version).padStart(6, '0')}`, ...version }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: objectKey(version.version), Body: csv, ContentType: 'text/csv; charset=utf-8', IfNoneMatch: '*' }));
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.name,
          Item: marshall({ pk: 'REGISTRY', sk: 'CURRENT', ...version }),
          // None in force: no pointer yet, or the first layout's item (the CSV inside, no version).
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(#version)' : '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'PreconditionFailed') throw new VersionConflict();
      throw error;
    }
  }

  async history() {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':p': { S: 'REGISTRY' }, ':v': { S: 'VERSION#' } },
      ScanIndexForward: false,
    });
    return items.map(({ pk: _pk, sk: _sk, ...version }) => version as unknown as RegistryVersion);
  }
}
