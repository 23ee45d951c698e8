import { describe, expect, it } from 'vitest';
import { SlidingWindowRateLimiter } from '../../src/bot/rate-limiter.js';
import { ManualClock } from './harness.js';

function limiter(limit = 3) {
  const clock = new ManualClock(0);
  return { clock, limiter: new SlidingWindowRateLimiter({ limit, windowMs: 60_000, clock }) };
}

describe('SlidingWindowRateLimiter', () => {
  it('allows up to the limit within the window, then says when the next one is allowed', () => {
    const { clock, limiter: rate } = limiter();
    expect(rate.take('u').allowed).toBe(true);
    clock.advance(10_000);
    expect(rate.take('u').allowed).toBe(true);
    clock.advance(10_000);
    expect(rate.take('u').allowed).toBe(true);
    clock.advance(5_000);
    expect(rate.take('u')).toEqual({ allowed: false, retryAtMs: 60_000 });
  });

  it('slides: an event leaves the window exactly windowMs after it happened', () => {
    const { clock, limiter: rate } = limiter(1);
    rate.take('u');
    clock.advance(59_999);
    expect(rate.take('u').allowed).toBe(false);
    clock.advance(1);
    expect(rate.take('u').allowed).toBe(true);
  });

  it('does not count refused attempts', () => {
    const { clock, limiter: rate } = limiter(1);
    rate.take('u');
    for (let i = 0; i < 10; i += 1) rate.take('u');
    clock.advance(60_000);
    expect(rate.take('u').allowed).toBe(true);
  });

  it('keeps a separate window per user', () => {
    const { limiter: rate } = limiter(1);
    expect(rate.take('alice').allowed).toBe(true);
    expect(rate.take('bob').allowed).toBe(true);
    expect(rate.take('alice').allowed).toBe(false);
  });

  it('forgets users whose events have all left the window', () => {
    const { clock, limiter: rate } = limiter();
    for (let i = 0; i < 100; i += 1) rate.take(`user${i}`);
    clock.advance(60_000);
    rate.take('late');
    expect(rate.trackedKeys).toBe(1);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new SlidingWindowRateLimiter({ limit: 0, windowMs: 1, clock: new ManualClock() })).toThrow(/limit/);
  });
});
