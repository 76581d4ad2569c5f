// Which container a page runs in, from the `container` query parameter: WeChat (the default) or WeCom (企业微信).
import { ShareError } from './errors.js';

export const CONTAINERS = ['wechat', 'wecom'] as const;
export type Container = (typeof CONTAINERS)[number];

const MAX_VALUE_LENGTH = 32;

/** Whether a value is a container name; anything else gets the 400 of checkContainer. */
export function checkContainer(value: unknown): Container {
  if (typeof value === 'string' && (CONTAINERS as readonly string[]).includes(value)) return value as Container;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, MAX_VALUE_LENGTH)) : typeof value;
  throw new ShareError('invalid_container', 400, `container ${shown} is not known; use container=${CONTAINERS.join(' or container=')} (or omit it for WeChat)`);
}

/** The `container` parameter of a raw (still encoded) query string: 'wechat' when absent; 400 when unknown or repeated. */
export function containerParam(rawQuery: string): Container {
  if (!rawQuery.includes('container=')) return 'wechat';
  let found: string | undefined;
  for (const pair of rawQuery.split('&')) {
    if (!pair.startsWith('container=')) continue;
    if (found !== undefined) throw new ShareError('invalid_container', 400, 'the container parameter is repeated; send it once');
    found = pair.slice('container='.length);
  }
  let value = found ?? '';
  try {
    value = decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    // Malformed percent-encoding is no container name either: the message below says which are.
  }
  return checkContainer(value);
}
