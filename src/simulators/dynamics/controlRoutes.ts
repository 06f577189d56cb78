import { Hono } from 'hono';
import type { EntraTokenIssuer } from './entraTokenEndpoint';
import type { RequestLog } from './requestLog';
import { defaultFaults, type SimFaults } from './simFaults';
import type { SimCompanyData, SimItemRow } from './simModel';
import type { SimStore } from './simStore';
import type { ThrottleGate, ThrottleLimits } from './throttleGate';

/**
 * The simulator's inspection and control API, outside the BC routes (no authentication; test use only):
 *   GET  /__sim/state                          tenant, client id, environments, companies
 *   GET  /__sim/items?company=                 raw item rows
 *   PUT  /__sim/items/:number?company=         create/change an item (bumps lastModifiedDateTime and ETag)
 *   DELETE /__sim/items/:number?company=
 *   POST /__sim/items/:number/inventory        {quantity}: post stock without touching the item row
 *   PUT  /__sim/items/:number/picture          {contentType,width,height,base64}; DELETE removes it
 *   GET  /__sim/requests?kind=token|api        request log; DELETE clears it
 *   GET|PUT|DELETE /__sim/faults               fault injection (PUT merges, DELETE resets)
 *   GET|PUT|DELETE /__sim/limits               throttling limits (DELETE restores start-up limits, resets counters)
 *   POST /__sim/tokens/revoke                  every issued token becomes invalid (API answers 401)
 *   PUT  /__sim/tokens                         {lifetimeSeconds}: lifetime of new tokens
 */
export interface ControlContext {
  store: SimStore;
  issuer: EntraTokenIssuer;
  gate: ThrottleGate;
  faults: SimFaults;
  log: RequestLog;
  describe: () => Record<string, unknown>;
  /** Limits at start-up, restored by `DELETE /__sim/limits`. */
  initialLimits: ThrottleLimits;
}

export function controlRoutes(ctx: ControlContext): Hono {
  const app = new Hono();
  const companyOf = (selector: string | undefined): SimCompanyData | undefined => {
    const all = ctx.store.companies();
    if (!selector) return all[0];
    return all.find((c) => c.company.id === selector.toLowerCase() || c.company.name === selector);
  };
  const withItem = (number: string, selector: string | undefined) => {
    const data = companyOf(selector);
    const item = data ? ctx.store.findItemByNumber(data, number) : undefined;
    return { data, item };
  };

  app.get('/state', (c) => c.json(ctx.describe()));
  app.get('/items', (c) => {
    const data = companyOf(c.req.query('company'));
    if (!data) return c.json({ error: 'unknown company' }, 404);
    return c.json([...data.items.values()]);
  });
  app.put('/items/:number', async (c) => {
    const data = companyOf(c.req.query('company'));
    if (!data) return c.json({ error: 'unknown company' }, 404);
    const changes = (await c.req.json()) as Partial<SimItemRow>;
    return c.json(ctx.store.upsertItem(data, c.req.param('number'), changes));
  });
  app.delete('/items/:number', (c) => {
    const { data, item } = withItem(c.req.param('number'), c.req.query('company'));
    if (!data || !item) return c.json({ error: 'unknown item' }, 404);
    ctx.store.deleteItem(data, item.id);
    return c.body(null, 204);
  });
  app.post('/items/:number/inventory', async (c) => {
    const { item } = withItem(c.req.param('number'), c.req.query('company'));
    if (!item) return c.json({ error: 'unknown item' }, 404);
    const { quantity } = (await c.req.json()) as { quantity: number };
    ctx.store.postInventory(item, quantity);
    return c.json(item);
  });
  app.put('/items/:number/picture', async (c) => {
    const { data, item } = withItem(c.req.param('number'), c.req.query('company'));
    if (!data || !item) return c.json({ error: 'unknown item' }, 404);
    const body = (await c.req.json()) as { contentType: string; width: number; height: number; base64: string };
    ctx.store.setPicture(data, item.id, { contentType: body.contentType, width: body.width, height: body.height, content: Buffer.from(body.base64, 'base64') });
    return c.body(null, 204);
  });
  app.delete('/items/:number/picture', (c) => {
    const { data, item } = withItem(c.req.param('number'), c.req.query('company'));
    if (!data || !item) return c.json({ error: 'unknown item' }, 404);
    ctx.store.setPicture(data, item.id, null);
    return c.body(null, 204);
  });
  app.get('/requests', (c) => {
    const kind = c.req.query('kind');
    return c.json(ctx.log.list().filter((r) => !kind || r.kind === kind));
  });
  app.delete('/requests', (c) => {
    ctx.log.clear();
    return c.body(null, 204);
  });
  app.get('/faults', (c) => c.json(ctx.faults));
  app.put('/faults', async (c) => {
    Object.assign(ctx.faults, (await c.req.json()) as Partial<SimFaults>);
    return c.json(ctx.faults);
  });
  app.delete('/faults', (c) => {
    Object.assign(ctx.faults, defaultFaults());
    return c.json(ctx.faults);
  });
  app.get('/limits', (c) => c.json(ctx.gate.limits));
  app.put('/limits', async (c) => {
    Object.assign(ctx.gate.limits, (await c.req.json()) as Partial<ThrottleLimits>);
    return c.json(ctx.gate.limits);
  });
  app.delete('/limits', (c) => {
    Object.assign(ctx.gate.limits, ctx.initialLimits);
    ctx.gate.reset();
    return c.json(ctx.gate.limits);
  });
  app.post('/tokens/revoke', (c) => {
    ctx.issuer.revokeAll();
    return c.body(null, 204);
  });
  app.put('/tokens', async (c) => {
    const { lifetimeSeconds } = (await c.req.json()) as { lifetimeSeconds: number };
    ctx.issuer.tokenLifetimeSeconds = lifetimeSeconds;
    return c.json({ lifetimeSeconds });
  });
  return app;
}
