import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from './apiDeps';
import type { AppEnv } from './appEnv';
import { createAuthServices } from '../auth/authServices';
import { SecretBox } from '../crypto/secretBox';
import { OutboundPolicy } from '../net/outboundPolicy';
import { authenticate } from './middleware/authenticate';
import { cookieCsrf } from './middleware/cookieCsrf';
import { clientIpKey, rateLimit } from './middleware/rateLimit';
import { assertEveryRouteDeclaresAccess } from './middleware/routeAccess';
import { assertBodiesDeclared } from './openapi/assertBodiesDeclared';
import { authRoutes, REFRESH_COOKIE } from './routes/auth';
import { erpSourceRoutes } from './routes/erpSources';
import { erpSourceTestRoutes } from './routes/erpSourceTest';
import { jobRoutes } from './routes/jobs';
import { categoryRoutes } from './routes/categories';
import { productContentRoutes } from './routes/productContent';
import { productExportRoutes } from './routes/productExport';
import { productImportRoutes } from './routes/productImport';
import { productMassEditRoutes } from './routes/productMassEdit';
import { productRoutes } from './routes/products';
import { productSyncRoutes } from './routes/productSync';
import { reportRoutes } from './routes/reports';
import { scheduleRoutes } from './routes/schedules';
import { serviceTokenRoutes } from './routes/serviceTokens';
import { shopRoutes } from './routes/shops';
import { userRoutes } from './routes/users';
import { validationHook } from './validationHook';
import { graphqlRoutes } from '../graphql/route';

/**
 * Every resource under /api/v1, one sub-app per resource. Add a resource with one `route()` line here.
 *
 * ROLES: every route declares who may call it in its own createRoute, e.g.
 *   createRoute({ method: 'post', path: '/', middleware: [requireRole('manager')] as const, ... })
 * with `requireRole` from './middleware/requireRole' ('user' < 'manager' < 'admin'; higher roles include
 * lower ones). Authentication runs for all of /api/v1 before any route; a route without a declaration makes
 * `v1Routes` throw at start (assertEveryRouteDeclaresAccess), and test/auth/routeRoleTable.test.ts checks every
 * route × role automatically. `publicRoute()` is reserved for the sign-in flow.
 *
 * CONTRACT: build every route with `apiRoute` (./openapi/apiRoute: shared error responses, unknown query
 * parameters refused) and give every request body an explicit `required` (assertBodiesDeclared).
 */
export function v1Routes(deps: ApiDeps) {
  const v1 = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
  const { config } = deps;
  const auth = createAuthServices(config, deps.sequelize);
  const secretBox = new SecretBox(config.ENCRYPTION_KEY);
  const window = config.RATE_LIMIT_WINDOW_SECONDS;
  // Order matters: per-IP budget, stricter per-IP budget for the sign-in flow, CSRF for cookie requests,
  // authentication (sets `principal`), then the per-user budget. Roles are checked by each route.
  const maxKeys = config.RATE_LIMIT_MAX_KEYS;
  const ipKey = (c: Parameters<typeof clientIpKey>[0]) => clientIpKey(c, config.TRUST_PROXY_HOPS);
  v1.use('*', rateLimit({ name: 'per IP', limit: config.RATE_LIMIT_PER_IP, windowSeconds: window, maxKeys, keyOf: ipKey }));
  v1.use('/auth/*', rateLimit({ name: 'sign-in per IP', limit: config.RATE_LIMIT_AUTH_PER_IP, windowSeconds: window, maxKeys, keyOf: ipKey }));
  v1.use('*', cookieCsrf(REFRESH_COOKIE, [config.FRONTEND_URL, config.PUBLIC_URL].filter((u): u is string => !!u)));
  v1.use('*', authenticate(auth.accessTokens));
  v1.use('*', rateLimit({ name: 'per user', limit: config.RATE_LIMIT_PER_USER, windowSeconds: window, maxKeys, keyOf: (c) => { const p = c.get('principal'); return p ? `${p.kind}:${p.id}` : null; } }));

  v1.route('/auth', authRoutes(auth));
  v1.route('/users', userRoutes({ refreshTokens: auth.refreshTokens }));
  v1.route('/service-tokens', serviceTokenRoutes({ adminMaxDays: config.SERVICE_TOKEN_ADMIN_MAX_DAYS }));
  const outbound = new OutboundPolicy(config.OUTBOUND_ALLOWED_NETWORKS);
  v1.route('/shops', shopRoutes({ sequelize: deps.sequelize, secretBox, outbound, temporal: deps.temporal }));
  v1.route('/erp-sources', erpSourceTestRoutes({ sequelize: deps.sequelize, secretBox, outbound }));
  v1.route('/erp-sources', erpSourceRoutes({ secretBox, outbound, temporal: deps.temporal, taskQueue: deps.config.TEMPORAL_TASK_QUEUE }));
  v1.route('/jobs', jobRoutes({ temporal: deps.temporal, taskQueue: deps.config.TEMPORAL_TASK_QUEUE, sequelize: deps.sequelize }));
  const limits = { maxSelection: config.BULK_MAX_SELECTION, maxRunningPerPrincipal: config.JOBS_MAX_RUNNING_PER_PRINCIPAL };
  v1.route('/products', productSyncRoutes({ temporal: deps.temporal, sequelize: deps.sequelize, taskQueue: deps.config.TEMPORAL_TASK_QUEUE, limits }));
  v1.route('/products', productExportRoutes({ sequelize: deps.sequelize, cursorSecret: config.JWT_SECRET }));
  v1.route('/products', productImportRoutes({ sequelize: deps.sequelize, temporal: deps.temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, maxRows: config.IMPORT_MAX_ROWS, inlineMaxRows: config.IMPORT_INLINE_MAX_ROWS, chunkRows: config.IMPORT_JOB_CHUNK_ROWS }));
  const massEditLimits = { maxProducts: config.MASS_EDIT_MAX_PRODUCTS, previewMinutes: config.MASS_EDIT_PREVIEW_MINUTES, cursorSecret: config.JWT_SECRET };
  v1.route('/products', productMassEditRoutes({ sequelize: deps.sequelize, temporal: deps.temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, limits: massEditLimits, inlineMaxProducts: config.MASS_EDIT_INLINE_MAX_PRODUCTS }));
  v1.route('/products', productRoutes({ sequelize: deps.sequelize, cursorSecret: config.JWT_SECRET, requireIfMatch: config.PRODUCT_WRITES_REQUIRE_IF_MATCH }));
  const imageLimits = { maxBytes: config.IMAGE_MAX_BYTES, maxDimension: config.IMAGE_MAX_DIMENSION };
  v1.route('/products', productContentRoutes({ sequelize: deps.sequelize, defaultLanguage: config.CATALOG_DEFAULT_LANGUAGE, imageLimits, requireIfMatch: config.PRODUCT_WRITES_REQUIRE_IF_MATCH }));
  v1.route('/categories', categoryRoutes({ sequelize: deps.sequelize, defaultLanguage: config.CATALOG_DEFAULT_LANGUAGE }));
  v1.route('/schedules', scheduleRoutes({ temporal: deps.temporal, sequelize: deps.sequelize, taskQueue: deps.config.TEMPORAL_TASK_QUEUE }));
  v1.route('/reports', reportRoutes({ temporal: deps.temporal, sequelize: deps.sequelize, taskQueue: config.TEMPORAL_TASK_QUEUE, stuckMinutes: config.HEALTH_STUCK_MINUTES }));
  v1.route('/graphql', graphqlRoutes(deps));
  assertEveryRouteDeclaresAccess(v1);
  assertBodiesDeclared(v1);
  return v1;
}
