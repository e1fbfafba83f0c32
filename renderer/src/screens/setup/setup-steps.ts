// The guide's steps as the checklist shows them, and where a failed test call sends the person.
import type { SetupStatus, SetupStepId, TestCallProblem } from '../../../../contract/setup.js';

export const STEP_ORDER: readonly SetupStepId[] = ['mode', 'profile', 'certificates', 'operators', 'test-call'];

/** The step to open: the one asked for, else the first still to do, else the last. */
export function firstOpenStep(status: SetupStatus): SetupStepId {
  return status.steps.find((s) => !s.done)?.id ?? 'test-call';
}

export function nextStep(id: SetupStepId): SetupStepId | undefined {
  return STEP_ORDER[STEP_ORDER.indexOf(id) + 1];
}

export function previousStep(id: SetupStepId): SetupStepId | undefined {
  const i = STEP_ORDER.indexOf(id);
  return i > 0 ? STEP_ORDER[i - 1] : undefined;
}

/** The step where what the test call found wrong is fixed (none for the network). */
export const FIX_STEP: Record<TestCallProblem, SetupStepId | undefined> = {
  setup: undefined,
  'server-ca': 'profile',
  'client-certificate': 'certificates',
  'software-identity': 'profile',
  network: undefined,
  gateway: undefined,
};

export const STEP_LABELS: Record<SetupStepId, string> = {
  mode: 'Modalità di lavoro',
  profile: 'La struttura',
  certificates: 'I certificati',
  operators: 'Chi lavora',
  'test-call': 'Chiamata di prova',
};
