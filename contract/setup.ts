// The first-run guide (issue 9): which mode the desk runs in and how far the clinic's setup has got.
// A fresh install is "setup to complete", not an alarm: the renderer shows the guide instead of the normal
// layout until every step is done, and the guide can be reopened from the sidebar.
import { z } from 'zod';

/**
 * 'unset': nothing chosen yet (a fresh install). 'training': «Modalità prova», the stand-in gateway inside the
 * app with a demo clinic, in a data folder of its own. 'real': Collaudo/Produzione against the Region's gateway.
 */
export type SetupMode = 'unset' | 'training' | 'real';

export type SetupStepId = 'mode' | 'profile' | 'certificates' | 'operators' | 'test-call';

export interface SetupStep {
  id: SetupStepId;
  /** Italian, as the checklist shows it. */
  title: string;
  done: boolean;
  /** Italian: what is still missing (absent when done). */
  missing?: string;
}

/** The last successful test call of this database. */
export interface TestCallRecord {
  /** ISO 8601. */
  at: string;
  /** The X-CART-id the gateway gave the answer: what the Region's support asks for. */
  xCartId: string;
}

export interface SetupStatus {
  mode: SetupMode;
  /** Every step done: the normal layout shows. */
  complete: boolean;
  /** In the order of the checklist: mode, profile, certificates, operators, test call. */
  steps: SetupStep[];
  testCall?: TestCallRecord;
  /**
   * Training only: the password of the demo certificates (a test PKI generated for «Modalità prova», not a
   * secret), shown where a password is asked so that staff can practise signing with nothing obtained first.
   */
  trainingPassword?: string;
}

/** What the test call found wrong, i.e. where the person goes to fix it. */
export type TestCallProblem =
  /** Something the guide has not got yet (profile, certificates, operator): no call was made. */
  | 'setup'
  /** The gateway's server certificate is not trusted: the server CA under «Avanzate» in the profile. */
  | 'server-ca'
  /** The gateway refused the clinic's authentication certificate (TLS) or its token. */
  | 'client-certificate'
  /** 403 AuthorizationContentDeny: the software identity or the certificate is not enabled for this environment. */
  | 'software-identity'
  /** No connection (network, address, service down). */
  | 'network'
  /** Any other answer of the gateway. */
  | 'gateway';

export type TestCallResponse =
  | { ok: true; record: TestCallRecord; status: SetupStatus }
  | {
      ok: false;
      problem: TestCallProblem;
      /** Italian: what happened and what to fix, precisely. */
      message: string;
      /** Present when the gateway answered (even with an error). */
      xCartId?: string;
      status: SetupStatus;
    };

export const chooseModeRequest = z.object({ mode: z.enum(['training', 'real']) }).strict();
export type ChooseModeRequest = z.infer<typeof chooseModeRequest>;
