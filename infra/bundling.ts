import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { repoPath } from './paths';

/**
 * How every function is bundled: the project's own esbuild (never Docker), ESM for Node 24, minified, with
 * source maps, the AWS SDK the code was tested with (not whatever the runtime ships: checksum defaults differ),
 * and **code splitting**: what a handler reaches only through `await import(…)` (triage at filing, the evidence
 * check, the document renderers…) goes into chunks of its own, loaded on first use, so a cold start reads and
 * evaluates only `index.mjs`. `npm run bench` and the bundle-size test build with these very options.
 */
export function esbuildOptions(entry: string, outdir: string, nativePackages: readonly NativePackage[] = []): BuildOptions {
  return {
    // Packages with native code (sharp, onnxruntime-node) are not bundled but copied beside the bundle.
    ...(nativePackages.length ? { external: nativePackages.map((p) => p.name) } : {}),
    entryPoints: { index: repoPath(entry) },
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    // Some CommonJS dependencies call require(); ESM bundles have none.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}

/**
 * Bundles one entry with the project's esbuild. `entry` is a field on purpose: CDK reuses the bundle of an earlier
 * asset whose source path and bundling options serialise alike, and every function's source path is the repository.
 */
class LocalEsbuild implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly assets: readonly BundledAsset[],
    readonly nativePackages: readonly NativePackage[],
  ) {}

  tryBundle(outputDir: string): boolean {
    buildSync(esbuildOptions(this.entry, outputDir, this.nativePackages));
    for (const asset of this.assets) {
      mkdirSync(path.join(outputDir, asset.to), { recursive: true });
      copyFileSync(repoPath(asset.from), path.join(outputDir, asset.to, path.basename(asset.from)));
    }
    copyNativePackages(this.nativePackages, outputDir);
    return true;
  }
}

/** A package copied into the bundle's `node_modules` as installed, but for the paths `skip` names (other platforms). */
export interface NativePackage {
  readonly name: string;
  /** Paths inside the package left out (prefixes, `/`-separated). */
  readonly skip?: readonly string[];
}

export function copyNativePackages(packages: readonly NativePackage[], outputDir: string): void {
  for (const pkg of packages) {
    const from = repoPath('node_modules', pkg.name);
    cpSync(from, path.join(outputDir, 'node_modules', pkg.name), {
      recursive: true,
      dereference: true,
      filter: (src) => {
        const inside = path.relative(from, src).split(path.sep).join('/');
        return !(pkg.skip ?? []).some((s) => inside === s || inside.startsWith(`${s}/`));
      },
    });
  }
}

/** A file the bundle needs beside it: repository-relative source → folder inside the bundle. */
export interface BundledAsset {
  readonly from: string;
  readonly to: string;
}

/** The handler file bundled into the asset (`index.mjs` exporting `handler`, and its chunks). */
export function bundledCode(entry: string, assets: readonly BundledAsset[] = [], nativePackages: readonly NativePackage[] = []): Code {
  return Code.fromAsset(repoPath(), {
    // The output is hashed, never the repository (node_modules and all); skipped bundling gets a custom hash.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never used, because local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: new LocalEsbuild(entry, assets, nativePackages),
    },
  });
}
