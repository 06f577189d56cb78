import dns from 'node:dns/promises';
import net from 'node:net';
import { unmapIpv4 } from './loopback';

/**
 * Where admin-set endpoints (shop base URLs, Business Central token/API URLs, the Subiekt SQL Server) may point.
 * Loopback, private, link-local (cloud metadata 169.254.169.254 included), CGNAT, unique-local, multicast and
 * unspecified addresses, and the names `localhost` / `*.localhost` / cloud metadata names, are refused unless
 * the operator's allow-list (OUTBOUND_ALLOWED_NETWORKS, CIDRs) contains them: the simulators on 127.0.0.1 in
 * development and tests, an on-premises Subiekt server on a LAN in production.
 */
const INTERNAL = new net.BlockList();
for (const [addr, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) INTERNAL.addSubnet(addr, prefix, 'ipv4');
for (const [addr, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT)
] as const) INTERNAL.addSubnet(addr, prefix, 'ipv6');

const INTERNAL_NAMES = [/^localhost$/i, /\.localhost$/i, /^metadata\.google\.internal$/i, /^metadata\.goog$/i, /^metadata$/i];

export class OutboundRefusedError extends Error {
  constructor(readonly host: string, reason: string) {
    super(`${host}: ${reason}; an operator can allow it with OUTBOUND_ALLOWED_NETWORKS`);
    this.name = 'OutboundRefusedError';
  }
}

/** Parses `a.b.c.d/n, x::/n` (an address without /n is a single host). Throws on a bad entry. */
export function parseNetworks(list: string[]): net.BlockList {
  const allowed = new net.BlockList();
  for (const raw of list) {
    const [addr, bits] = raw.split('/');
    const family = net.isIP(addr);
    if (!family) throw new Error(`"${raw}" is not an address or CIDR`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${raw}" has a bad prefix length`);
    allowed.addSubnet(addr, prefix, type);
  }
  return allowed;
}

export class OutboundPolicy {
  private readonly allowed: net.BlockList;

  constructor(allowedNetworks: string[]) {
    this.allowed = parseNetworks(allowedNetworks);
  }

  private allowedAddress(address: string): boolean {
    const a = unmapIpv4(address.replace(/^\[|\]$/g, ''));
    const type = net.isIP(a) === 4 ? 'ipv4' : 'ipv6';
    if (this.allowed.check(a, type)) return true;
    return !INTERNAL.check(a, type);
  }

  /** Checks a host as written (no DNS): literal addresses and well-known internal names. Throws OutboundRefusedError. */
  assertHostAllowed(host: string): void {
    const h = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
    if (net.isIP(unmapIpv4(h))) {
      if (!this.allowedAddress(h)) throw new OutboundRefusedError(host, 'internal addresses (loopback, private, link-local, metadata) are refused');
      return;
    }
    if (INTERNAL_NAMES.some((re) => re.test(h))) {
      const loopbackAllowed = this.allowed.check('127.0.0.1', 'ipv4') && /localhost$/i.test(h);
      if (!loopbackAllowed) throw new OutboundRefusedError(host, 'internal host names (localhost, cloud metadata) are refused');
    }
  }

  /** `assertHostAllowed`, then every address the name resolves to right now (a name may point inside). */
  async assertResolvedAllowed(host: string): Promise<void> {
    this.assertHostAllowed(host);
    const h = host.replace(/^\[|\]$/g, '');
    if (net.isIP(h)) return;
    let addresses: { address: string }[];
    try {
      addresses = await dns.lookup(h, { all: true, verbatim: true });
    } catch {
      return; // unresolvable: the connection itself will fail with the connector's own error
    }
    for (const { address } of addresses) {
      if (!this.allowedAddress(address)) throw new OutboundRefusedError(host, `resolves to the internal address ${address}, which is refused`);
    }
  }

  /** The host of an http(s) URL, checked as written. */
  assertUrlAllowed(url: string): void {
    this.assertHostAllowed(new URL(url).hostname);
  }
}
