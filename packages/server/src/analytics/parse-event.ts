// Turns a client's event body (JSON, at most 1 KB) into the events it reports, or says plainly what is wrong with it.
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { channelOfFrom, EVENT_KINDS, SHARE_APIS, SHARE_CHANNELS, type AnalyticsEvent, type ShareChannel } from './events.js';
import { canonicalPageUrl } from './page-url.js';

export type ParsedEvent =
  /** A view with WeChat's `from` is two events: the view and the arrival by that channel. */
  | { ok: true; events: AnalyticsEvent[] }
  | { ok: false; status: 400 | 413; code: 'invalid_event' | 'event_too_large'; message: string };

const FIELDS: Record<AnalyticsEvent['kind'], readonly string[]> = {
  view: ['kind', 'url', 'from'],
  arrival: ['kind', 'url', 'channel'],
  share: ['kind', 'url', 'api'],
};

/** `body` as received: a string or bytes (its size is checked before it is parsed), or an already parsed value. */
export function parseEvent(body: unknown, maxBytes: number = ANALYTICS_DEFAULTS.maxEventBytes): ParsedEvent {
  let value = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    if (bytes > maxBytes) {
      return { ok: false, status: 413, code: 'event_too_large', message: `An event body is at most ${maxBytes} bytes; this one has ${bytes}.` };
    }
    try {
      value = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch {
      return invalid('The event body is not valid JSON.');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid('The event body must be a JSON object such as {"kind":"view","url":"https://example.com/"}.');
  }
  const fields = value as Record<string, unknown>;
  const kind = fields.kind;
  if (typeof kind !== 'string' || !(EVENT_KINDS as readonly string[]).includes(kind)) {
    return invalid(`"kind" must be one of ${EVENT_KINDS.join(', ')}.`);
  }
  const allowed = FIELDS[kind as AnalyticsEvent['kind']];
  const unknown = Object.keys(fields).find((key) => !allowed.includes(key));
  if (unknown !== undefined) return invalid(`A "${kind}" event has only ${allowed.join(', ')}; "${unknown.slice(0, 40)}" is not one of them.`);
  const url = typeof fields.url === 'string' ? canonicalPageUrl(fields.url) : undefined;
  if (url === undefined) return invalid('"url" must be the absolute http(s) url of the page, at most 512 characters.');

  if (kind === 'view') {
    const from = fields.from;
    if (from !== undefined && typeof from !== 'string') return invalid('"from" must be WeChat\'s from parameter as a string, e.g. "singlemessage".');
    const arrival = arrivalFrom(url, from);
    return { ok: true, events: arrival === undefined ? [{ kind, url }] : [{ kind, url }, arrival] };
  }
  if (kind === 'arrival') {
    const channel = fields.channel;
    if (typeof channel !== 'string' || !(SHARE_CHANNELS as readonly string[]).includes(channel)) {
      return invalid(`"channel" must be one of ${SHARE_CHANNELS.join(', ')}.`);
    }
    return { ok: true, events: [{ kind, url, channel: channel as (typeof SHARE_CHANNELS)[number] }] };
  }
  const api = fields.api;
  if (typeof api !== 'string' || !(SHARE_APIS as readonly string[]).includes(api)) {
    return invalid(`"api" must be one of ${SHARE_APIS.join(', ')}.`);
  }
  return { ok: true, events: [{ kind: 'share', url, api: api as (typeof SHARE_APIS)[number] }] };
}

/** The arrival a page view opened with WeChat's `from` stands for; none without one, or with one too long to be WeChat's. */
export function arrivalFrom(url: string, from: string | null | undefined): AnalyticsEvent | undefined {
  const channel = arrivalChannel(from);
  return channel === undefined ? undefined : { kind: 'arrival', url, channel };
}

/** The channel a page view opened with WeChat's `from` arrived by; none without one, or with one too long to be WeChat's. */
export function arrivalChannel(from: string | null | undefined): ShareChannel | undefined {
  if (from == null || from === '' || from.length > ANALYTICS_DEFAULTS.maxFromLength) return undefined;
  return channelOfFrom(from);
}

function invalid(message: string): ParsedEvent {
  return { ok: false, status: 400, code: 'invalid_event', message };
}
