import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_PROOF_OF_WORK } from '../core/proof-of-work';
import { startLocalStack } from './stack';

// `npm start`: build the site if its sources changed, start the local stack, print the URL; Ctrl-C stops it.

const root = resolve(import.meta.dirname, '../..');
const port = Number(process.env.PORT ?? 8787);
const dataDir = resolve(root, process.env.DATA_DIR ?? '.data');
const siteDir = join(root, 'web/dist');
const started = performance.now();

function newestChange(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const builtAt = existsSync(join(siteDir, 'index.html')) ? statSync(join(siteDir, 'index.html')).mtimeMs : 0;
const sourcesAt = Math.max(newestChange(join(root, 'web/src')), newestChange(join(root, 'web/public')), newestChange(join(root, 'functions/core')));
if (sourcesAt > builtAt) {
  console.log('正在构建网站 (building the site)…');
  const build = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('网站构建失败 (site build failed); see the messages above.');
    process.exit(1);
  }
}

try {
  // PROOF_OF_WORK_HASHES lowers the price of filing and look-ups, for load benchmarks whose clients must solve thousands.
  const hashes = Number(process.env.PROOF_OF_WORK_HASHES) || undefined;
  const proofOfWork = hashes ? { ...DEFAULT_PROOF_OF_WORK, counterRange: [hashes, hashes] as const } : undefined;
  const stack = await startLocalStack({ port, dataDir, siteDir, s3Port: Number(process.env.S3_PORT ?? port + 1), proofOfWork });
  console.log(`技能评价违规举报平台 is running at ${stack.url}`);
  console.log(`  data: ${stack.dataDir} (delete it to start afresh) · evidence uploads go to ${stack.s3Url}`);
  console.log(`  ready in ${Math.round(performance.now() - started)} ms · Ctrl-C to stop`);
  const stop = async () => {
    await stack.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e.code === 'EADDRINUSE') {
    console.error(`端口 ${e.port ?? port} 已被占用。请关闭占用它的程序，或换一个端口：PORT=8790 npm start`);
    console.error(`Port ${e.port ?? port} is already in use. Stop the program using it, or choose another: PORT=8790 npm start`);
    process.exit(1);
  }
  throw error;
}
