import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/api/public';
import { createStaffApp } from '../../functions/api/staff';
import { publicSpec, staffSpec } from '../../functions/api/openapi';
import { docsPolicy } from '../../functions/api/api-docs';
import { mockedPublicApp } from '../support/mocked-app';

// The OpenAPI documents are held to two things that must not drift: the routes the Hono apps register (every one is
// described, nothing is described that is not served) and docs/API.md, the fixed public contract (its paths,
// methods, status codes and the fields it names).

type Spec = ReturnType<typeof publicSpec>;
/** Dependencies no route reads while the app is composed: anything, at any depth. */
const anything: never = new Proxy(() => anything, { get: (_t, key) => (key === 'then' ? undefined : anything) }) as never;
const staffApp = () => createStaffApp(new Proxy({ signIn: { mode: 'local', issuer: 'x', clientId: 'y' } }, { get: (t, key) => (key in t ? t[key as 'signIn'] : anything) }) as never);
type Json = { [k: string]: unknown };

/** `METHOD /path/{param}` for every handler an app registers (middleware excluded). */
function registered(app: { routes: { method: string; path: string }[] }): string[] {
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`))].sort();
}
const documented = (spec: Spec) =>
  Object.entries(spec.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
/** Path parameters are named differently in code (`:code`) and in the documents (`{trackingCode}`): compare shapes. */
const shape = (keys: string[]) => keys.map((k) => k.replace(/\{\w+\}/g, '{}')).sort();

/** Every property name anywhere in a schema, following $refs into the components. */
function fieldsOf(schema: unknown, spec: Spec, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Json;
    if (typeof o.$ref === 'string') {
      const id = o.$ref.split('/').pop()!;
      if (!seen.has(id)) {
        seen.add(id);
        walk((spec.components.schemas as Json)[id]);
      }
    }
    if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) out.add(k);
    for (const v of Object.values(o)) walk(v);
  };
  walk(schema);
  return out;
}

interface Documented {
  method: string;
  path: string;
  headers: string[];
  requestFields: string[];
  responses: Map<string, string[]>;
}

/** The endpoints docs/API.md fixes, read from its indented blocks. */
function apiMd(): Documented[] {
  const text = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');
  const out: Documented[] = [];
  let current: Documented | undefined;
  let status: string | undefined;
  for (const line of text.split('\n')) {
    const endpoint = /^ {4}(GET|POST|PUT|DELETE) (\/api\/[^\s[]+)/.exec(line);
    if (endpoint) {
      current = { method: endpoint[1]!, path: endpoint[2]!, headers: [], requestFields: [], responses: new Map() };
      out.push(current);
      status = undefined;
      continue;
    }
    if (!current || !line.startsWith('    ')) continue;
    const header = /^ {4}([A-Z][\w-]+): /.exec(line);
    if (header && !status) current.headers.push(header[1]!);
    const code = /^ {4}(\d{3})\b/.exec(line);
    if (code) {
      status = code[1]!;
      current.responses.set(status, []);
    }
    // Field names before the comment column; a `(…)` note after the JSON is prose.
    const json = line.replace(/\s{2,}\(.*$/, '');
    const fields = [...json.matchAll(/"([A-Za-z_][\w]*)":/g)].map((m) => m[1]!);
    if (status) current.responses.get(status)!.push(...fields);
    else current.requestFields.push(...fields);
  }
  return out;
}

describe('the OpenAPI documents', () => {
  const { app } = mockedPublicApp();
  const pub = publicSpec();
  const staff = staffSpec();

  it('describe every public route the app registers, and nothing else', () => {
    const withFeed = createPublicApp({ publications: { published: async () => ({ items: [] }) } } as never);
    expect(shape(documented(pub))).toEqual(shape(registered(withFeed).filter((r) => !r.endsWith('/openapi.json') && !r.endsWith('/docs'))));
  });

  it('describe every staff route the app registers, and nothing else', () => {
    expect(shape(documented(staff))).toEqual(shape(registered(staffApp()).filter((r) => !r.endsWith('/openapi.json'))));
  });

  it('hold every endpoint docs/API.md fixes: path, method, status codes, headers and the fields it names', () => {
    const fixed = apiMd();
    expect(fixed.map((e) => `${e.method} ${e.path}`)).toEqual([
      'POST /api/reports',
      'POST /api/reports/{trackingCode}/evidence',
      'POST /api/reports/{trackingCode}/evidence/{evidenceId}/complete',
      'POST /api/reports/{trackingCode}/evidence/{evidenceId}/upload',
      'GET /api/reports/{trackingCode}/evidence/{evidenceId}',
      'DELETE /api/reports/{trackingCode}/evidence/{evidenceId}',
      'POST /api/track',
      'POST /api/reports/{trackingCode}/messages',
      'GET /api/publications',
    ]);
    for (const e of fixed) {
      const where = `${e.method} ${e.path}`;
      const op = (pub.paths as Record<string, Record<string, Json>>)[e.path]?.[e.method.toLowerCase()];
      expect(op, where).toBeDefined();
      const params = ((op!.parameters ?? []) as { name: string; in: string }[]);
      for (const h of e.headers) expect(params.some((p) => p.in === 'header' && p.name === h), `${where} header ${h}`).toBe(true);
      const body = (op!.requestBody as Json | undefined)?.content;
      const requestFields = fieldsOf(body, pub);
      for (const f of e.requestFields) expect(requestFields.has(f), `${where} request field ${f}`).toBe(true);
      const responses = op!.responses as Record<string, Json>;
      for (const [status, fields] of e.responses) {
        expect(responses[status], `${where} ${status}`).toBeDefined();
        const have = fieldsOf(responses[status], pub);
        for (const f of fields) expect(have.has(f), `${where} ${status} field ${f}`).toBe(true);
      }
    }
  });

  it('describe the staff requests by the schemas that validate them: 退单 among the actions, a desk by its name', () => {
    const ops = staff.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    expect(JSON.stringify(ops['/api/staff/reports/{trackingCode}/actions']!.post!.requestBody)).toContain('"return-ticket"');
    expect(fieldsOf(ops['/api/staff/desks']!.post!.requestBody, staff)).toEqual(new Set(['name']));
    expect([...fieldsOf(ops['/api/staff/publications/{id}/withdraw']!.post!.requestBody, staff)]).toContain('reason');
    expect(JSON.stringify(pub.paths['/api/reports/{trackingCode}/feedback'])).toContain('basically-satisfied');
  });

  it('say which fields of a report are required, as API.md does', () => {
    const schema = ((pub.paths['/api/reports'] as Record<string, Json>).post!.requestBody as { content: Record<string, { schema: { required: string[] } }> }).content['application/json']!.schema;
    expect([...schema.required].sort()).toEqual(['anonymous', 'channel', 'description', 'subjectType']);
  });

  it('are served at /api/openapi.json and /api/staff/openapi.json, and the reference at /api/docs under a policy that allows only its own inline code', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect((await res.json()).paths['/api/track']).toBeDefined();
    const staffRes = await staffApp().request('/api/staff/openapi.json');
    expect(staffRes.status).toBe(200);
    expect((await staffRes.json()).paths['/api/staff/desks']).toBeDefined();

    const docs = await app.request('/api/docs');
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('src="/assets/scalar/standalone.js"');
    expect(html).not.toMatch(/cdn\.jsdelivr|https?:\/\//);
    const csp = docs.headers.get('Content-Security-Policy')!;
    expect(csp).toBe(docsPolicy(html));
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).not.toContain("script-src 'self' 'unsafe");
    expect(csp).toContain("connect-src 'self';");
  });

  it('answer unknown fields in Chinese, as every error does', async () => {
    const res = await app.request('/api/openapi.yaml');
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/没有这个接口/);
  });
});
