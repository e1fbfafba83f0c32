// Forwards the OS signals that connectivity may be back (resume from sleep, network change) to
// the core, which then probes the gateway itself: the OS "online" flag is only a hint.
import type { PowerMonitor } from 'electron';

export interface ConnectivityHints {
  maybeOnline(reason: 'resume' | 'unlock' | 'network-change'): void;
}

export function watchConnectivity(powerMonitor: Pick<PowerMonitor, 'on'>, hints: ConnectivityHints): void {
  powerMonitor.on('resume', () => hints.maybeOnline('resume'));
  powerMonitor.on('unlock-screen', () => hints.maybeOnline('unlock'));
}
