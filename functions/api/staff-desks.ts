import { Hono } from 'hono';
import { deskAccountSchema, hashDeskKey, newDeskKey } from '../core/desk';
import { DomainError } from '../core/report';
import { errorBody, jsonBody } from './errors';
import type { StaffDeps, StaffEnv } from './staff';

// /api/staff/desks, administrators only: the hotline desks that may file reports with a key. A key is shown once,
// when the desk is made; afterwards only who made it and when (and who revoked it) are shown.

export function deskRoutes(deps: StaffDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const app = new Hono<StaffEnv>();
  app.use('*', async (c, next) => {
    if (!c.get('user').admin) return c.json(errorBody('forbidden', '只有管理员可以管理热线坐席'), 403);
    await next();
  });

  app.get('/', async (c) => {
    const accounts = await deps.desks.accounts();
    return c.json(accounts.map(({ keyHash: _hash, ...account }) => account).sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  });

  app.post('/', async (c) => {
    const { name } = deskAccountSchema.parse(await jsonBody(c));
    const { id, key } = newDeskKey();
    const account = { id, name, keyHash: hashDeskKey(key), createdAt: now().toISOString(), createdBy: c.get('user').name };
    await deps.desks.create(account);
    const { keyHash: _hash, ...shown } = account;
    return c.json({ ...shown, key, note: '密钥只显示这一次，请立即交给热线系统的管理员妥善保存' }, 201);
  });

  app.post('/:id/revoke', async (c) => {
    if (!(await deps.desks.revoke(c.req.param('id'), c.get('user').name, now().toISOString()))) {
      throw new DomainError(404, 'not_found', '找不到这个坐席，或它已经停用');
    }
    return c.json({ id: c.req.param('id'), revoked: true });
  });

  return app;
}
