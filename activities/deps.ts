import type { Sequelize } from 'sequelize';
import type { ImportRowValidator } from '../src/catalog/import/productImport';
import type { ErpSourceFactory } from '../src/erpPull/erpSourceFactory';
import type { ShopGatewayOpener } from '../src/shopPush/shopGatewayOpener';

/** Everything activities may use, injected by the worker bootstrap (tests pass real ones too). */
export interface ActivityDeps {
  sequelize: Sequelize;
  /** Opens ERP connectors for `erp_sources` rows (the worker builds the default one from config). */
  erpSources?: ErpSourceFactory;
  /** Opens a shop gateway by shop id (the worker builds the default PrestaShop one from config). */
  shopGateways?: ShopGatewayOpener;
  /** The catalogue's default language (CATALOG_DEFAULT_LANGUAGE): ERP group names are in it. */
  catalogDefaultLanguage?: string;
  /** Checks an import row with the API's product field rules (the worker passes the API's validator). */
  importRowValidator?: ImportRowValidator;
}
