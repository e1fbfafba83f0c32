// Faults injected on demand (MockCart.addFault in server.ts): the rule types and a queue consumed in
// insertion order. Imports nothing from server.ts, which uses the queue.

export type FaultKind =
  | { kind: 'latency'; ms: number } // delay before answering (every request while set)
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number; type?: string } // answer this instead of processing
  | { kind: 'problem'; status: number; type: string } // answer this problem+json (a /msg/… type as the dispatcher, else a GovWay name as the frontier) instead of processing
  | { kind: 'drop-before-body' } // destroy the socket as soon as headers arrive (nothing applied)
  | { kind: 'drop-after-body' } // read + APPLY the request (publish), then destroy the socket without answering
  | { kind: 'hang'; ms: number }; // accept, never answer for ms (client timeout test), then drop the connection
export type MockOperation = 'validateAndCreate' | 'replace' | 'delete' | 'updateMetadata' | 'status';
export interface FaultRule {
  fault: FaultKind;
  /** Default: once (latency, or a rule with `chance`: until cleared); Infinity = until cleared. */
  times?: number;
  operation?: MockOperation;
  /** Each matching request is hit with this probability (0–1) instead of always: random faults for soak runs. */
  chance?: number;
}

interface ArmedFault {
  rule: FaultRule;
  remaining: number;
}

export interface FaultPlan {
  latencyMs: number;
  fault?: Exclude<FaultKind, { kind: 'latency' }>;
}

export class FaultQueue {
  private armed: ArmedFault[] = [];

  /** `random` decides the faults with a `chance` (a seeded generator makes a soak run repeatable). */
  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): void {
    // Latency is documented as "every request while set": without `times` it lasts until cleared; so is a random fault.
    const remaining = rule.times ?? (rule.fault.kind === 'latency' || rule.chance !== undefined ? Infinity : 1);
    if (remaining > 0) this.armed.push({ rule, remaining });
  }

  clear(): void {
    this.armed = [];
  }

  /** Consumes the faults that apply to this request: every matching latency, plus the first other fault. */
  take(operation: MockOperation | undefined): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0 };
    for (const a of this.armed) {
      if (a.rule.operation && a.rule.operation !== operation) continue;
      const f = a.rule.fault;
      if (f.kind === 'latency') {
        plan.latencyMs += f.ms;
        a.remaining--;
      } else if (!plan.fault && (a.rule.chance === undefined || this.random() < a.rule.chance)) {
        plan.fault = f;
        a.remaining--;
      }
    }
    this.armed = this.armed.filter((a) => a.remaining > 0);
    return plan;
  }
}
