// The tests' one clock. TLS handshakes (Node, Chromium), OpenSSL, pdfsig and the CART stand-in's TLS check
// certificate validity against the computer's REAL clock, which no test can inject. So test time is not a
// fixed calendar date: it is anchored to the system time read once, when this test process starts, and
// certificate validity windows, signing times, deadlines and the dates of test data are all derived from
// that anchor (testNow(), daysFrom(n)). The suite then passes on any day, and under a shifted clock
// (`npm run test:shifted`: faketime +400 days). A fixed date is fine only for pure formatting checks,
// where nothing compares it with the real time or with a certificate.
import type { Clock } from '../../main/core/shared/clock.js';

const DAY_MS = 24 * 3600_000;

/** The system time at the start of this test process: the only place the tests read the clock. */
const ANCHOR_MS = Date.now();
const ANCHOR_MONOTONIC = performance.now();

/** The anchor instant, fixed for the whole test process. */
export function testNow(): Date {
  return new Date(ANCHOR_MS);
}

/** `days` days after (negative: before) `from`, by default the anchor. */
export function daysFrom(days: number, from: Date = testNow()): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/**
 * The clock services get in tests: the anchor, advanced by the real (monotonic) time elapsed since, so code
 * that sleeps until a due time (the outbox runner) and short-lived tokens behave as with the system clock.
 */
export const testClock: Clock = () => new Date(ANCHOR_MS + (performance.now() - ANCHOR_MONOTONIC));

/** A clock that moves only when told (deadline and backoff tests), starting at the anchor unless given. */
export interface ManualClock {
  now: Clock;
  /** The current reading in milliseconds since the epoch. */
  t: number;
  advance(ms: number): void;
}

export function manualClock(start: Date = testNow()): ManualClock {
  const c: ManualClock = {
    now: () => new Date(c.t),
    t: start.getTime(),
    advance(ms) {
      c.t += ms;
    },
  };
  return c;
}

/**
 * The variables that carry a shifted system clock to child processes (faketime: LD_PRELOAD and FAKETIME*).
 * A child spawned with a reduced environment must get them, or it would check certificates made at the
 * shifted anchor against the unshifted time. Empty when the clock is not shifted.
 */
export function clockEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => k === 'LD_PRELOAD' || k.startsWith('FAKETIME')));
}
