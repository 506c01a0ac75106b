// Reading the triage commands' files: the registry CSV and the history JSONL (README “Triage and routing”).
// A bad file ends the command with a message on stderr, naming the line and what to fix.
import { readFileSync } from 'node:fs';
import { registryFromCsv, RegistryError, type Registry } from '../core/registry';
import { SAMPLE_REGISTRY_CSV } from '../core/registry-sample';
import { historyEntrySchema, type HistoryEntry } from '../core/triage';

export function fail(message: string): never {
  process.stderr.write(`triage: ${message}\n`);
  process.exit(2);
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    fail(`无法读取 ${file}：${(err as Error).message}`);
  }
}

/** The registry file given, or the shipped sample. */
export function readRegistry(file: string | undefined): Registry {
  try {
    return registryFromCsv(file ? read(file) : SAMPLE_REGISTRY_CSV);
  } catch (err) {
    if (err instanceof RegistryError) fail(`登记册 ${file ?? '(默认样例)'} 有误：\n${err.message}`);
    throw err;
  }
}

/** One earlier decision per line; every line is checked before any is used. */
export function readHistory(file: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const problems: string[] = [];
  read(file)
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        problems.push(`第${i + 1}行不是 JSON`);
        return;
      }
      const parsed = historyEntrySchema.safeParse(value);
      if (parsed.success) entries.push(parsed.data);
      else problems.push(`第${i + 1}行：${parsed.error.issues.map((x) => `${x.path.join('.') || '记录'}：${x.message}`).join('；')}`);
    });
  if (problems.length) fail(`处理记录 ${file} 有误：\n${problems.join('\n')}`);
  return entries;
}
