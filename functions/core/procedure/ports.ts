import type { DocumentContent } from '../documents/content';
import type { DocumentKind } from '../documents/office';
import type { DocumentTarget, IssuedFiles, StoredFile } from './types';

// What the procedure needs from storage besides the report store: 文号 handed out without collisions, and the
// issued documents kept as files.

/** One line of the office's register of issued numbers (发文登记). */
export interface DocumentNumberEntry {
  caseId: string;
  target: string;
  docNo?: string;
  by: string;
  at: string;
}

/**
 * 文号 serials per office, kind of document and year. `take` hands out the next serial, or claims the one given
 * (an office continuing its paper register); no serial is ever handed out twice. A serial taken for a step that
 * then fails stays taken (a gap in the register, never a duplicate).
 */
export interface DocumentNumbers {
  take(authority: string, kind: DocumentKind, year: number, entry: DocumentNumberEntry, serial?: number): Promise<number>;
}

/** The documents as files: rendered, stored with their SHA-256, and served by short-lived links. */
export interface DocumentFiles {
  /** Renders the document as approved and stores its PDF and DOCX (write-once) under the case-files prefix. */
  issue(caseId: string, target: DocumentTarget, content: DocumentContent): Promise<IssuedFiles>;
  /** A draft (or an issued document) rendered on the spot. */
  render(content: DocumentContent, format: 'pdf' | 'docx'): Promise<Uint8Array>;
  link(file: StoredFile, expiresInSeconds: number): Promise<string>;
}
