import type { EvidenceContentType } from './evidence-types';
import type { CalendarEntry } from './holiday-arrangement';
import type { ReportChange, ReportRecord } from './report';

// What the API needs from storage, independent of DynamoDB and S3.

export class VersionConflict extends Error {
  constructor() {
    super('the report changed since it was read');
  }
}

export interface ReportStore {
  /** Stores a new report unless one with its tracking code exists; then returns the existing one. */
  create(report: ReportRecord): Promise<{ created: true } | { created: false; existing: ReportRecord }>;
  get(trackingCode: string): Promise<ReportRecord | undefined>;
  /** Applies the change if the stored version is `expectedVersion`; throws VersionConflict otherwise. */
  update(trackingCode: string, expectedVersion: number, change: ReportChange): Promise<ReportRecord>;
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
  presignPut(key: string, contentType: EvidenceContentType, size: number): Promise<PresignedPut>;
  createMultipart(key: string, contentType: EvidenceContentType): Promise<string>;
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
  presignGet(key: string, download: { fileName: string; contentType: string; versionId?: string }, expiresInSeconds: number): Promise<string>;
}

/** Checks an uploaded object (size, type by magic bytes, SHA-256, EXIF) and records the result. */
export interface EvidenceVerifier {
  verify(trackingCode: string, evidenceId: string): Promise<ReportRecord['evidence'][string]>;
}

/** The queues: every report routed to an authority, or all of them for the municipal centre. */
export interface ReportQueries {
  listForAuthority(authority: string): Promise<ReportRecord[]>;
  listForAuthorities(authorities: string[]): Promise<ReportRecord[]>;
  listForInstitution(institutionName: string): Promise<ReportRecord[]>;
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

export interface StoredRegistry {
  csv: string;
  importedAt: string;
  importedBy: string;
}

/** The institution registry staff imported; routing uses it from then on. */
export interface RegistryStore {
  current(): Promise<StoredRegistry | undefined>;
  save(registry: StoredRegistry): Promise<void>;
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
