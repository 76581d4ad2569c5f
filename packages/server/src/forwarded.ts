// What a proxy in front says about a request in its X-Forwarded-* headers, read in one place: pageUrl()'s scheme and
// host, and the client address of the per-address limits. Only read when the user says such a proxy is there.
import { isIP } from 'node:net';

/** The first of comma-separated header values (the proxy nearest the browser writes the first), trimmed. */
export function firstValue(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === null) return undefined;
  const first = value.split(',', 1)[0]!.trim();
  return first === '' ? undefined : first;
}

/**
 * The client address that the proxy in front of this server saw: the LAST entry of X-Forwarded-For, the one it
 * added itself (entries before it came with the request, and anyone can write them). undefined when that entry is
 * not a bare IP address.
 */
export function forwardedFor(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  if (value === undefined || value === null) return undefined;
  const last = value.slice(value.lastIndexOf(',') + 1).trim();
  return isIP(last) === 0 ? undefined : last;
}

/**
 * The client a per-client limit counts an address under: an IPv4 address as it is (an IPv4-mapped IPv6 address
 * `::ffff:1.2.3.4` as its IPv4 address), an IPv6 address by its /64 network (one subscriber usually holds a whole
 * /64, so counting single addresses would give one client 2^64 limits). Anything else as it is; '' stays ''.
 */
export function clientKey(address: string): string {
  if (!address.includes(':') || isIP(address) !== 6) return address; // IPv4 (or not an address): as it is
  const text = address.includes('%') ? address.slice(0, address.indexOf('%')) : address; // a zone id: not the address
  if (text.includes('.')) {
    // An embedded IPv4 tail: ::ffff:1.2.3.4 is that IPv4 client; any other (deprecated ::1.2.3.4, NAT64) its /64 below.
    const tail = text.slice(text.lastIndexOf(':') + 1);
    if (/^::ffff:/i.test(text) && text.lastIndexOf(':') === 6) return tail;
  }
  return `${networkOf(text)}::/64`;
}

/** The first four groups (the /64 network) of a valid IPv6 address, without leading zeros: '2001:db8:0:7'. */
function networkOf(text: string): string {
  const gap = text.indexOf('::');
  const front = gap === 0 ? [] : (gap === -1 ? text : text.slice(0, gap)).split(':', 4);
  if (gap !== -1 && front.length < 4) {
    // '::' stands for as many zero groups as make eight: the groups after it end the address.
    const back = text.slice(gap + 2) === '' ? [] : text.slice(gap + 2).split(':');
    const zeros = 8 - front.length - back.length;
    for (let i = 0; front.length < 4; i++) front.push(i < zeros ? '0' : back[i - zeros]!);
  }
  let network = '';
  for (let i = 0; i < 4; i++) network += `${i === 0 ? '' : ':'}${Number.parseInt(front[i]!, 16).toString(16)}`;
  return network;
}
