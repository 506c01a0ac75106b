// What the browser keeps to resume an evidence upload after a reload, a dropped connection or in a new tab.
//
// localStorage, not sessionStorage: a new tab (or the browser opened again after a crash) must still know that an
// upload is unfinished and which file it was, and sessionStorage is one tab's only. What is kept is therefore only
// what names the upload and lets the reporter's re-picked file be matched to it — the tracking code, the evidence id
// and the file's name, size, type and last-modified time. Never the secret and never the file's content: the
// secret stays in the tab's sessionStorage with the receipt (a reload keeps it, closing the tab drops it), and a new
// tab asks for it again (the look-up page), so a shared phone keeps no way in to the report. An entry is removed as
// soon as its upload is checked or given up, and forgotten after a day (the bucket's lifecycle rule aborts an
// unfinished multipart upload after one day: nothing is left to resume then).

export interface ResumeEntry {
  trackingCode: string;
  evidenceId: string;
  fileName: string;
  size: number;
  lastModified: number;
  contentType: string;
  startedAt: number;
}

const KEY = 'evidence-uploads-v1';
const RESUME_DAYS = 1;

function read(): ResumeEntry[] {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    const fresh = Date.now() - RESUME_DAYS * 86_400_000;
    return raw.filter(
      (e): e is ResumeEntry =>
        typeof e === 'object' && e !== null && typeof e.trackingCode === 'string' && typeof e.evidenceId === 'string' && typeof e.fileName === 'string' && typeof e.size === 'number' && typeof e.startedAt === 'number' && e.startedAt > fresh,
    );
  } catch {
    return [];
  }
}

function write(entries: ResumeEntry[]): void {
  try {
    if (entries.length) localStorage.setItem(KEY, JSON.stringify(entries));
    else localStorage.removeItem(KEY);
  } catch {
    /* storage disabled or full: the upload works, it just cannot be resumed after a reload */
  }
}

/** The unfinished uploads of one report, oldest first. */
export function unfinishedUploads(trackingCode: string): ResumeEntry[] {
  return read().filter((e) => e.trackingCode === trackingCode);
}

/** Every report with unfinished uploads in this browser (a new tab without the secret can only name them). */
export function reportsWithUnfinishedUploads(): string[] {
  return [...new Set(read().map((e) => e.trackingCode))];
}

export function rememberUpload(entry: ResumeEntry): void {
  write([...read().filter((e) => e.evidenceId !== entry.evidenceId), entry]);
}

export function forgetUpload(evidenceId: string): void {
  write(read().filter((e) => e.evidenceId !== evidenceId));
}

/** The entry a re-picked file is the same file for: same name, size and last-modified time. */
export function sameFile(entry: Pick<ResumeEntry, 'fileName' | 'size' | 'lastModified'>, file: Pick<File, 'name' | 'size' | 'lastModified'>): boolean {
  return entry.fileName === file.name && entry.size === file.size && entry.lastModified === file.lastModified;
}
