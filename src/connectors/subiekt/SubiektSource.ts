import sql from 'mssql';
import { ConnectorError } from '../../errors/ConnectorError';
import { logger } from '../../logging/logger';
import { observeExternalCall } from '../../observability/externalCall';
import type { ErpConnectionInfo, ErpPage, ErpPicture, ErpPictureRequest, ErpSource } from '../erp/ErpSource';
import { contentHash } from './contentHash';
import { pictureContentType } from './pictureContentType';
import { validateSubiektConfig, type SubiektConfig } from './SubiektConfig';
import { decodeCursor, encodeCursor } from './subiektCursor';
import { toConnectorError } from './subiektErrors';
import { mapProduct, type PageExtras, type PictureRow, type ProductRow } from './subiektProductMapper';
import {
  BARCODES_SQL,
  FEATURE_BY_NAME_SQL,
  PICTURE_BYTES_SQL,
  pictureBytesBatchSql,
  PICTURES_SQL,
  PRICE_LEVEL_NAMES_SQL,
  PRODUCT_PAGE_SQL,
  SERVER_INFO_SQL,
  stockSql,
  WAREHOUSES_SQL,
} from './subiektQueries';

type Bind = (r: sql.Request) => sql.Request;

export const MAX_PAGE_SIZE = 5000;
/** Pictures read by one SELECT (each a bound parameter). */
const MAX_PICTURES_PER_CALL = 50;

/**
 * Reads products from a Subiekt GT database on SQL Server (read-only, parameterized SELECTs only).
 * Paging is keyset by tw_Id; the cursor carries the last id and a fingerprint of the settings.
 */
export class SubiektSource implements ErpSource {
  readonly kind = 'subiekt' as const;
  private readonly pool: sql.ConnectionPool;
  private connecting: Promise<sql.ConnectionPool> | null = null;
  private featureId: Promise<number | null> | null = null;
  private readonly settings: string;

  constructor(private readonly config: SubiektConfig) {
    validateSubiektConfig(config);
    this.pool = new sql.ConnectionPool({
      server: config.server,
      port: config.instanceName ? undefined : (config.port ?? 1433),
      database: config.database,
      user: config.user,
      password: config.password,
      connectionTimeout: config.connectTimeoutMs ?? 15_000,
      requestTimeout: config.requestTimeoutMs ?? 30_000,
      pool: { max: config.poolMax ?? 4, min: 0, idleTimeoutMillis: 30_000 },
      options: {
        encrypt: config.encrypt ?? true,
        trustServerCertificate: config.trustServerCertificate ?? false,
        // Subiekt stores local wall-clock time in datetime columns.
        useUTC: false,
        instanceName: config.instanceName,
        appName: 'ppm-sync',
        enableArithAbort: true,
      },
    });
    this.pool.on('error', (e: Error) => logger.warn('subiekt pool error', { error: e.message }));
    this.settings = contentHash({
      level: config.priceLevel,
      warehouses: [...config.warehouseIds].sort((a, b) => a - b),
      feature: config.onlyFeatureId ?? config.onlyFeatureName ?? null,
      web: Boolean(config.onlyWebShop),
    }).slice(0, 16);
  }

  private connect(): Promise<sql.ConnectionPool> {
    if (this.pool.connected) return Promise.resolve(this.pool);
    if (!this.connecting) {
      this.connecting = this.pool.connect().catch((e: unknown) => {
        this.connecting = null;
        throw e;
      });
    }
    return this.connecting;
  }

  /** The only way statements reach the server: SELECT text constants with bound parameters. */
  private async select<T>(what: string, text: string, bind: Bind = (r) => r): Promise<T[]> {
    if (!/^\s*SELECT\b/i.test(text)) throw new Error('SubiektSource only sends SELECT statements');
    return observeExternalCall('subiekt', 'select', () => this.run<T>(what, text, bind));
  }

  private async run<T>(what: string, text: string, bind: Bind): Promise<T[]> {
    try {
      const pool = await this.connect();
      const result = await bind(pool.request()).query<T>(text);
      return result.recordset ?? [];
    } catch (e) {
      throw toConnectorError(e, what);
    }
  }

  private resolveFeatureId(): Promise<number | null> {
    const { onlyFeatureId, onlyFeatureName } = this.config;
    if (onlyFeatureId !== undefined) return Promise.resolve(onlyFeatureId);
    if (onlyFeatureName === undefined) return Promise.resolve(null);
    this.featureId ??= this.select<{ ctw_Id: number }>('resolving the feature filter', FEATURE_BY_NAME_SQL, (r) => r.input('name', sql.VarChar(50), onlyFeatureName))
      .then((rows) => {
        if (rows.length === 0) {
          throw new ConnectorError({ system: 'subiekt', code: 'CONFIGURATION', message: `Subiekt GT setting "onlyFeatureName": no feature named "${onlyFeatureName}" in sl_CechaTw`, field: 'onlyFeatureName' });
        }
        return rows[0].ctw_Id;
      })
      .catch((e: unknown) => {
        this.featureId = null;
        throw e;
      });
    return this.featureId;
  }

  async fetchPage(cursor: string | null, pageSize: number): Promise<ErpPage> {
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new ConnectorError({ system: 'subiekt', code: 'CONFIGURATION', message: `Subiekt GT: page size must be 1–${MAX_PAGE_SIZE}, got ${pageSize}`, field: 'pageSize' });
    }
    const state = cursor ? decodeCursor(cursor, this.settings) : { v: 1 as const, lastId: 0, settings: this.settings, seen: 0 };
    const featureId = await this.resolveFeatureId();
    const rows = await this.select<ProductRow>('reading a page of products (tw__Towar, tw_Cena, sl_GrupaTw, sl_StawkaVAT)', PRODUCT_PAGE_SQL, (r) =>
      r
        .input('pageSize', sql.Int, pageSize)
        .input('afterId', sql.Int, state.lastId)
        .input('level', sql.Int, this.config.priceLevel)
        .input('onlyWebShop', sql.Bit, this.config.onlyWebShop ? 1 : 0)
        .input('featureId', sql.Int, featureId),
    );
    if (rows.length === 0) return { products: [], nextCursor: null };
    const fromId = rows[0].tw_Id;
    const toId = rows[rows.length - 1].tw_Id;
    const extras = await this.pageExtras(fromId, toId);
    const products = rows.map((row) => mapProduct(row, extras, this.config.defaultCurrency ?? 'PLN'));
    const nextCursor = rows.length < pageSize ? null : encodeCursor({ v: 1, lastId: toId, settings: this.settings, seen: state.seen + rows.length });
    return { products, nextCursor };
  }

  private async pageExtras(fromId: number, toId: number): Promise<PageExtras> {
    const range: Bind = (r) => r.input('fromId', sql.Int, fromId).input('toId', sql.Int, toId);
    const warehouses = this.config.warehouseIds;
    const [stockRows, barcodeRows, pictureRows] = await Promise.all([
      this.select<{ st_TowId: number; dostepne: string }>('reading stock (tw_Stan)', stockSql(warehouses.length), (r) => {
        range(r);
        warehouses.forEach((id, i) => r.input(`mag${i}`, sql.Int, id));
        return r;
      }),
      this.select<{ kk_IdTowar: number; kk_Kod: string }>('reading barcodes (tw_KodKreskowy)', BARCODES_SQL, range),
      this.select<PictureRow>('reading the picture index (tw_ZdjecieTw)', PICTURES_SQL, range),
    ]);
    const extras: PageExtras = { stock: new Map(), barcodes: new Map(), pictures: new Map() };
    for (const s of stockRows) extras.stock.set(s.st_TowId, s.dostepne);
    for (const b of barcodeRows) {
      const list = extras.barcodes.get(b.kk_IdTowar) ?? [];
      list.push(b.kk_Kod);
      extras.barcodes.set(b.kk_IdTowar, list);
    }
    for (const p of pictureRows) {
      const list = extras.pictures.get(p.zd_IdTowar) ?? [];
      list.push(p);
      extras.pictures.set(p.zd_IdTowar, list);
    }
    return extras;
  }

  async fetchPicture(productExternalId: string, pictureExternalId: string): Promise<ErpPicture> {
    const twId = Number(productExternalId);
    const zdId = Number(pictureExternalId);
    if (!Number.isInteger(twId) || !Number.isInteger(zdId)) {
      throw new ConnectorError({ system: 'subiekt', code: 'NOT_FOUND', message: `Subiekt GT: no picture ${pictureExternalId} of product ${productExternalId}` });
    }
    const rows = await this.select<{ zd_Dane: Buffer | null }>('reading a picture (tw_ZdjecieTw)', PICTURE_BYTES_SQL, (r) => r.input('zdId', sql.Int, zdId).input('twId', sql.Int, twId));
    const data = rows[0]?.zd_Dane;
    if (!data) throw new ConnectorError({ system: 'subiekt', code: 'NOT_FOUND', message: `Subiekt GT: no picture ${pictureExternalId} of product ${productExternalId}` });
    return { externalId: pictureExternalId, contentType: pictureContentType(data), data };
  }

  /** Up to MAX_PICTURES_PER_CALL pictures in one SELECT; a picture missing or listed under another product is left out. */
  async fetchPictures(refs: ErpPictureRequest[]): Promise<Map<string, ErpPicture>> {
    const found = new Map<string, ErpPicture>();
    const wanted = new Map<number, number>();
    for (const r of refs) {
      const twId = Number(r.productExternalId);
      const zdId = Number(r.pictureExternalId);
      if (Number.isInteger(twId) && Number.isInteger(zdId)) wanted.set(zdId, twId);
    }
    const ids = [...wanted.keys()];
    for (let i = 0; i < ids.length; i += MAX_PICTURES_PER_CALL) {
      const chunk = ids.slice(i, i + MAX_PICTURES_PER_CALL);
      const rows = await this.select<{ zd_Id: number; zd_IdTowar: number; zd_Dane: Buffer | null }>('reading pictures (tw_ZdjecieTw)', pictureBytesBatchSql(chunk.length), (r) => {
        chunk.forEach((id, k) => r.input(`zd${k}`, sql.Int, id));
        return r;
      });
      for (const row of rows) {
        if (!row.zd_Dane || wanted.get(row.zd_Id) !== row.zd_IdTowar) continue;
        found.set(String(row.zd_Id), { externalId: String(row.zd_Id), contentType: pictureContentType(row.zd_Dane), data: row.zd_Dane });
      }
    }
    return found;
  }

  /** Names of price levels 1–10 from tw_Parametr (index 0 = level 1). */
  async priceLevelNames(): Promise<string[]> {
    const rows = await this.select<Record<string, string | null>>('reading price level names (tw_Parametr)', PRICE_LEVEL_NAMES_SQL);
    const row = rows[0] ?? {};
    return Array.from({ length: 10 }, (_, i) => (row[`twp_NazwaCeny${i + 1}`] ?? '').trim() || `Cena ${i + 1}`);
  }

  async testConnection(): Promise<ErpConnectionInfo> {
    const [info] = await this.select<{ version: string; databaseName: string; products: number; productGroups: number }>('testing the connection', SERVER_INFO_SQL);
    const levelNames = await this.priceLevelNames();
    const warehouses = await this.select<{ mag_Id: number; mag_Symbol: string; mag_Nazwa: string }>('reading warehouses (sl_Magazyn)', WAREHOUSES_SQL);
    const missing = this.config.warehouseIds.filter((id) => !warehouses.some((w) => w.mag_Id === id));
    if (missing.length) {
      throw new ConnectorError({ system: 'subiekt', code: 'CONFIGURATION', message: `Subiekt GT setting "warehouseIds": no warehouse with id ${missing.join(', ')} in sl_Magazyn`, field: 'warehouseIds' });
    }
    await this.resolveFeatureId();
    const serverVersion = (info?.version ?? '').split('\n')[0].trim();
    return {
      ok: true,
      system: 'subiekt',
      description: `${serverVersion}, database ${info?.databaseName}, ${info?.products} products`,
      details: {
        serverVersion,
        database: info?.databaseName,
        productCount: info?.products,
        // Product groups (sl_GrupaTw): each becomes a central category when the source owns categories.
        productGroupCount: info?.productGroups,
        priceLevelNames: levelNames,
        priceLevel: this.config.priceLevel,
        priceLevelName: this.config.priceLevel >= 1 ? levelNames[this.config.priceLevel - 1] : 'Cena 0',
        warehouses: warehouses.filter((w) => this.config.warehouseIds.includes(w.mag_Id)).map((w) => ({ id: w.mag_Id, symbol: w.mag_Symbol.trim(), name: w.mag_Nazwa.trim() })),
        // Every warehouse, for the admin choosing warehouseIds (POST /erp-sources/{id}/test).
        availableWarehouses: warehouses.map((w) => ({ id: w.mag_Id, symbol: w.mag_Symbol.trim(), name: w.mag_Nazwa.trim() })),
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => undefined);
  }
}
