// The read route's answer (GET /wx/analytics) turned into what the dashboard draws: one value per day and per series.
// @ts-check

/** @typedef {Record<string, number | undefined>} Counts */
/** @typedef {{ day: string, page: string, counts: Counts }} DayRow */
/** @typedef {{ timeZone: string, start: string, end: string, days: DayRow[], top: { page: string, counts: Counts }[] }} Answer */
/** @typedef {{ name: string, label: string, values: number[] }} Series */

/** @type {[string, string][]} counter suffix and label */
export const CHANNELS = [
  ['singlemessage', 'to a friend'],
  ['groupmessage', 'to a group'],
  ['timeline', 'on Moments'],
  ['other', 'other'],
];

/** @type {[string, string][]} */
export const SHARE_APIS = [
  ['onMenuShareAppMessage', 'to a chat'],
  ['onMenuShareTimeline', 'to Moments'],
  ['onMenuShareQQ', 'to QQ'],
  ['onMenuShareWeibo', 'to Weibo'],
  ['onMenuShareQZone', 'to QZone'],
];

/** Every day from start to end, both included (`YYYY-MM-DD`, calendar days). @param {string} start @param {string} end */
export function daysOf(start, end) {
  const days = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The answer's counts summed over pages, per day: `metrics` picks the counters and names each series.
 * @param {Answer} answer
 * @param {[string, string][]} metrics pairs of [counter name, label]
 * @returns {{ days: string[], series: Series[] }}
 */
export function dailySeries(answer, metrics) {
  const days = daysOf(answer.start, answer.end);
  const index = new Map(days.map((day, i) => [day, i]));
  const series = metrics.map(([name, label]) => ({ name: String(name), label: String(label), values: days.map(() => 0) }));
  for (const row of answer.days) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    for (const s of series) s.values[i] = (s.values[i] ?? 0) + (row.counts[s.name] ?? 0);
  }
  return { days, series };
}

/** @param {Counts} counts @param {string} prefix */
export function sumOf(counts, prefix) {
  let sum = 0;
  for (const [name, value] of Object.entries(counts)) if (name.startsWith(prefix)) sum += value ?? 0;
  return sum;
}
