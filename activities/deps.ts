import type { Sequelize } from 'sequelize';
import type { ErpSourceFactory } from '../src/erp/erpSourceFactory';

/** Everything activities may use, injected by the worker bootstrap (tests pass real ones too). */
export interface ActivityDeps {
  sequelize: Sequelize;
  /** Opens ERP connectors for `erp_sources` rows (the worker builds the default one from config). */
  erpSources?: ErpSourceFactory;
}
