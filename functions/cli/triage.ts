// npm run --silent triage -- [--registry REGISTRY.csv] [--history HISTORY.jsonl] CASES.jsonl
// One JSON line out per input line, same order; nothing else on stdout (CONTRACT.md “The command”). The history,
// when given, is read exactly as the portal passes the records store's decisions to triage().
import { readFileSync } from 'node:fs';
import { triage, type HistoryEntry, type TriageInput } from '../core/triage';
import { fail, readHistory, readRegistry } from './triage-files';

const USAGE = 'usage: npm run --silent triage -- [--registry REGISTRY.csv] [--history HISTORY.jsonl] CASES.jsonl';
const args = process.argv.slice(2);
let registryFile: string | undefined;
let historyFile: string | undefined;
let casesFile: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--registry') registryFile = args[++i] ?? fail('--registry 后应跟登记册 CSV 文件');
  else if (a.startsWith('--registry=')) registryFile = a.slice('--registry='.length);
  else if (a === '--history') historyFile = args[++i] ?? fail('--history 后应跟处理记录 JSONL 文件');
  else if (a.startsWith('--history=')) historyFile = a.slice('--history='.length);
  else if (a === '--help' || a === '-h') {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  } else if (a.startsWith('--')) fail(`未知参数 ${a}`);
  else if (casesFile) fail(`只能给一个案例文件（多给了 ${a}）`);
  else casesFile = a;
}
if (!casesFile) fail(USAGE);

const registry = readRegistry(registryFile);
const history: HistoryEntry[] | undefined = historyFile ? readHistory(historyFile) : undefined;

let text: string;
try {
  text = readFileSync(casesFile, 'utf8');
} catch (err) {
  fail(`无法读取 ${casesFile}：${(err as Error).message}`);
}

// Parse every line first: a bad file produces no partial output.
const inputs: TriageInput[] = [];
const lines = text.split(/\r?\n/);
for (let i = 0; i < lines.length; i++) {
  const line = lines[i]!.trim();
  if (!line) continue;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    fail(`${casesFile} 第${i + 1}行不是 JSON`);
  }
  const obj = value as Record<string, unknown> | null;
  const input = (obj && typeof obj === 'object' && obj.input && typeof obj.input === 'object' ? obj.input : obj) as Record<string, unknown> | null;
  if (!input || typeof input !== 'object' || Array.isArray(input)) fail(`${casesFile} 第${i + 1}行应为 JSON 对象`);
  if (typeof input.description !== 'string') fail(`${casesFile} 第${i + 1}行缺少 description（文字）`);
  inputs.push(input as unknown as TriageInput);
}

const out: string[] = inputs.map((input) => JSON.stringify(triage(input, registry, history ? { history } : {})));
process.stdout.write(out.length ? out.join('\n') + '\n' : '');
