import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import dynalite from 'dynalite';

// dynalite with DynamoDB's item size rule. dynalite compares items with the 400 KB limit, but measures strings
// and attribute names in UTF-16 code units, so a report of Chinese text (3 bytes a character in UTF-8, as
// DynamoDB counts) passes locally at three times the size AWS accepts. Every size check dynalite makes for a
// write (PutItem, UpdateItem, BatchWriteItem) calls `db.itemSize(item)` through the module's exports, so
// replacing that one function makes the local store refuse exactly what DynamoDB refuses.

const require = createRequire(import.meta.url);
type AttributeValue = Record<string, unknown>;
const db = require('dynalite/db') as { itemSize: (item: Record<string, AttributeValue>, ...flags: unknown[]) => number };

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function numberSize(n: string): number {
  // DynamoDB: up to 38 significant digits, stored in about one byte per two digits, plus one.
  const digits = n.replace(/^[-+]?0*/, '').replace(/[eE].*$/, '').replace('.', '').replace(/0+$/, '');
  return digits.length === 0 ? 1 : Math.ceil(digits.length / 2) + 1 + (n.startsWith('-') ? 1 : 0);
}

function valueSize(value: AttributeValue): number {
  const [type, v] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return utf8(v as string);
    case 'N':
      return numberSize(v as string);
    case 'B':
      return Buffer.from(v as string, 'base64').length;
    case 'SS':
      return (v as string[]).reduce((sum, s) => sum + utf8(s), 0);
    case 'NS':
      return (v as string[]).reduce((sum, s) => sum + numberSize(s), 0);
    case 'BS':
      return (v as string[]).reduce((sum, s) => sum + Buffer.from(s, 'base64').length, 0);
    case 'NULL':
    case 'BOOL':
      return 1;
    case 'L':
      return 3 + (v as AttributeValue[]).reduce((sum, item) => sum + 1 + valueSize(item), 0);
    case 'M':
      return 3 + Object.entries(v as Record<string, AttributeValue>).reduce((sum, [name, item]) => sum + 1 + utf8(name) + valueSize(item), 0);
    default:
      return 0;
  }
}

/** An item's size as DynamoDB counts it against the 400 KB limit: names and values in UTF-8 bytes. */
export function dynamoItemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

const dynaliteSize = db.itemSize;
// Only the plain call is the size check; calls with flags compute dynalite's capacity and page-size estimates.
db.itemSize = (item, ...flags) => (flags.some(Boolean) ? dynaliteSize(item, ...flags) : dynamoItemSize(item));

export function createLocalDynamo(path: string): Server {
  return dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
}
