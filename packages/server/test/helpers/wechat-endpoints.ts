// What every WeChat stand-in of the server's tests shares: the three endpoints, how a request path maps to one, and
// the per-endpoint call counter the tests assert on.
//
// Three stand-ins remain, each for what the others cannot do:
// - fake-wechat.ts (undici MockAgent, no sockets): the unit tests of the credentials, with queued faults, hangs and
//   the injected clock, deterministic under load.
// - hostile-upstream.ts (loopback HTTP): byte-level abuse a MockAgent cannot produce (bodies cut or streamed past the
//   64 KB cap, slow writes, refused connections) through undici's real socket path.
// - @share/wechat-mock (the package's emulator, loopback HTTP): the end-to-end tests, the same emulator the demo and
//   the other packages run, so its documented WeChat behaviour is tested once and shared.
// Merging the first two into the emulator would make the credential tests depend on sockets and real time; they share
// this module instead.

export type Endpoint = 'token' | 'stable_token' | 'ticket';

export const ENDPOINT_PATHS: Record<Endpoint, string> = {
  token: '/cgi-bin/token',
  stable_token: '/cgi-bin/stable_token',
  ticket: '/cgi-bin/ticket/getticket',
};

/** The endpoint a request path (query allowed) is for; anything else counts as getticket. */
export function endpointOf(path: string): Endpoint {
  const bare = path.split('?')[0];
  if (bare === ENDPOINT_PATHS.stable_token) return 'stable_token';
  if (bare === ENDPOINT_PATHS.token) return 'token';
  return 'ticket';
}

export type Calls = Record<Endpoint, number>;

export const noCalls = (): Calls => ({ token: 0, stable_token: 0, ticket: 0 });
