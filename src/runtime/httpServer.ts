import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface HttpServerHandle {
  port: number;
  close(): Promise<void>;
}

/** Serves a Hono app with @hono/node-server; resolves once listening. */
export function listen(app: Hono<any>, hostname: string, port: number): Promise<HttpServerHandle> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
