// `npx cdk synth|deploy` entry (cdk.json). Config: `-c config=path/to/portal.json` (a PortalConfig), or
// `-c example=china` / the global example by default.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { EXAMPLE_CHINA, EXAMPLE_GLOBAL, type PortalConfig } from './config';
import { addNagChecks, addPortal, APP_CONTEXT } from './portal-app';

const app = new App({ context: APP_CONTEXT });
const file = app.node.tryGetContext('config') as string | undefined;
const config: PortalConfig = file
  ? (JSON.parse(readFileSync(resolve(file), 'utf8')) as PortalConfig)
  : app.node.tryGetContext('example') === 'china'
    ? EXAMPLE_CHINA
    : EXAMPLE_GLOBAL;

addPortal(app, config);
addNagChecks(app);
app.synth();
