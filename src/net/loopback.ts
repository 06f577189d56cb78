import net from 'node:net';

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:127.0.0.1` → `127.0.0.1`), else the input. */
export function unmapIpv4(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}

/** True for 127.0.0.0/8 and ::1 (also IPv4-mapped); false for anything that is not an IP address. */
export function isLoopbackAddress(address: string | undefined | null): boolean {
  if (!address) return false;
  const a = unmapIpv4(address);
  const family = net.isIP(a);
  if (family === 4) return LOOPBACK.check(a, 'ipv4');
  if (family === 6) return LOOPBACK.check(a, 'ipv6');
  return false;
}

/** True when a Host header (`name[:port]`) names this machine: `localhost`, a loopback IPv4 or `[::1]`. */
export function isLoopbackHostHeader(host: string | undefined | null): boolean {
  if (!host) return false;
  // Only a bare host[:port] (no user info, path or other syntax that URL parsing would reinterpret).
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.exec(host.trim());
  if (!m) return false;
  const hostname = m[1].toLowerCase();
  if (hostname === 'localhost') return true;
  return isLoopbackAddress(hostname.replace(/^\[(.*)\]$/, '$1'));
}
