// /staff/desks/: administrators make hotline desk accounts (the key is shown once, here, and never again), see who
// made and who revoked each, and revoke one. The API is /api/staff/desks (functions/api/staff-desks.ts).
import { ApiError } from '../api';
import type { components } from '../api/staff';
import { session, staffApi } from './auth';
import { $, fill, h, say, time } from './dom';

type Desk = components['schemas']['DeskAccount'];
type Created = components['schemas']['DeskCreated'];

const status = $('desk-status');
const form = $<HTMLFormElement>('desk-form');
const name = $<HTMLInputElement>('desk-name');
const keyBox = $('desk-key-box');
const keyField = $<HTMLInputElement>('desk-key');

function showList(desks: Desk[]): void {
  if (!desks.length) return fill($('desk-list'), h('p', { class: 'muted' }, '还没有坐席。'));
  fill(
    $('desk-list'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'changes' },
        h('caption', { class: 'sr-only' }, '热线坐席'),
        h('thead', null, h('tr', null, ['名称', '编号', '新建', '状态', '操作'].map((label) => h('th', { scope: 'col' }, label)))),
        h(
          'tbody',
          null,
          desks.map((d) =>
            h(
              'tr',
              { 'data-desk': d.id },
              h('th', { scope: 'row' }, d.name),
              h('td', { class: 'mono' }, d.id),
              h('td', null, time(d.createdAt), ` ${d.createdBy}`),
              h('td', null, d.revokedAt ? ['已停用 ', time(d.revokedAt), d.revokedBy ? ` ${d.revokedBy}` : ''] : '使用中'),
              h('td', null, d.revokedAt ? null : h('button', { type: 'button', class: 'secondary small-button', 'data-revoke': d.id, 'aria-label': `停用 ${d.name}` }, '停用')),
            ),
          ),
        ),
      ),
    ),
  );
}

const reload = () => staffApi<Desk[]>('/desks').then(showList);

async function main(): Promise<void> {
  const me = await session();
  if (!me.admin) {
    $('desk-denied').hidden = false;
    return;
  }
  $('desk-app').hidden = false;
  await reload().catch((e: unknown) => say(status, (e as Error).message, 'error'));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = $<HTMLButtonElement>('desk-create');
    name.removeAttribute('aria-invalid');
    button.disabled = true;
    try {
      const made = await staffApi<Created>('/desks', { name: name.value });
      name.value = '';
      say(status, `已新建坐席“${made.name}”。`, 'ok');
      fill($('desk-key-note'), made.note);
      keyField.value = made.key;
      keyBox.hidden = false;
      $('desk-key-title').focus();
      await reload();
    } catch (err) {
      if (err instanceof ApiError && err.field === 'name') name.setAttribute('aria-invalid', 'true');
      say(status, (err as Error).message, 'error', true);
    } finally {
      button.disabled = false;
    }
  });

  // The key leaves the page when the admin says it is saved: it is in no list and no later answer.
  $('desk-key-done').addEventListener('click', () => {
    keyField.value = '';
    keyBox.hidden = true;
    name.focus();
  });

  $('desk-list').addEventListener('click', async (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-revoke]');
    if (!button) return;
    const row = button.closest('tr')!;
    const deskName = row.querySelector('th')!.textContent ?? '';
    if (!confirm(`停用坐席“${deskName}”？停用后它的密钥立即失效，不能恢复。`)) return;
    button.disabled = true;
    try {
      await staffApi(`/desks/${encodeURIComponent(button.dataset.revoke!)}/revoke`, {});
      say(status, `已停用坐席“${deskName}”，它的密钥不能再使用。`, 'ok', true);
      await reload();
    } catch (err) {
      say(status, (err as Error).message, 'error', true);
      button.disabled = false;
    }
  });
}

main().catch((e: unknown) => {
  if (!(e instanceof ApiError)) console.error(e);
});
