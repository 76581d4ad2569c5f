// The platform scenario's simulated day of traffic: each authorizer's page views at seeded random moments of 24 hours,
// each to a random instance, grouped by simulated minute (the scenario sends one minute's requests at once).
import { random } from './scenarios/day.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;
/** Pages of each authorizer that the day's views go to. */
export const PAGES_PER_AUTHORIZER = 3;

export interface PlatformRequest {
  /** ms since the start of the day. */
  at: number;
  /** Index of the authorizer whose page is viewed. */
  authorizer: number;
  /** Index of the instance the request reaches (a load balancer's pick). */
  instance: number;
  /** Index of the page among the authorizer's pages. */
  page: number;
}

export interface TrafficShape {
  authorizers: number;
  requestsPerAuthorizer: number;
  instances: number;
  pagesPerAuthorizer: number;
  seed: number;
}

/** Every request of the day, sorted by time: `requestsPerAuthorizer` for each authorizer, anywhere in the 24 hours. */
export function platformTraffic(shape: TrafficShape): PlatformRequest[] {
  const next = random(shape.seed);
  const pick = (count: number) => Math.floor(next() * count);
  const requests: PlatformRequest[] = [];
  for (let authorizer = 0; authorizer < shape.authorizers; authorizer++) {
    for (let i = 0; i < shape.requestsPerAuthorizer; i++) {
      requests.push({ at: pick(DAY_MS), authorizer, instance: pick(shape.instances), page: pick(shape.pagesPerAuthorizer) });
    }
  }
  return requests.sort((a, b) => a.at - b.at);
}

/** The requests of each simulated minute of the day, in order (1,440 lists, some empty). */
export function byMinute(requests: readonly PlatformRequest[]): PlatformRequest[][] {
  const minutes: PlatformRequest[][] = Array.from({ length: DAY_MS / MINUTE_MS }, () => []);
  for (const request of requests) minutes[Math.floor(request.at / MINUTE_MS)]!.push(request);
  return minutes;
}
