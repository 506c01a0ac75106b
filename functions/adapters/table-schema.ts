// The evidence bucket's prefixes: evidence of reports, the registry's versions, export files, and the procedure's
// case files (issued documents, the 处理档案 zips) under the evidence retention lock. Grants never reach
// outside the prefix they are for.
export const BUCKET_PREFIXES = { evidence: 'reports/', display: 'display/', registry: 'registry/', exports: 'exports/', caseFiles: 'case-files/' } as const;

// The one table's keys and indexes, as data: the CDK stack declares the table from it and the local stack creates
// it on dynalite from it, so the two cannot drift.
//
// Items (pk / sk):
//   REPORT#<code> / STATE            a report's state (bounded), its queue row, and the index keys below
//   REPORT#<code> / CHANGE#<version> the events and messages of one change, copied from the state that made it
//   REPORT#<code> / EVIDENCE#<id>    one evidence record
//   STATS#<authority|ALL> / D#<day> | TOTAL   counters of the reports received that day (or ever)
//   ATTEMPTS#<code hash> / W#<window>         receipt attempts (TTL)
//   CHALLENGE#<id> / SPENT           spent proof-of-work challenges (TTL)
//   STAFF#<authority> / USER#<id>    colleagues seen at work
//   REGISTRY / CURRENT | VERSION#<n> the registry's pointer and history (the CSV itself is in S3)
//   REGISTRY / STATUS#<inst key>     the registry status an institution's latest decision puts in force
//   RECORD#INST#<inst key> | RECORD#PERSON#<authority>#<person key> | RECORD#ROSTER#… | RECORD#ID#<id>
//                                    decisions on record (people's with TTL): see dynamo-records-store.ts
//   PUBLICATIONS#<authority> / E#<id>, PUBLISHED / P#<at>#<id>   publication entries and the public list

export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;
export const TTL_ATTRIBUTE = 'expiresAt';

export interface IndexSchema {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** Attributes copied into the index besides the keys. */
  include: readonly string[];
}

/** The queue indexes keep only the queue row: a page costs what its rows weigh, not what the reports weigh. */
export const INDEXES = {
  /** authority × status, by receipt time. */
  byStatus: { name: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: ['row'] },
  /** authority, by receipt time. */
  byAuthority: { name: 'byAuthority', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', include: ['row'] },
  /** an authority's open reports, by next due date (sparse: closed reports leave it). */
  byDue: { name: 'byDue', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', include: ['row'] },
  /** reports about one institution, by receipt time. */
  byInstitution: { name: 'byInstitution', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', include: ['row'] },
} as const satisfies Record<string, IndexSchema>;

export const INDEX_LIST: readonly IndexSchema[] = Object.values(INDEXES);
