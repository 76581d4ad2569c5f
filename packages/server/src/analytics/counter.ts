// The signer's counter when analytics is on: createAnalytics over the server's analytics settings, logger and clock.
import type { Config } from '../options.js';
import { createAnalytics, type Analytics } from './analytics.js';

export function counterOf(config: Pick<Config, 'analytics' | 'logger' | 'now'>): Analytics | undefined {
  const settings = config.analytics;
  if (settings === undefined) return undefined;
  const { store, timeZone, maxPages, retentionDays, flushIntervalMs, maxPendingEntries } = settings;
  return createAnalytics({ store, timeZone, maxPages, retentionDays, flushIntervalMs, maxPendingEntries, logger: config.logger, now: config.now });
}
