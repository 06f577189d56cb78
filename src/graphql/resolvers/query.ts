import { z } from '@hono/zod-openapi';
import { ApiError } from '../../api/apiError';
import { MinutesText } from '../../api/openapi/params';
import { jobReader, readableJob } from '../../api/routes/jobPrincipal';
import { JobListQuery } from '../../api/routes/jobs';
import { listCall } from '../../api/routes/products';
import { ProductListQuery } from '../../api/schemas/productSchemas';
import { shopView } from '../../api/routes/shops';
import { ErpSourceRecord } from '../../db/models/ErpSourceRecord';
import { listShops } from '../../shops/shopStore';
import { listJobs } from '../../jobs/jobList';
import { describeJob } from '../../jobs/jobStatus';
import { buildHealthReport } from '../../reports/healthReport';
import { requireRoleIn } from '../access';
import type { GraphqlContext } from '../context';
import { jobFilter, pageSize, parseWith, productFilter } from '../filters';
import { ERP_SOURCE_PUBLIC_COLUMNS } from '../loaders';

type Args = Record<string, any>;
const AfterProducts = ProductListQuery.pick({ cursor: true }).strict();
const AfterJobs = JobListQuery.pick({ startedBefore: true }).strict();
const ReportArgs = z.object({ stuckMinutes: MinutesText.optional() });

/** Query fields: each checks the role of the REST route that serves the same data, then calls the same service. */
export const queryResolvers = {
  async products(_: unknown, args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'user');
    const filter = productFilter(args.filter);
    const size = pageSize(args.first, 50, ctx.services.maxPageSize);
    const after = args.after == null ? undefined : parseWith(AfterProducts, { cursor: args.after }, 'after').cursor;
    const page = await listCall(() => ctx.services.finder.list({ ...filter, pageSize: size, cursor: after }));
    return { nodes: page.items, pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor }, totalCount: page.total, totalExact: page.totalExact };
  },
  async product(_: unknown, args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'user');
    return ctx.loaders.productDetail.load(args.id);
  },
  async categories(_: unknown, _args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'user');
    return (await ctx.loaders.categories()).roots;
  },
  async category(_: unknown, args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'user');
    return (await ctx.loaders.categories()).byId.get(args.id) ?? null;
  },
  async shops(_: unknown, _args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'manager');
    return (await listShops(ctx.services.sequelize)).map(shopView);
  },
  async shop(_: unknown, args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'manager');
    const s = await ctx.loaders.shop.load(args.id);
    return s ? shopView(s) : null;
  },
  async erpSources(_: unknown, _args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'manager');
    return ErpSourceRecord.findAll({ attributes: [...ERP_SOURCE_PUBLIC_COLUMNS], order: [['id', 'ASC']] });
  },
  async erpSource(_: unknown, args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'manager');
    return ctx.loaders.erpSource.load(args.id);
  },
  async jobs(_: unknown, args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'user');
    const filter = jobFilter(args.filter);
    const limit = pageSize(args.first, 25, Math.min(100, ctx.services.maxPageSize));
    const after = args.after == null ? undefined : parseWith(AfterJobs, { startedBefore: args.after }, 'after').startedBefore;
    // Users list only their own jobs (src/jobs/jobAccess.ts), as GET /jobs.
    const reader = jobReader(ctx.http);
    const q = { ...filter, ...(reader.role === 'user' ? { userId: reader.ownerId } : {}), ...(after ? { startedBefore: after } : {}), limit };
    const items = await listJobs(ctx.services.temporal, q);
    const full = items.length === limit;
    return { nodes: items, pageInfo: { hasNextPage: full, endCursor: full ? items[items.length - 1].startedAt : null } };
  },
  async job(_: unknown, args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'user');
    try {
      await readableJob(ctx.http, ctx.services.temporal, args.id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
    return describeJob(ctx.services.temporal, args.id, { sequelize: ctx.services.sequelize });
  },
  async healthReport(_: unknown, args: Args, ctx: GraphqlContext) {
    requireRoleIn(ctx, 'manager');
    const { stuckMinutes } = parseWith(ReportArgs, args.stuckMinutes == null ? {} : { stuckMinutes: String(args.stuckMinutes) }, 'arguments');
    const s = ctx.services;
    return buildHealthReport({ sequelize: s.sequelize, temporal: s.temporal, taskQueue: s.taskQueue }, stuckMinutes ?? s.stuckMinutes);
  },
};
