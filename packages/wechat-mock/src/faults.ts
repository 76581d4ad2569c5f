// Injected failures: a FIFO queue of faults, each for one endpoint (or any) and a number of calls.

export type Fault =
  | { errcode: number; errmsg?: string | undefined }
  | { status: number }
  | { delayMs: number }
  | { hang: true }
  | { drop: true };

export type Endpoint = 'token' | 'stable_token' | 'ticket';

interface Queued {
  endpoint: Endpoint | 'any';
  fault: Fault;
  remaining: number;
}

const ENDPOINTS: ReadonlyArray<Endpoint | 'any'> = ['token', 'stable_token', 'ticket', 'any'];

export class FaultQueue {
  private queue: Queued[] = [];

  /** Queues `fault` for the next `times` calls of `endpoint`; `Infinity` keeps it until `clear()`. */
  add(endpoint: Endpoint | 'any', fault: Fault, times = 1): void {
    if (!ENDPOINTS.includes(endpoint)) {
      throw new TypeError(`fail: unknown endpoint \`${String(endpoint)}\` (use ${ENDPOINTS.join(', ')})`);
    }
    checkFault(fault);
    if (!(times >= 1) || (!Number.isInteger(times) && times !== Number.POSITIVE_INFINITY)) {
      throw new TypeError(`fail: \`times\` must be a positive integer or Infinity, got ${String(times)}`);
    }
    this.queue.push({ endpoint, fault: { ...fault }, remaining: times });
  }

  /** The fault for this call of `endpoint`, if one is queued (the oldest matching one), consuming one use of it. */
  take(endpoint: Endpoint): Fault | undefined {
    const index = this.queue.findIndex((entry) => entry.endpoint === endpoint || entry.endpoint === 'any');
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.queue = [];
  }
}

function checkFault(fault: Fault): void {
  const f = fault as Partial<Record<'errcode' | 'status' | 'delayMs', unknown>> & { hang?: unknown; drop?: unknown };
  const ok =
    (typeof f === 'object' && f !== null) &&
    ((Number.isInteger(f.errcode)) ||
      (Number.isInteger(f.status) && (f.status as number) >= 100 && (f.status as number) <= 599) ||
      (typeof f.delayMs === 'number' && f.delayMs >= 0 && Number.isFinite(f.delayMs)) ||
      f.hang === true ||
      f.drop === true);
  if (!ok) {
    throw new TypeError(
      'fail: a fault is { errcode, errmsg? }, { status: 100-599 }, { delayMs: >= 0 }, { hang: true } or { drop: true }',
    );
  }
}
