// N-grams as numbers, and a table keyed by them. A 500-character report has about 1,000 n-gram occurrences and its
// features are looked up in a model of ~19,000 n-grams; V8's Map costs about 40 ns an operation with number keys,
// which made the tables most of the engine's time. Open addressing on typed arrays costs a few nanoseconds.

/** Longest n-gram a code can stand for: two UTF-16 units make a uint32. */
export const MAX_GRAM_UNITS = 2;

/**
 * The n-gram text[from, to) as a number: its units in base 65536. Unique among n-grams of one or two units because
 * no n-gram holds U+0000 (runs are letters and digits), so a two-unit code is never below 65536.
 */
export function gramCode(text: string, from: number, to: number): number {
  let code = 0;
  for (let i = from; i < to; i++) code = code * 65536 + text.charCodeAt(i);
  return code;
}

/** The n-gram a gramCode stands for. */
export function gramText(code: number): string {
  return code < 65536 ? String.fromCharCode(code) : String.fromCharCode(Math.floor(code / 65536), code % 65536);
}

/** gramCode → a non-zero int32 (0: absent), keeping the codes in the order they were first set. */
export class GramTable {
  /** The codes, in the order they were first set. */
  readonly codes: number[] = [];
  /** Slot i is its code at 2i and its value at 2i + 1, side by side: one lookup reads one cache line, not two. */
  private keys!: Uint32Array;
  private values!: Int32Array;
  private shift = 0;
  private last = 0;

  /** `expected`: how many codes it will likely hold (it grows past that). */
  constructor(expected = 16) {
    this.allocate(Math.max(4, Math.ceil(Math.log2(2 * Math.max(1, expected)))));
  }

  private allocate(bits: number): void {
    const slots = new ArrayBuffer(8 << bits);
    this.keys = new Uint32Array(slots);
    this.values = new Int32Array(slots);
    this.shift = 32 - bits;
    this.last = (1 << bits) - 1;
  }

  /** The index of the code's key: where it is, or the free slot it would take. */
  private slot(code: number): number {
    let i = Math.imul(code, 0x9e3779b1) >>> this.shift;
    while (this.keys[2 * i] !== code && this.keys[2 * i] !== 0) i = (i + 1) & this.last;
    return 2 * i;
  }

  get(code: number): number {
    return this.values[this.slot(code) + 1]!;
  }

  /** Sets the code's value to its value (0 when new) bitwise-or `bits` (non-zero: 0 reads as absent). */
  or(code: number, bits: number): void {
    let i = this.slot(code);
    if (this.keys[i] === 0) {
      // At most half full, so probes stay short.
      if (2 * (this.codes.length + 1) > this.last + 1) {
        this.grow();
        i = this.slot(code);
      }
      this.keys[i] = code;
      this.codes.push(code);
    }
    this.values[i + 1]! |= bits;
  }

  private grow(): void {
    const values = this.codes.map((c) => this.get(c));
    this.allocate(32 - this.shift + 1);
    this.codes.forEach((c, k) => {
      const i = this.slot(c);
      this.keys[i] = c;
      this.values[i + 1] = values[k]!;
    });
  }
}

/** gramCode → a list of numbers (the words or keys an n-gram opens, say): a GramTable whose values index the lists. */
export class GramLists {
  private readonly table: GramTable;
  private readonly lists: number[][] = [];

  constructor(expected = 16) {
    this.table = new GramTable(expected);
  }

  add(code: number, item: number): void {
    const at = this.table.get(code);
    if (at) this.lists[at - 1]!.push(item);
    else this.table.or(code, this.lists.push([item]));
  }

  /** The code's list, in the order added; undefined where nothing was added under it. */
  get(code: number): readonly number[] | undefined {
    const at = this.table.get(code);
    return at ? this.lists[at - 1] : undefined;
  }
}
