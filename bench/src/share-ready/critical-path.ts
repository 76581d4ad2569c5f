// How many round trips a page view waited for: the longest run of its requests that went one after another.

export interface TimedRequest {
  path: string;
  /** ms from navigation start: sent, and fully received. */
  start: number;
  end: number;
  /** Served from the HTTP cache: no round trip. */
  cached: boolean;
}

/**
 * The most network requests of a view, received by `until`, that ran one after another: each sent once the one
 * before it was received (so it waited for it). Requests that ran at the same time count once; cached ones not at
 * all. On the bench's network every request is one round trip, so this is the round trips the view waited for,
 * whatever the machine's load made each of them last.
 */
export function requestsInARow(requests: readonly TimedRequest[], until: number): number {
  const received = requests.filter((request) => !request.cached && request.end <= until).sort((a, b) => a.end - b.end);
  // In order of arrival, a request's predecessors (received before it was sent) are all counted before it.
  const chain = new Map<TimedRequest, number>();
  let longest = 0;
  for (const request of received) {
    let before = 0;
    for (const [earlier, length] of chain) if (earlier.end <= request.start) before = Math.max(before, length);
    chain.set(request, before + 1);
    longest = Math.max(longest, before + 1);
  }
  return longest;
}
