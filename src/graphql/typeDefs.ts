/**
 * The GraphQL schema (SDL first). `npm run graphql:schema` prints it to src/graphql/schema.graphql, the
 * reviewed contract; test/graphql/sdl.test.ts fails when the running server serves anything else.
 * Ids of catalogue rows are Int (as in the REST API); job ids are String (Temporal workflow ids).
 * Roles: as the REST route for the same data (user < manager < admin), checked in each resolver. Query fields
 * are nullable so that a refused or failed field (errors[].extensions.code) leaves the others' data intact.
 */
export const typeDefs = /* GraphQL */ `
"""Any JSON value (job progress and results, as the REST API returns them)."""
scalar JSON

type Query {
  """Products, filtered exactly as GET /api/v1/products filters (role: user). Cursor paging: pass pageInfo.endCursor as after."""
  products(filter: ProductFilter, first: Int = 50, after: String): ProductConnection
  """One product (role: user); null when there is none."""
  product(id: Int!): Product
  """The category tree: top-level categories, each with its children (role: user)."""
  categories: [Category!]
  """One category (role: user)."""
  category(id: Int!): Category
  """All shops (role: manager; secrets are never shown)."""
  shops: [Shop!]
  """One shop (role: manager)."""
  shop(id: Int!): Shop
  """ERP sources (role: manager; settings and credentials are never shown)."""
  erpSources: [ErpSource!]
  """One ERP source (role: manager)."""
  erpSource(id: Int!): ErpSource
  """Sync jobs, newest first, from Temporal visibility, filtered as GET /api/v1/jobs (role: user; users see their own jobs only)."""
  jobs(filter: JobFilter, first: Int = 25, after: String): JobConnection
  """One job's status and progress (role: user; null when there is none or it is not yours)."""
  job(id: String!): JobStatus
  """The ops report of GET /api/v1/reports/health (role: manager)."""
  healthReport(stuckMinutes: Int): HealthReport
}

type Mutation {
  """
  Changes a product's central fields and its overrides in several shops in one call (role: manager): the same
  validation, ERP ownership rules and If-Match semantics as PATCH /products/{id} and PUT /products/{id}/shops/{shopId}.
  """
  updateProduct(input: UpdateProductInput!): UpdateProductPayload!
  """Starts a sync of one product to its shops, as POST /products/{id}/sync (role: user)."""
  syncProduct(input: SyncProductInput!): JobAccepted!
}

"""The filters of GET /api/v1/products (validated by the same schema)."""
input ProductFilter {
  """1-8 words that must each start a word of the SKU, EAN, name or descriptions (case and accents ignored)"""
  q: String
  skuPrefix: String
  status: ProductStatus
  erpSourceId: Int
  """products assigned to this shop (pushed or tried, or with overrides for it)"""
  shopId: Int
  """sync state in syncShopId, or in any shop when syncShopId is absent"""
  syncState: SyncStatus
  syncShopId: Int
  """an ISO 8601 instant with offset"""
  updatedSince: String
  """relevance, sku, -sku, name, -name, price, -price, createdAt, -createdAt, updatedAt, -updatedAt"""
  sort: String
}

enum ProductStatus {
  active
  inactive
  archived
}

"""A product's state in a shop, from the sync ledger."""
enum SyncStatus {
  never_pushed
  in_sync
  outdated
  error
  compensation_failed
}

type PageInfo {
  hasNextPage: Boolean!
  endCursor: String
}

type ProductConnection {
  nodes: [Product!]!
  pageInfo: PageInfo!
  """exact up to 1000 matches, an estimate beyond (totalExact false)"""
  totalCount: Int!
  totalExact: Boolean!
}

type Product {
  id: Int!
  sku: String!
  name: String!
  description: String
  shortDescription: String
  ean: String
  unit: String
  """decimal string"""
  priceNet: String
  vatRate: String
  currency: String!
  weightKg: String
  stock: String!
  status: ProductStatus!
  erpSourceId: Int
  erpExternalId: String
  """the linked ERP source (role: manager)"""
  erpSource: ErpSource
  """fields the linked ERP owns (edits to them are refused)"""
  erpOwnedFields: [String!]!
  createdAt: String!
  updatedAt: String!
  version: Int!
  """the ETag of this version, for ifMatch"""
  etag: String!
  categories: [ProductCategory!]!
  images: [ProductImage!]!
  """texts per language (the catalogue's default language always)"""
  translations: [ProductTranslation!]!
  """per-shop overrides and sync state: active shops and any shop the product has data in"""
  shops(shopId: Int): [ProductShop!]!
}

type ProductCategory {
  isPrimary: Boolean!
  category: Category!
}

type ProductImage {
  id: Int!
  position: Int!
  isMain: Boolean!
  contentType: String!
  sha256: String!
  fromErp: Boolean!
  """the bytes (GET, same authentication)"""
  contentUrl: String!
}

type ProductTranslation {
  language: String!
  name: String!
  description: String
  descriptionShort: String
  metaTitle: String
  metaDescription: String
  linkRewrite: String
}

type ProductShop {
  shopId: Int!
  shopName: String!
  """the shop's settings (role: manager)"""
  shop: Shop
  overrides: ShopOverrides
  sync: SyncLedger!
}

type ShopOverrides {
  name: String
  description: String
  shortDescription: String
  priceNet: String
  active: Boolean
}

type SyncLedger {
  status: SyncStatus!
  remoteId: Int
  lastPushedAt: String
  lastError: SyncError
}

type SyncError {
  code: String!
  message: String
  at: String
}

type LocalizedName {
  language: String!
  name: String!
}

type Category {
  id: Int!
  parentId: Int
  position: Int!
  """name in the catalogue's default language"""
  name: String!
  names: [LocalizedName!]!
  """default-language names from the top of the tree down to this category"""
  path: [String!]!
  erpSourceId: Int
  erpGroupId: String
  productCount: Int!
  childCount: Int!
  parent: Category
  children: [Category!]!
}

type IdMapping {
  key: String!
  id: Int!
}

type Shop {
  id: Int!
  name: String!
  baseUrl: String!
  psVersion: String!
  """masked; the API key itself is write-only"""
  apiKeyHint: String!
  """catalogue language code -> PrestaShop language id"""
  languageMap: [IdMapping!]!
  """VAT rate -> PrestaShop tax rules group id"""
  taxRulesMap: [IdMapping!]!
  missingTranslation: String!
  rootCategoryId: Int!
  maxConcurrency: Int!
  maxRequestsPerSecond: Float!
  active: Boolean!
  createdAt: String!
  updatedAt: String!
}

type ErpSource {
  id: Int!
  name: String!
  kind: String!
  active: Boolean!
  fieldOwnership: [String!]!
  categoryParentId: Int
  lastPullAt: String
  createdAt: String!
  updatedAt: String!
}

"""The filters of GET /api/v1/jobs (validated by the same schema); page with first/after."""
input JobFilter {
  """product-sync or bulk"""
  type: String
  """sync, create, update, delete or export"""
  operation: String
  """running, paused, awaiting_confirmation, completed, failed or cancelled"""
  status: String
  shopId: Int
  """user:<id> or svc:<id> (managers and admins; users always see their own)"""
  userId: String
  startedAfter: String
  startedBefore: String
}

type JobConnection {
  nodes: [Job!]!
  pageInfo: PageInfo!
}

type Job {
  id: String!
  type: String!
  kind: String
  operation: String
  phase: String
  executionStatus: String!
  shopIds: [Int!]!
  userId: String
  startedAt: String!
  closedAt: String
  progress: JSON
}

type JobStatus {
  id: String!
  type: String!
  state: String!
  status: String!
  startedAt: String
  closedAt: String
  summary: String
  progress: JSON
  pullProgress: JSON
  result: JSON
  error: JobError
  pollAfterSeconds: Int
}

type JobError {
  message: String!
  type: String
}

type HealthReport {
  generatedAt: String!
  windowHours: Int!
  stuckMinutes: Int!
  shops: [ShopHealth!]!
  erpSources: [ErpSourceHealth!]!
  stuckJobs: [StuckJob!]!
  schedules: [ScheduleProblem!]!
}

type ErrorCount {
  code: String!
  count: Int!
}

type ShopHealth {
  id: Int!
  name: String!
  active: Boolean!
  lastSuccessfulSyncAt: String
  errors: [ErrorCount!]!
}

type ErpSourceHealth {
  id: Int!
  name: String!
  kind: String!
  active: Boolean!
  lastSuccessfulPullAt: String
  lastFullPullAt: String
  errors: [ErrorCount!]!
}

type StuckJob {
  jobId: String!
  type: String!
  startedAt: String!
  lastProgressAt: String
  minutesWithoutProgress: Int!
}

type ScheduleProblem {
  id: String!
  sourceId: Int!
  problem: String!
  note: String
  lastRunStatus: String
}

"""Central fields to change (absent: unchanged; null clears where allowed). Validated as PATCH /products/{id}."""
input ProductPatch {
  sku: String
  name: String
  description: String
  shortDescription: String
  ean: String
  unit: String
  priceNet: String
  vatRate: String
  currency: String
  weightKg: String
  stock: String
  status: ProductStatus
  """replaces the categories; the first is the primary one"""
  categoryIds: [Int!]
}

"""A shop's overrides (replaced whole: absent fields fall back to the central values), as PUT /products/{id}/shops/{shopId}."""
input ShopOverridesInput {
  shopId: Int!
  name: String
  description: String
  shortDescription: String
  priceNet: String
  active: Boolean
}

input UpdateProductInput {
  id: Int!
  """the product's ETag from your last read (or *); required unless PRODUCT_WRITES_REQUIRE_IF_MATCH=false"""
  ifMatch: String
  patch: ProductPatch
  shops: [ShopOverridesInput!]
}

type UpdateProductPayload {
  product: Product!
  """the new ETag"""
  etag: String!
}

enum SyncMode {
  apply
  preview
}

input SyncProductInput {
  productId: Int!
  """default: all active shops"""
  shopIds: [Int!]
  force: Boolean
  mode: SyncMode
  """repeating a call with the same key returns the same job"""
  idempotencyKey: String
}

type JobAccepted {
  jobId: String!
  statusUrl: String!
  created: Boolean!
}
`;
