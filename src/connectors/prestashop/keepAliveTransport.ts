import http from 'node:http';
import https from 'node:https';
import { ResponseTooLargeError } from '../../net/cappedBody';

/**
 * The webservice's XML/JSON traffic over Node's own http(s) client with keep-alive agents shared by every client
 * of the process: a bulk job makes tens of thousands of small requests, and WHATWG fetch (its web streams and
 * per-request abort machinery) cost about four times the CPU per request of a plain keep-alive request, which
 * made the worker, not the shop, the bottleneck. Redirects are never followed (nothing here follows them);
 * answers larger than `maxBytes` are refused as they stream in; `timeoutMs` bounds the whole exchange.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

export interface TransportAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** Thrown when no complete answer came within the timeout (mapped to TIMEOUT by errorFromTransport). */
export class TransportTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

function headersOf(raw: string[]): Headers {
  const h = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      h.append(raw[i], raw[i + 1]);
    } catch {
      // a header value fetch would refuse too: left out
    }
  }
  return h;
}

export function sendRequest(url: string, o: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number; maxBytes: number }): Promise<TransportAnswer> {
  return new Promise<TransportAnswer>((resolve, reject) => {
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    const agent = agents[target.protocol as 'http:' | 'https:'];
    const body = o.body === undefined ? undefined : Buffer.from(o.body, 'utf8');
    const headers: Record<string, string | number> = { ...o.headers };
    if (body) headers['Content-Length'] = body.length;
    let settled = false;
    const finish = (err: unknown, answer?: TransportAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(answer!);
    };
    const req = lib.request(target, { method: o.method, headers, agent });
    const timer = setTimeout(() => {
      finish(new TransportTimeoutError(o.timeoutMs));
      req.destroy();
    }, o.timeoutMs);
    req.on('error', (e) => finish(Object.assign(new Error(`request failed: ${e.message}`), { name: 'TransportError', cause: e })));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > o.maxBytes) {
          finish(new ResponseTooLargeError(o.maxBytes));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (e) => finish(Object.assign(new Error(`answer interrupted: ${e.message}`), { name: 'TransportError', cause: e })));
      res.on('close', () => {
        if (!res.complete) finish(Object.assign(new Error('answer cut off'), { name: 'TransportError', cause: { code: 'ECONNRESET' } }));
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: headersOf(res.rawHeaders), body: Buffer.concat(chunks, size) }));
    });
    req.end(body);
  });
}
