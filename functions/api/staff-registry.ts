import { Hono } from 'hono';
import * as z from 'zod';
import { VersionConflict } from '../core/ports';
import { diffSummary, previewRegistryImport } from '../core/registry-import';
import { SAMPLE_REGISTRY_CSV } from '../core/registry-sample';
import { DomainError } from '../core/report';
import type { StaffUser } from '../core/staff';
import { jsonBody } from './errors';
import type { StaffDeps, StaffEnv } from './staff';

// The institution registry, for administrators: what is in force (with its history), a preview of an import
// against it, and the import itself as a new version.

const requireAdmin = (user: StaffUser) => {
  if (!user.admin) throw new DomainError(403, 'forbidden', '只有管理员可以导入机构名录');
};
const csvBody = z.object({ csv: z.string({ error: '请上传 CSV 文件的内容' }).min(1, { error: 'CSV 文件是空的' }) });

export function registryRoutes(deps: StaffDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const app = new Hono<StaffEnv>();

  // Until the first import, routing uses the sample registry: show it, and compare an import with it.
  const inForce = async () => {
    const pointer = await deps.registry.pointer();
    return pointer ? { csv: await deps.registry.csv(pointer.version), version: pointer } : { csv: SAMPLE_REGISTRY_CSV, version: undefined };
  };

  app.get('/registry', async (c) => {
    requireAdmin(c.get('user'));
    const { csv, version } = await inForce();
    return c.json({ csv, sample: !version, version: version ?? null, history: await deps.registry.history() });
  });

  app.post('/registry/preview', async (c) => {
    requireAdmin(c.get('user'));
    const { csv } = csvBody.parse(await jsonBody(c));
    return c.json(previewRegistryImport((await inForce()).csv, csv));
  });

  app.post('/registry', async (c) => {
    const user = c.get('user');
    requireAdmin(user);
    const { csv } = csvBody.parse(await jsonBody(c));
    const current = await inForce();
    const preview = previewRegistryImport(current.csv, csv);
    if (preview.errors.length) throw new DomainError(422, 'invalid_registry', `名录有 ${preview.errors.length} 处错误，请改正后再导入：${preview.errors[0]!.message}`);
    const latest = (await deps.registry.history())[0]?.version ?? 0;
    const version = {
      version: latest + 1,
      replaces: current.version?.version ?? 0,
      importedAt: now().toISOString(),
      importedBy: user.name,
      institutions: preview.count,
      diff: diffSummary(preview),
    };
    try {
      await deps.registry.save(csv, version, current.version?.version ?? 0);
    } catch (error) {
      if (error instanceof VersionConflict) throw new DomainError(409, 'conflict', '名录刚被其他管理员更新过，请刷新页面，查看新的名录后再导入');
      throw error;
    }
    deps.registryChanged?.();
    return c.json({ ...preview, imported: true, version });
  });

  return app;
}
