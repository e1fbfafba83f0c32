// Retry timing: exponential backoff with "equal jitter" (half fixed, half random), capped, and
// never sooner than the gateway's Retry-After. Jitter keeps many clinics that lost the network
// together from hammering CART in step when it comes back; the fixed half keeps a floor.

export interface BackoffPolicy {
  /** First retry delay before jitter. */
  baseDelayMs: number;
  /** Upper bound of the exponential part. Retry-After may exceed it: the gateway knows best. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

/**
 * Delay before attempt number `attempt + 1`, given that `attempt` (≥ 1) attempts have failed.
 * Result is in [d/2, d] where d = min(max, base·2^(attempt-1)), and ≥ retryAfterMs when given.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
