import net from 'node:net';
import { unmapIpv4 } from './loopback';

/**
 * The client address as seen through `trustedHops` reverse proxies you run: each appends the address it received
 * the request from to X-Forwarded-For, so the entry `trustedHops` places from the right was written by your
 * outermost proxy and names the real client; everything left of it is whatever the client sent. With 0 hops the
 * header is ignored and the TCP peer is the client.
 */
export function clientAddress(socketPeer: string | null, forwardedFor: string | undefined, trustedHops: number): string | null {
  if (trustedHops <= 0 || !forwardedFor) return socketPeer;
  const entries = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!entries.length) return socketPeer;
  return entries[Math.max(0, entries.length - trustedHops)];
}

/** Expands an IPv6 address into its 8 hextets (no zone id); null when not IPv6. */
function hextets(address: string): string[] | null {
  const a = address.replace(/%.*$/, '');
  if (net.isIPv6(a) !== true) return null;
  const [head, tail] = a.includes('::') ? a.split('::') : [a, null];
  const parse = (part: string | null) => (part ? part.split(':') : []);
  let h = parse(head);
  let t = parse(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4 and friends) counts as two hextets.
  const convert = (xs: string[]) =>
    xs.flatMap((x) => {
      if (!x.includes('.')) return [x];
      const [p, q, r, s] = x.split('.').map(Number);
      return [((p << 8) | q).toString(16), ((r << 8) | s).toString(16)];
    });
  h = convert(h);
  t = convert(t);
  const fill = tail === null ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((x) => parseInt(x, 16).toString(16));
}

/**
 * The rate-limit key of an address: an IPv4 address as is (also when IPv4-mapped), an IPv6 address by its /64
 * prefix (one subscriber usually holds a whole /64, so per-address keys would give them 2^64 budgets).
 */
export function rateLimitKeyOfAddress(address: string | null): string {
  if (!address) return 'unknown';
  const a = unmapIpv4(address.trim());
  if (net.isIPv4(a)) return a;
  const h = hextets(a);
  if (!h) return `other:${a.slice(0, 64)}`;
  return `${h.slice(0, 4).join(':')}::/64`;
}
