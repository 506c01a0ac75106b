import { describe, expect, it } from 'vitest';
import { Busy, WorkLimiter } from '../../functions/core/work-limiter';

describe('the work limiter', () => {
  it('runs a few at once, queues a few more, and refuses the rest at once', async () => {
    const limiter = new WorkLimiter(2, 1);
    const gates: (() => void)[] = [];
    const job = () => limiter.run(() => new Promise<void>((r) => gates.push(r)));
    const running = [job(), job()];
    const waiting = job();
    await Promise.resolve();
    expect(limiter.load).toEqual({ running: 2, waiting: 1 });
    await expect(job()).rejects.toBeInstanceOf(Busy);
    gates.shift()!(); // the first finishes: the waiting one takes its slot
    await running[0];
    await new Promise((r) => setTimeout(r, 0));
    expect(limiter.load).toEqual({ running: 2, waiting: 0 });
    gates.splice(0).forEach((g) => g());
    await Promise.all([running[1], waiting]);
    expect(limiter.load).toEqual({ running: 0, waiting: 0 });
  });
});
