// The connection check behind «In linea» (issue 11, finding 10): a TLS handshake with the clinic's client
// certificate against the gateway's host, and no HTTP request. Why no request: the handshake already proves
// what the status bar claims (the gateway answers on its address, its server certificate is trusted, it does
// not refuse our authentication certificate), it carries no JWT, writes nothing to the journal and does not
// count against the gateway's rate limits or our request ceiling. With TLS 1.3 the server judges the client
// certificate only after the client considers the handshake done, so the connection is then kept idle for
// `settleMs`: a server that refused the certificate hangs up (or alerts) at once, one that accepted it waits.
import { connect, type ConnectionOptions } from 'node:tls';

export type HandshakeOutcome =
  /** Reached, server certificate trusted, client certificate not refused. */
  | 'accepted'
  /** The server refused our client certificate (alert, or hang-up right after the handshake). */
  | 'refused'
  /** Our side does not trust the server's certificate (self-signed, wrong host, expired, unknown CA). */
  | 'server-untrusted'
  /** No TLS connection: DNS, refused or dropped connection, timeout. */
  | 'unreachable';

const CLIENT_REFUSED =
  /ALERT_(BAD_CERTIFICATE|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|CERTIFICATE_UNKNOWN|UNKNOWN_CA|CERTIFICATE_REQUIRED|ACCESS_DENIED|HANDSHAKE_FAILURE)/;
const SERVER_UNTRUSTED =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED|CERT_REVOKED|HOSTNAME_MISMATCH)$/;

export interface HandshakeOptions {
  /** Idle time after the handshake during which a hang-up means "client certificate refused". */
  settleMs?: number;
  /** Whole check, connection included. */
  timeoutMs?: number;
}

export function tlsHandshake(url: URL, tls: ConnectionOptions, o: HandshakeOptions = {}): Promise<HandshakeOutcome> {
  const settleMs = o.settleMs ?? 1_000;
  return new Promise((resolve) => {
    let settled = false;
    let handshook = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (outcome: HandshakeOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(overall);
      socket.destroy();
      resolve(outcome);
    };
    const socket = connect({ ...tls, host: url.hostname, port: Number(url.port || 443), rejectUnauthorized: true });
    const overall = setTimeout(() => done(handshook ? 'accepted' : 'unreachable'), o.timeoutMs ?? 15_000);
    socket.on('secureConnect', () => {
      handshook = true;
      timer = setTimeout(() => done('accepted'), settleMs);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      if (SERVER_UNTRUSTED.test(code)) done('server-untrusted');
      else if (CLIENT_REFUSED.test(code) || (handshook && code === 'ECONNRESET')) done('refused');
      else done('unreachable');
    });
    // A hang-up right after an accepted handshake: the server refused the certificate without an alert.
    socket.on('close', () => done(handshook ? 'refused' : 'unreachable'));
  });
}
