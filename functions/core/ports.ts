import type { FileContentType } from './evidence-types';
import type { DeskAccount } from './desk';
import type { ExportJob } from './exports';
import type { CalendarEntry } from './holiday-arrangement';
import type { QueueRow } from './queue';
import type { EvidenceRecord, ReportRecord, ReportState } from './report';
import type { Counters } from './stats';

// What the API needs from storage, independent of DynamoDB and S3.

export class VersionConflict extends Error {
  constructor() {
    super('the report changed since it was read');
  }
}

export interface ReportStore {
  /** Stores a new report unless one with its tracking code exists; then returns the existing one. */
  create(report: ReportState): Promise<{ created: true } | { created: false; existing: ReportState }>;
  /** The report's state: one read. */
  get(trackingCode: string): Promise<ReportState | undefined>;
  /** The report with its whole history: events, messages, evidence records. */
  load(trackingCode: string): Promise<ReportRecord | undefined>;
  /** One evidence record of the report (the state's latest change first). */
  evidence(state: ReportState, evidenceId: string): Promise<EvidenceRecord | undefined>;
  /** Writes `next` in place of `previous` if the stored version is still `previous.version`; VersionConflict otherwise. */
  replace(previous: ReportState, next: ReportState): Promise<void>;
}

/**
 * Counts attempts to use a receipt, per tracking code (known or not) in a fixed window, atomically: an attempt
 * is added before its secret is checked and taken back when the secret was right, so that parallel guesses
 * are counted one by one.
 */
export interface AttemptCounter {
  /** Failed (or still running) attempts in the current window. */
  count(key: string, now: Date): Promise<number>;
  /** Adds one attempt and returns the count including it. */
  add(key: string, now: Date): Promise<number>;
  /** Takes back an attempt that turned out right. */
  remove(key: string, now: Date): Promise<void>;
}

export interface PresignedPut {
  url: string;
  headers: Record<string, string>;
  /** When the URL stops being accepted; a new one can be asked for while the file is pending. */
  expiresAt: string;
}

/** What storage says about a stored object: the version that was checked is the one staff are served. */
export interface StoredObject {
  size: number;
  etag?: string;
  /** S3 version id (versioned bucket); absent where the store keeps no versions. */
  versionId?: string;
}

export interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
}

export interface EvidenceStorage {
  /** A single PUT that cannot overwrite: `If-None-Match: *` is signed into it, with type and length. */
  presignPut(key: string, contentType: FileContentType, size: number): Promise<PresignedPut>;
  createMultipart(key: string, contentType: FileContentType): Promise<string>;
  presignPart(key: string, uploadId: string, partNumber: number): Promise<{ url: string; expiresAt: string }>;
  /** The parts stored so far, or undefined when the upload no longer exists (completed or aborted). */
  listParts(key: string, uploadId: string): Promise<StoredPart[] | undefined>;
  /** Joins the parts; refuses to replace an object that exists. */
  completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  /** The stored object, or undefined when there is none. */
  head(key: string): Promise<StoredObject | undefined>;
  /** The object's bytes as a stream of chunks; of `versionId` where given. */
  read(key: string, versionId?: string): AsyncIterable<Uint8Array>;
  delete(key: string): Promise<void>;
  /** Writes a derived object (a display copy) under a key of its own; never an evidence key. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  presignGet(key: string, download: { fileName: string; contentType: string; versionId?: string }, expiresInSeconds: number): Promise<string>;
}

/** What the evidence check needs of an image library (sharp, in adapters/sharp-images.ts). */
export interface ImageTools {
  /** Decodes the whole image: false when it does not decode in full (truncated, a header with no image). */
  decodes(bytes: Uint8Array): Promise<boolean>;
  /** A copy to show: turned upright, no EXIF/GPS/device data, at most DISPLAY_MAX_EDGE pixels a side. */
  displayCopy(bytes: Uint8Array): Promise<{ bytes: Uint8Array; contentType: 'image/webp' | 'image/jpeg'; width: number; height: number }>;
}

/** Reads the text in an image (offline Chinese OCR, adapters/ocr-reader.ts): one entry per line, top to bottom. */
export interface TextReader {
  read(image: Uint8Array): Promise<{ text: string; confidence: number }[]>;
}

/**
 * The image half of the evidence check: decoding and display copies (`tools`, loaded on first use), and what
 * runs once an image is accepted (`accepted`: on AWS an asynchronous call of the text-reading function, on the local
 * stack the same code in this process).
 */
export interface EvidenceImages {
  tools: () => Promise<ImageTools>;
  accepted?: (trackingCode: string, evidenceId: string) => Promise<void>;
}

/** Checks an uploaded object (size, type by magic bytes, SHA-256, EXIF) and records the result. */
export interface EvidenceVerifier {
  verify(trackingCode: string, evidenceId: string): Promise<EvidenceRecord>;
}

/** The queue rows and counters behind the staff views (the queue itself is read through core/queue's RowSource). */
export interface ReportIndexes {
  forInstitution(institutionName: string, limit: number): Promise<QueueRow[]>;
  dueCounters(partition: string, through: string): Promise<Map<string, Counters>>;
  dueThrough(authority: string, through: string, limit?: number): Promise<QueueRow[]>;
  states(codes: string[]): Promise<ReportState[]>;
  dailyTotals(partition: string, from?: string, to?: string): Promise<Map<string, number>>;
  sumBuckets(partition: string, buckets: string[]): Promise<Counters>;
  /** The institution items in these sort-key ranges (stats.ts institutionRanges), summed. */
  institutionCounters(partition: string, ranges: [string, string][]): Promise<Counters>;
  totalCounters(partition: string): Promise<Counters>;
}

export interface Colleague {
  id: string;
  name: string;
}

/** Staff seen at work, per authority: whom a report can be assigned to. */
export interface StaffDirectory {
  remember(authority: string, colleague: Colleague, at: string): Promise<void>;
  colleagues(authority: string): Promise<Colleague[]>;
}

/** One imported version of the institution registry (the CSV itself is kept whole, outside the table). */
export interface RegistryVersion {
  version: number;
  /** The version in force when this one was imported (0: none, the sample applied). */
  replaces: number;
  importedAt: string;
  importedBy: string;
  institutions: number;
  /** Against the version before: how many institutions were added, removed, changed, with the first few names of each. */
  diff: RegistryDiffSummary;
}

export interface RegistryDiffSummary {
  added: number;
  removed: number;
  changed: number;
  examples: { added: string[]; removed: string[]; changed: string[] };
}

/** The institution registry staff import, versioned: routing uses the current version. */
export interface RegistryStore {
  /** The version in force, or undefined before the first import (then the sample registry applies). */
  pointer(): Promise<RegistryVersion | undefined>;
  /** The CSV of a version. */
  csv(version: number): Promise<string>;
  /**
   * Stores a new version (numbered after every version ever stored) and puts it in force if the version in force
   * is still `expectedVersion` (0: none yet); VersionConflict otherwise.
   */
  save(csv: string, version: RegistryVersion, expectedVersion: number): Promise<void>;
  /** Every version, newest first. */
  history(): Promise<RegistryVersion[]>;
}

/** Export jobs (core/exports.ts), kept while their files are. */
export interface ExportJobs {
  save(job: ExportJob): Promise<void>;
  get(authority: string, id: string): Promise<ExportJob | undefined>;
}

/** Every entry of a year's holiday arrangement administrators made; none is ever replaced or removed. */
export interface CalendarStore {
  /** Every entry, in no particular order. */
  entries(): Promise<CalendarEntry[]>;
  /** Stores a new entry; throws CalendarEntryConflict when one with the same year and time exists. */
  add(entry: CalendarEntry): Promise<void>;
}

export class CalendarEntryConflict extends Error {
  constructor() {
    super('an entry for this year was made at the same moment');
  }
}

/** Hotline desk accounts and the reports their tickets became. */
export interface DeskStore {
  account(id: string): Promise<DeskAccount | undefined>;
  accounts(): Promise<DeskAccount[]>;
  create(account: DeskAccount): Promise<void>;
  /** False when there was no such active account. */
  revoke(id: string, by: string, at: string): Promise<boolean>;
  rememberTicket(deskId: string, ticket: string, trackingCode: string): Promise<void>;
  ticketReports(deskId: string, ticket: string): Promise<string[]>;
}
