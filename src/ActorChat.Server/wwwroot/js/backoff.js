// Delays between reconnect attempts, as the console client's Backoff: doubling from
// `initialMs` up to `maxMs`, each drawn at random from the upper half of its step ("equal
// jitter"), so clients that lost a restarting server together do not knock again together.

export class Backoff {
  constructor(initialMs, maxMs, random = Math.random) {
    if (!(initialMs > 0)) throw new RangeError('initialMs must be positive');
    if (maxMs < initialMs) throw new RangeError('maxMs must be at least initialMs');
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.random = random;
    this.attempts = 0;
  }

  /** The delay before the next attempt; each call counts as one attempt. */
  next() {
    const factor = 2 ** Math.min(this.attempts, 30);
    this.attempts++;
    const step = Math.min(this.maxMs, this.initialMs * factor);
    const jitter = Math.min(Math.max(this.random(), 0), 1);
    return step / 2 + (step / 2) * jitter;
  }

  /** A connection succeeded: start again from the initial delay. */
  reset() {
    this.attempts = 0;
  }
}
