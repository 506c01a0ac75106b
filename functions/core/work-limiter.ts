import { DomainError } from './report';

// Bounds heavy work in flight (hashing receipt secrets with scrypt): a few run, a few wait their turn, and
// beyond that a request is refused at once with 503 and Retry-After instead of queueing until the client
// gives up, so the form can retry with the same Idempotency-Key and receive the receipt of what was stored.
// It also keeps scrypt off most of Node's shared thread pool, so that the site's own pages never wait behind it.

export const BUSY_RETRY_SECONDS = 2;

export class Busy extends DomainError {
  readonly retryAfterSeconds = BUSY_RETRY_SECONDS;
  constructor() {
    super(503, 'busy', `现在提交的人很多，这次没有保存。请 ${BUSY_RETRY_SECONDS} 秒后再试一次，不会重复提交`);
  }
}

export class WorkLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
  ) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.maxRunning) this.running++;
    else if (this.waiting.length < this.maxWaiting) await new Promise<void>((turn) => this.waiting.push(turn));
    else throw new Busy();
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes on directly
      else this.running--;
    }
  }
}
