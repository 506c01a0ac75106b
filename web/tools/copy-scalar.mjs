// After `astro build`: the API reference's script (Scalar's standalone bundle) is served from the site's own origin,
// as the Content-Security-Policy requires (script-src 'self'); /api/docs loads it from /assets/scalar/standalone.js.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
// The package's `browser` entry (its exports map does not expose the file by a subpath).
const from = join(root, 'node_modules/@scalar/api-reference/dist/browser/standalone.js');
const to = join(root, 'web/dist/assets/scalar/standalone.js');
mkdirSync(dirname(to), { recursive: true });
copyFileSync(from, to);
