import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Facts about the toolchain that README states, checked against what `npm ci` installed.

const root = new URL('../../', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

describe('the lock file', () => {
  const lock = json('package-lock.json') as { packages: Record<string, { integrity?: string; link?: boolean; inBundle?: boolean; os?: string[] }> };

  it('pins every package it installs to an integrity hash: no placeholder entries, whatever the platform', () => {
    const unpinned = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.link && !entry.inBundle && !entry.integrity);
    expect(unpinned.map(([path]) => path)).toEqual([]);
    const bindings = Object.entries(lock.packages).filter(([path]) => /node_modules\/@astrojs\/compiler-binding-[^/]+$/.test(path));
    expect(bindings.map(([, entry]) => entry.os?.[0] ?? 'any').sort()).toEqual(['android', 'any', 'darwin', 'darwin', 'linux', 'linux', 'linux', 'linux', 'win32', 'win32']);
  });
});

describe('the cdk CLI and aws-cdk-lib', () => {
  it('the CLI reads the cloud-assembly schema the library writes', () => {
    // The library writes the schema of its @aws-cdk/cloud-assembly-schema (its major version is the revision);
    // the CLI bundles the newest schema it reads.
    const written = Number(json('node_modules/@aws-cdk/cloud-assembly-schema/package.json').version.split('.')[0]);
    const cli = readFileSync(new URL('node_modules/aws-cdk/lib/index.js', root), 'utf8');
    const at = cli.indexOf('cloud-assembly-schema/schema/version.json');
    const read = Number(/revision: (\d+)/.exec(cli.slice(at, at + 1000))?.[1]);
    expect(read).toBeGreaterThanOrEqual(written);
    expect(json('node_modules/aws-cdk/package.json').version).toMatch(/^2\.1\d{3}\./);
  });
});
