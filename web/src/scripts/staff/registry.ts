// /staff/registry/: the admin pastes or picks the registry CSV, sees what would change, then imports it.
// Import is offered only for the exact text that was previewed without errors.
import { ApiError } from '../api';
import { session, staffApi } from './auth';
import { $, fill, h, say, time } from './dom';

interface Preview {
  count: number;
  added: string[];
  removed: string[];
  changed: { name: string; fields: { field: string; from: string; to: string }[] }[];
  unchanged: number;
  errors: { line: number; message: string }[];
}

const FIELD_NAMES: Record<string, string> = {
  name: '名称',
  aliases: '简称',
  creditCode: '统一社会信用代码',
  district: '所在区',
  authority: '监管单位',
  occupations: '备案职业',
  status: '备案状态',
};

const csv = $<HTMLTextAreaElement>('reg-csv');
const status = $('reg-status');
const importButton = $<HTMLButtonElement>('reg-import');
let previewed: string | null = null;

const list = (id: string, names: string[], empty: string) => fill($(id), names.length ? names.map((n) => h('li', null, n)) : h('li', { class: 'muted' }, empty));

function showPreview(p: Preview): void {
  $('reg-preview').hidden = false;
  fill($('reg-summary'), `新名录共 ${p.count} 家机构：新增 ${p.added.length}，移除 ${p.removed.length}，有变化 ${p.changed.length}，不变 ${p.unchanged}。`);
  fill(
    $('reg-errors'),
    p.errors.length
      ? h(
          'div',
          { class: 'error-summary' },
          h('h3', null, `有 ${p.errors.length} 处错误，改正后才能导入`),
          h('ul', null, p.errors.map((e) => h('li', null, `第 ${e.line} 行：${e.message}`))),
        )
      : null,
  );
  list('reg-added', p.added, '没有');
  list('reg-removed', p.removed, '没有');
  fill(
    $('reg-changed'),
    p.changed.length
      ? h(
          'table',
          { class: 'changes' },
          h('caption', { class: 'sr-only' }, '信息有变化的机构'),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, '机构'), h('th', { scope: 'col' }, '项目'), h('th', { scope: 'col' }, '原来'), h('th', { scope: 'col' }, '改为'))),
          h(
            'tbody',
            null,
            p.changed.flatMap((c) =>
              c.fields.map((f, i) =>
                h('tr', null, i === 0 ? h('th', { scope: 'row', rowspan: String(c.fields.length) }, c.name) : null, h('td', null, FIELD_NAMES[f.field] ?? f.field), h('td', null, f.from || '（空）'), h('td', null, f.to || '（空）')),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, '没有'),
  );
  importButton.hidden = p.errors.length > 0;
  $('reg-preview-title').focus();
}

interface RegistryVersion {
  version: number;
  replaces: number;
  importedAt: string;
  importedBy: string;
  institutions: number;
  diff: { added: number; removed: number; changed: number };
}

async function showCurrent(): Promise<void> {
  const current = await staffApi<{ csv: string; sample: boolean; version: RegistryVersion | null; history: RegistryVersion[] }>('/registry');
  const box = $('reg-current');
  const rows = current.csv.trim().split(/\r?\n/).length - 1;
  const v = current.version;
  fill(
    box,
    h(
      'p',
      null,
      v
        ? `现行名录为第 ${v.version} 版，共 ${v.institutions} 家，由${v.importedBy}于 ${time(v.importedAt)} 导入。`
        : `还没有导入过名录，系统正在使用项目自带的示例名录（${rows} 家，均为虚构机构）。导入时将与它比较。`,
    ),
    h('details', null, h('summary', null, '查看现行名录'), h('pre', { class: 'mono' }, current.csv)),
    current.history.length
      ? h(
          'table',
          { class: 'history' },
          h('caption', null, '导入记录（每次导入都保留）'),
          h('thead', null, h('tr', null, ...['版本', '导入时间', '导入人', '机构数', '新增', '删除', '变更', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            current.history.map((r) =>
              h(
                'tr',
                null,
                h('td', null, `第 ${r.version} 版`),
                h('td', null, time(r.importedAt)),
                h('td', null, r.importedBy),
                h('td', null, String(r.institutions)),
                h('td', null, String(r.diff.added)),
                h('td', null, String(r.diff.removed)),
                h('td', null, String(r.diff.changed)),
                h('td', null, r.version === v?.version ? '现行' : ''),
              ),
            ),
          ),
        )
      : null,
  );
  if (!csv.value) csv.value = current.csv;
}

async function main(): Promise<void> {
  const me = await session();
  if (!me.admin) {
    $('reg-denied').hidden = false;
    return;
  }
  $('reg-app').hidden = false;
  await showCurrent().catch((e: unknown) => say(status, (e as Error).message, 'error'));

  $<HTMLInputElement>('reg-file').addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    csv.value = (await file.text()).replace(/^\uFEFF/, '');
    say(status, `已读入 ${file.name}，请点“预览变更”。`, 'info');
  });
  csv.addEventListener('input', () => {
    // The text changed since the preview: it must be previewed again.
    if (previewed !== null && csv.value !== previewed) importButton.hidden = true;
  });

  $<HTMLFormElement>('reg-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $<HTMLButtonElement>('reg-preview-button');
    if (!csv.value.trim()) {
      csv.setAttribute('aria-invalid', 'true');
      say(status, '请先选择 CSV 文件或粘贴名录内容。', 'error');
      csv.focus();
      return;
    }
    csv.removeAttribute('aria-invalid');
    button.disabled = true;
    say(status, '正在检查…');
    try {
      const text = csv.value;
      const preview = await staffApi<Preview>('/registry/preview', { csv: text });
      previewed = text;
      say(status, '');
      showPreview(preview);
    } catch (e) {
      say(status, (e as Error).message, 'error', true);
    } finally {
      button.disabled = false;
    }
  });

  importButton.addEventListener('click', async () => {
    if (previewed === null || csv.value !== previewed) return;
    importButton.disabled = true;
    try {
      const result = await staffApi<Preview & { imported: boolean }>('/registry', { csv: previewed });
      $('reg-preview').hidden = true;
      previewed = null;
      say(status, `名录已导入，共 ${result.count} 家机构。之后收到的举报按新名录比对。`, 'ok', true);
      await showCurrent();
    } catch (e) {
      say(status, (e as Error).message, 'error', true);
    } finally {
      importButton.disabled = false;
    }
  });
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
