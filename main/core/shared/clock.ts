// The one way main/ reads the time of day. Every module that needs "now" is given a Clock by its caller;
// only the entry points (main/cli commands, main/shell/start.ts, main/electron/main.ts) and the logger's
// timestamp use systemClock. Tests pass the test clock (test/support/clock.ts), anchored to the real time.
// Durations (performance.now()) and timers are not wall-clock time and do not go through a Clock.

/** The current instant. Called each time the time is needed; a clock may advance between calls. */
export type Clock = () => Date;

/** The computer's clock. */
export const systemClock: Clock = () => new Date();

/** A clock's reading in milliseconds since the epoch (the outbox keeps its times as numbers). */
export const epochMs = (clock: Clock): number => clock().getTime();
