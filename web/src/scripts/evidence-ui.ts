// The evidence list used on /report and /track: pick files, check them with the API's schema,
// then upload them one after another with a progress bar each.
import { EVIDENCE_TYPES, formatBytes, MAX_EVIDENCE_PER_REPORT, type EvidenceContentType } from '../../../functions/core/evidence-types';
import { checkFile, contentTypeOf, uploadEvidence } from './upload';

export interface UploadOutcome {
  uploaded: string[];
  failed: { fileName: string; message: string }[];
}

interface Row {
  file: File;
  li: HTMLLIElement;
  progress: HTMLProgressElement;
  status: HTMLElement;
  remove: HTMLButtonElement;
  done: boolean;
}

let rowSeq = 0;

export class EvidenceList {
  private rows: Row[] = [];
  private busy = false;

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

  get files(): File[] {
    return this.rows.filter((r) => !r.done).map((r) => r.file);
  }

  get count(): number {
    return this.rows.length;
  }

  add(files: File[]): void {
    const messages: string[] = [];
    for (const file of files) {
      if (this.rows.some((r) => r.file.name === file.name && r.file.size === file.size && r.file.lastModified === file.lastModified)) continue;
      if (this.rows.length >= this.max) {
        messages.push(`最多只能上传 ${this.max} 个文件，“${file.name}”没有加入。`);
        continue;
      }
      const problem = checkFile(file);
      if (problem) {
        messages.push(`“${file.name}”：${problem}`);
        continue;
      }
      this.rows.push(this.row(file));
    }
    this.showProblems(messages);
    this.sync();
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

  private row(file: File): Row {
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
    const type = EVIDENCE_TYPES[contentTypeOf(file) as EvidenceContentType];
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
    const row: Row = { file, li, progress, status, remove, done: false };
    remove.addEventListener('click', () => {
      if (this.busy) return;
      this.rows = this.rows.filter((r) => r !== row);
      this.sync();
      this.input.focus();
    });
    return row;
  }

  private sync(): void {
    this.list.replaceChildren(...this.rows.map((r) => r.li));
    this.list.hidden = this.rows.length === 0;
    this.input.disabled = this.busy || this.rows.length >= this.max;
  }

  /** Upload every file not yet uploaded; failures are marked in the list and returned. */
  async uploadAll(code: string, secret: string): Promise<UploadOutcome> {
    const outcome: UploadOutcome = { uploaded: [], failed: [] };
    this.busy = true;
    this.sync();
    for (const row of this.rows) row.remove.hidden = true;
    for (const row of this.rows) {
      if (row.done) continue;
      row.li.classList.remove('failed', 'done');
      row.progress.hidden = false;
      row.progress.value = 0;
      row.status.textContent = '准备上传…';
      let announced = 0;
      try {
        await uploadEvidence(code, secret, row.file, (loaded, total) => {
          const pct = total ? Math.floor((loaded / total) * 100) : 100;
          row.progress.value = pct;
          // Announce in quarters so a screen reader is not flooded; the bar itself carries the exact value.
          const quarter = Math.floor(pct / 25) * 25;
          if (quarter > announced && pct < 100) {
            announced = quarter;
            row.status.textContent = `正在上传 ${quarter}%`;
          } else if (pct >= 100 && announced < 100) {
            // All bytes sent; the server still checks the file (type, size, hash) before it counts.
            announced = 100;
            row.status.textContent = '已传完，正在检查文件…';
          } else if (announced === 0 && row.status.textContent === '准备上传…') {
            row.status.textContent = '正在上传…';
          }
        });
        row.done = true;
        row.progress.value = 100;
        row.li.classList.add('done');
        row.status.textContent = '已上传';
        outcome.uploaded.push(row.file.name);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        row.li.classList.add('failed');
        row.progress.hidden = true;
        row.status.textContent = `上传失败：${message}`;
        outcome.failed.push({ fileName: row.file.name, message });
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
