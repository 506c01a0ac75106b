// `npm run synth`: synthesizes the example deployment for both partitions (global and China/Ningxia),
// bundling every function with the local esbuild, running cdk-nag, and printing each template to stdout
// (progress and timings on stderr). Needs no AWS credentials and no network.
import { rmSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { EXAMPLE_CHINA, EXAMPLE_GLOBAL } from './config';
import { repoPath } from './paths';
import { addNagChecks, addPortal, APP_CONTEXT } from './portal-app';

const started = performance.now();
for (const config of [EXAMPLE_GLOBAL, EXAMPLE_CHINA]) {
  const t0 = performance.now();
  const outdir = repoPath('cdk.out', `synth-${config.region}`);
  rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, context: APP_CONTEXT });
  addPortal(app, config);
  addNagChecks(app);
  const assembly = app.synth();
  if (process.exitCode) {
    console.error(`cdk-nag or CloudFormation validation failed for ${config.region}: see ${outdir}/policy-validation-report.json`);
    process.exit(process.exitCode);
  }
  for (const stack of assembly.stacks) {
    const partition = stack.environment.region.startsWith('cn-') ? 'aws-cn' : 'aws';
    console.log(`# ${stack.stackName} — ${stack.environment.region} (partition ${partition})`);
    console.log(JSON.stringify(stack.template, null, 2));
    const resources = Object.keys((stack.template as { Resources?: object }).Resources ?? {}).length;
    console.error(`synth: ${stack.stackName} ${stack.environment.region}: ${resources} resources`);
  }
  console.error(`synth: ${config.region} in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${outdir}`);
}
console.error(`synth: both partitions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
