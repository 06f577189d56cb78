import type { HttpVerb } from './resourceModel';

/** `ps_webservice_account` + `ps_webservice_permission`: keys, whether active, and what each may do. */
export interface WebserviceKey {
  key: string;
  active: boolean;
  /** resource → allowed methods; `'all'` = every resource, every method. */
  permissions: 'all' | Record<string, HttpVerb[]>;
}

export class KeyRegistry {
  private readonly keys = new Map<string, WebserviceKey>();

  add(k: WebserviceKey): void {
    this.keys.set(k.key, k);
  }

  get(key: string): WebserviceKey | undefined {
    return this.keys.get(key);
  }

  list(): WebserviceKey[] {
    return [...this.keys.values()];
  }

  static allows(k: WebserviceKey, resource: string, method?: HttpVerb): boolean {
    if (k.permissions === 'all') return true;
    const methods = k.permissions[resource];
    if (!methods) return false;
    return method === undefined || methods.includes(method);
  }

  static hasAny(k: WebserviceKey): boolean {
    return k.permissions === 'all' || Object.values(k.permissions).some((m) => m.length > 0);
  }
}
