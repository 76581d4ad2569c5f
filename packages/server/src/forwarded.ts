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
  if (isIP(address) !== 6) return address;
  const groups = ipv6Groups(address);
  if (groups === undefined) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, an embedded IPv4 tail converted). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%', 1)[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}
