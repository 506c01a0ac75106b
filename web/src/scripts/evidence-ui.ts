// The evidence list used on /report and /track: pick files, check them with the API's schema, then upload them
// one after another with a progress bar each (bytes sent and time left). An upload interrupted by a reload, a
// dropped connection or a closed tab is resumed when the reporter picks the same file again: only the parts
// storage lacks are sent. An unfinished upload can be removed (it then no longer counts toward the limit).
import { EVIDENCE_TYPES, formatBytes, MAX_EVIDENCE_PER_REPORT, type EvidenceContentType } from '../../../functions/core/evidence-types';
import { checkFile, contentTypeOf, removeUpload, uploadEvidence, uploadStatus, type EvidenceStatus } from './upload';
import { forgetUpload, rememberUpload, sameFile, unfinishedUploads, type ResumeEntry } from './upload-resume';

export interface UploadOutcome {
  uploaded: string[];
  failed: { fileName: string; message: string }[];
}

interface Row {
  /** The file; absent for an upload begun before a reload until the reporter picks the same file again. */
  file?: File;
  /** Name, size and date of the file: the file's own, or what was kept to resume it. */
  name: string;
  size: number;
  lastModified: number;
  /** Known once the upload was declared: then it is resumed, never declared again. */
  evidenceId?: string;
  li: HTMLLIElement;
  progress: HTMLProgressElement;
  status: HTMLElement;
  remove: HTMLButtonElement;
  done: boolean;
}

let rowSeq = 0;

/** "约剩 2 分钟": the time left at the rate of the last few seconds. */
export function timeLeft(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `约剩 ${Math.max(1, Math.round(seconds))} 秒`;
  if (seconds < 3600) return `约剩 ${Math.round(seconds / 60)} 分钟`;
  return `约剩 ${Math.floor(seconds / 3600)} 小时 ${Math.round((seconds % 3600) / 60)} 分钟`;
}

/** Bytes per second over a sliding window of the last samples; bytes already stored when it started do not count. */
class Rate {
  private samples: { at: number; bytes: number }[] = [];
  add(bytes: number): void {
    const at = performance.now();
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > 10_000) this.samples.shift();
  }
  perSecond(): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 1000) return NaN;
    return ((last.bytes - first.bytes) / (last.at - first.at)) * 1000;
  }
}

export class EvidenceList {
  private rows: Row[] = [];
  private busy = false;
  /** The receipt the list uploads for, once the report exists (removing an unfinished upload needs it). */
  private receipt?: { code: string; secret: string };
  /** Called when the reporter picks a file again for an upload waiting to be resumed. */
  onResumable?: () => void;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly list: HTMLUListElement,
    private readonly problems: HTMLElement,
    private readonly max: number = MAX_EVIDENCE_PER_REPORT,
  ) {
    input.addEventListener('change', () => {
      this.add(Array.from(input.files ?? []));
      input.value = ''; // allow choosing the same file again after removing it
    });
  }

  /** Files picked and not yet uploaded. */
  get files(): File[] {
    return this.rows.filter((r) => !r.done && r.file).map((r) => r.file!);
  }

  get count(): number {
    return this.rows.length;
  }

  /** Uploads waiting for their file to be picked again. */
  get waiting(): number {
    return this.rows.filter((r) => !r.done && !r.file).length;
  }

  /**
   * The uploads of report `code` this browser began and did not finish (kept in localStorage): each is shown with
   * what to do — pick the same file again to go on, or remove it.
   */
  offerResume(code: string, secret: string): void {
    this.receipt = { code, secret };
    for (const entry of unfinishedUploads(code)) {
      if (this.rows.some((r) => r.evidenceId === entry.evidenceId)) continue;
      const row = this.row({ name: entry.fileName, size: entry.size, lastModified: entry.lastModified, contentType: entry.contentType });
      row.evidenceId = entry.evidenceId;
      row.li.classList.add('failed');
      row.status.textContent = '上次没有传完。请再选择一次这个文件，会接着传，已传的部分不会重传；不需要了可以移除。';
      this.rows.push(row);
      void this.standing(row, code, secret);
    }
    this.sync();
  }

  /** Asks where a resumable upload stands: how much storage holds, or that it was finished or removed meanwhile. */
  private async standing(row: Row, code: string, secret: string): Promise<void> {
    let status: EvidenceStatus;
    try {
      status = await uploadStatus(code, secret, row.evidenceId!);
    } catch {
      return; // offline, say: the row stays as it is, picking the file still resumes
    }
    if (row.file || row.done) return;
    if (status.status === 'uploading') {
      row.progress.hidden = false;
      row.progress.value = Math.floor((status.storedBytes / status.size) * 100);
      row.status.textContent = `上次传了 ${formatBytes(status.storedBytes)} / ${formatBytes(status.size)}，没有传完。请再选择一次这个文件，会接着传，已传的部分不会重传；不需要了可以移除。`;
    } else if (status.status !== 'checking') {
      // Finished in another tab, refused, or removed: nothing left to resume here.
      forgetUpload(row.evidenceId!);
      this.rows = this.rows.filter((r) => r !== row);
      this.sync();
    }
  }

  add(files: File[]): void {
    const messages: string[] = [];
    let resumable = false;
    for (const file of files) {
      // The same file as an upload waiting to be resumed: it goes on where it stopped.
      const waiting = this.rows.find((r) => !r.file && !r.done && sameFile({ fileName: r.name, size: r.size, lastModified: r.lastModified }, file));
      if (waiting) {
        waiting.file = file;
        waiting.status.textContent = '已重新选择，等待继续上传…';
        resumable = true;
        continue;
      }
      if (this.rows.some((r) => r.name === file.name && r.size === file.size && r.lastModified === file.lastModified)) continue;
      if (this.rows.length >= this.max) {
        messages.push(`最多只能上传 ${this.max} 个文件，“${file.name}”没有加入。`);
        continue;
      }
      const problem = checkFile(file);
      if (problem) {
        messages.push(`“${file.name}”：${problem}`);
        continue;
      }
      const row = this.row({ name: file.name, size: file.size, lastModified: file.lastModified, contentType: contentTypeOf(file) });
      row.file = file;
      this.rows.push(row);
    }
    this.showProblems(messages);
    this.sync();
    if (resumable || (this.receipt && files.length)) this.onResumable?.();
  }

  private showProblems(messages: string[]): void {
    this.problems.replaceChildren(
      ...messages.map((m) => {
        const p = document.createElement('p');
        p.className = 'field-error';
        p.textContent = m;
        return p;
      }),
    );
    this.problems.hidden = messages.length === 0;
  }

  private row(file: { name: string; size: number; lastModified: number; contentType: string }): Row {
    const id = `evidence-${++rowSeq}`;
    const li = document.createElement('li');
    li.className = 'file-item';
    const head = document.createElement('div');
    head.className = 'file-head';
    const info = document.createElement('div');
    const name = document.createElement('div');
    name.className = 'file-name';
    name.id = `${id}-name`;
    name.textContent = file.name;
    const meta = document.createElement('div');
    meta.className = 'file-meta';
    const type = EVIDENCE_TYPES[file.contentType as EvidenceContentType];
    meta.textContent = `${type?.label ?? '文件'} · ${formatBytes(file.size)}`;
    info.append(name, meta);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link';
    remove.textContent = '移除';
    remove.setAttribute('aria-label', `移除 ${file.name}`);
    head.append(info, remove);
    const progress = document.createElement('progress');
    progress.max = 100;
    progress.value = 0;
    progress.hidden = true;
    progress.setAttribute('aria-labelledby', `${id}-name`);
    const status = document.createElement('p');
    status.className = 'file-status';
    status.setAttribute('aria-live', 'polite');
    li.append(head, progress, status);
    const row: Row = { name: file.name, size: file.size, lastModified: file.lastModified, li, progress, status, remove, done: false };
    remove.addEventListener('click', () => void this.removeRow(row));
    return row;
  }

  /** Removes a file from the list; an upload already declared is given up on the server too (aborted, not counted). */
  private async removeRow(row: Row): Promise<void> {
    if (this.busy) return;
    if (row.evidenceId && this.receipt) {
      row.remove.disabled = true;
      row.status.textContent = '正在移除…';
      try {
        await removeUpload(this.receipt.code, this.receipt.secret, row.evidenceId);
      } catch (err) {
        row.remove.disabled = false;
        row.status.textContent = `没能移除：${err instanceof Error ? err.message : String(err)}`;
        return;
      }
      forgetUpload(row.evidenceId);
    }
    this.rows = this.rows.filter((r) => r !== row);
    this.sync();
    this.input.focus();
  }

  private sync(): void {
    this.list.replaceChildren(...this.rows.map((r) => r.li));
    this.list.hidden = this.rows.length === 0;
    this.input.disabled = this.busy || (this.rows.length >= this.max && this.waiting === 0);
  }

  /** Upload every file not yet uploaded (resuming those begun before); failures are marked in the list and returned. */
  async uploadAll(code: string, secret: string): Promise<UploadOutcome> {
    this.receipt = { code, secret };
    const outcome: UploadOutcome = { uploaded: [], failed: [] };
    this.busy = true;
    this.sync();
    for (const row of this.rows) row.remove.hidden = true;
    for (const row of this.rows) {
      if (row.done || !row.file) continue;
      const file = row.file;
      row.li.classList.remove('failed', 'done');
      row.progress.hidden = false;
      row.progress.value = 0;
      row.status.textContent = row.evidenceId ? '正在查看已传的部分…' : '准备上传…';
      const rate = new Rate();
      let announced = -1;
      let lastText = 0;
      try {
        await uploadEvidence(
          code,
          secret,
          file,
          (loaded, total) => {
            const pct = total ? Math.floor((loaded / total) * 100) : 100;
            row.progress.value = pct;
            rate.add(loaded);
            if (pct >= 100) return;
            // Bytes and time left, at most once a second, so that a screen reader (polite) is not flooded.
            const now = performance.now();
            const quarter = Math.floor(pct / 25);
            if (now - lastText < 1000 && quarter === announced) return;
            lastText = now;
            announced = quarter;
            const left = timeLeft((total - loaded) / rate.perSecond());
            row.status.textContent = `正在上传 ${pct}%：已传 ${formatBytes(loaded)} / ${formatBytes(total)}${left ? `，${left}` : ''}`;
          },
          {
            ...(row.evidenceId ? { resume: row.evidenceId } : {}),
            onDeclared: (evidenceId) => {
              row.evidenceId = evidenceId;
              rememberUpload({ trackingCode: code, evidenceId, fileName: file.name, size: file.size, lastModified: file.lastModified, contentType: contentTypeOf(file), startedAt: Date.now() } satisfies ResumeEntry);
            },
            onWaiting: (ms) => {
              row.status.textContent = `网络中断，${Math.round(ms / 1000)} 秒后自动重试（网络恢复后会马上接着传，已传的部分不会重传）…`;
              announced = -1; // the next progress is announced at once
            },
            // All bytes stored; the server still checks the file (type, size, hash) before it counts.
            onChecking: () => {
              row.progress.value = 100;
              row.status.textContent = '已传完，正在检查文件…';
            },
          },
        );
        row.done = true;
        row.progress.value = 100;
        row.li.classList.add('done');
        row.status.textContent = '已上传';
        if (row.evidenceId) forgetUpload(row.evidenceId);
        outcome.uploaded.push(file.name);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        row.li.classList.add('failed');
        row.progress.hidden = true;
        // Interrupted uploads stay resumable (the id is kept); a refused file is over.
        const over = /已删除|已经移除|已经上传并检查过/.test(message);
        if (over && row.evidenceId) {
          forgetUpload(row.evidenceId);
          row.evidenceId = undefined; // another try declares the file afresh
        }
        row.status.textContent = over ? `上传失败：${message}` : `上传中断：${message}${row.evidenceId ? '已传的部分已保存，再上传一次会接着传，不会重传。' : ''}`;
        outcome.failed.push({ fileName: file.name, message });
      }
    }
    this.busy = false;
    for (const row of this.rows) row.remove.hidden = row.done;
    this.sync();
    return outcome;
  }

  /** Forget uploaded files (after a successful round on /track). */
  clearDone(): void {
    this.rows = this.rows.filter((r) => !r.done);
    this.sync();
  }
}
