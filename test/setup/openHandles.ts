/**
 * What still keeps the process alive once every suite and the global teardown are done (jest waits for it,
 * so a leaked handle would hang the run). The global teardown prints it to stderr, so that a run names the handle a suite leaked:
 * a socket with its peer, a server with its address, a timer, a pending request.
 */
interface HandleLike {
  constructor?: { name?: string };
  remoteAddress?: string;
  remotePort?: number;
  localPort?: number;
  address?: () => unknown;
}

const STDIO = new Set(['PipeWrap', 'TTYWrap']);

export function describeOpenHandles(): string[] {
  const kinds = process.getActiveResourcesInfo().filter((k) => !STDIO.has(k));
  if (kinds.length === 0) return [];
  const sockets = (process as unknown as { _getActiveHandles(): HandleLike[] })._getActiveHandles().flatMap((h) => {
    const kind = h.constructor?.name;
    if (kind === 'Socket' && h.remotePort !== undefined) return [`socket to ${h.remoteAddress}:${h.remotePort} (local port ${h.localPort})`];
    if (kind === 'Server') return [`server on ${JSON.stringify(h.address?.())}`];
    return [];
  });
  return [`resources: ${kinds.join(', ')}`, ...sockets];
}
