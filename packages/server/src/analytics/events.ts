// What analytics counts: a WeChat page view, an arrival from a shared link by channel, a completed share by API.

/** WeChat's `from` values for a shared link, plus `other` for any value it may add later. */
export const SHARE_CHANNELS = ['singlemessage', 'groupmessage', 'timeline', 'other'] as const;
export type ShareChannel = (typeof SHARE_CHANNELS)[number];

/** The JS-SDK APIs whose success callback still means the user finished sharing (the legacy onMenuShare* ones). */
export const SHARE_APIS = [
  'onMenuShareAppMessage',
  'onMenuShareTimeline',
  'onMenuShareQQ',
  'onMenuShareWeibo',
  'onMenuShareQZone',
] as const;
export type ShareApi = (typeof SHARE_APIS)[number];

/** One thing that happened on a page. `url` is the canonical page url (see canonicalPageUrl). Nothing personal. */
export type AnalyticsEvent =
  | { kind: 'view'; url: string }
  | { kind: 'arrival'; url: string; channel: ShareChannel }
  | { kind: 'share'; url: string; api: ShareApi };

export const EVENT_KINDS = ['view', 'arrival', 'share'] as const;

/** The counter an event adds one to: `views`, `arrival:timeline`, `share:onMenuShareTimeline`. */
export type Metric = 'views' | `arrival:${ShareChannel}` | `share:${ShareApi}`;

export const METRICS: readonly Metric[] = [
  'views',
  ...SHARE_CHANNELS.map((channel) => `arrival:${channel}` as const),
  ...SHARE_APIS.map((api) => `share:${api}` as const),
];

export function metricOf(event: AnalyticsEvent): Metric {
  if (event.kind === 'view') return 'views';
  if (event.kind === 'arrival') return `arrival:${event.channel}`;
  return `share:${event.api}`;
}

export function isMetric(value: string): value is Metric {
  return (METRICS as readonly string[]).includes(value);
}

/** WeChat's raw `from` parameter -> a channel: the three it documents, `other` for anything else. */
export function channelOfFrom(from: string): ShareChannel {
  return (SHARE_CHANNELS as readonly string[]).includes(from) && from !== 'other' ? (from as ShareChannel) : 'other';
}
