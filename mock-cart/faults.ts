// Faults injected on demand (FaultRule of server.ts): a queue consumed in insertion order.
import type { FaultKind, FaultRule, MockOperation } from './server.js';

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

  add(rule: FaultRule): void {
    // Latency is documented as "every request while set": without `times` it lasts until cleared.
    const remaining = rule.times ?? (rule.fault.kind === 'latency' ? Infinity : 1);
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
      } else if (!plan.fault) {
        plan.fault = f;
        a.remaining--;
      }
    }
    this.armed = this.armed.filter((a) => a.remaining > 0);
    return plan;
  }
}
