import crypto from 'node:crypto';
import type { ErpSource } from '../connectors/erp/ErpSource';
import type { ErpSourceDefinition } from './erpSourceDefinition';

interface Entry {
  source: ErpSource;
  users: number;
  idle: NodeJS.Timeout | null;
}

/**
 * Keeps one open connector (and so one SQL pool / HTTP agent / token) per ERP source and definition while a pull
 * pages through it, instead of opening one per page: pages of one pull follow each other within milliseconds, so a
 * connector is closed only after `idleMs` without use. A changed definition (settings, credentials) gets a new
 * connector; a connector that failed is dropped so the retry opens a fresh one.
 */
export class ErpConnectorPool {
  private readonly open = new Map<string, Entry>();

  constructor(
    private readonly openSource: (def: ErpSourceDefinition) => ErpSource,
    private readonly idleMs = 5_000,
  ) {}

  private keyOf(def: ErpSourceDefinition): string {
    const digest = crypto.createHash('sha256').update(JSON.stringify({ kind: def.kind, settings: def.settings, credentials: def.credentials })).digest('hex');
    return `${def.id}:${digest}`;
  }

  /** Runs `fn` with the source's shared connector. */
  async use<T>(def: ErpSourceDefinition, fn: (erp: ErpSource) => Promise<T>): Promise<T> {
    const key = this.keyOf(def);
    let entry = this.open.get(key);
    if (!entry) {
      entry = { source: this.openSource(def), users: 0, idle: null };
      this.open.set(key, entry);
    }
    if (entry.idle) clearTimeout(entry.idle);
    entry.idle = null;
    entry.users++;
    const e = entry;
    let failed = false;
    try {
      return await fn(e.source);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      e.users--;
      if (failed && this.open.get(key) === e) this.open.delete(key);
      if (e.users === 0) {
        if (failed || this.open.get(key) !== e) await e.source.close().catch(() => undefined);
        else {
          e.idle = setTimeout(() => {
            if (e.users === 0 && this.open.get(key) === e) {
              this.open.delete(key);
              void e.source.close().catch(() => undefined);
            }
          }, this.idleMs);
          e.idle.unref();
        }
      }
    }
  }

  /** Closes every idle connector (worker shutdown). */
  async closeAll(): Promise<void> {
    const entries = [...this.open.values()];
    this.open.clear();
    await Promise.all(entries.map(async (e) => {
      if (e.idle) clearTimeout(e.idle);
      await e.source.close().catch(() => undefined);
    }));
  }
}
