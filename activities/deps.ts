import type { Sequelize } from 'sequelize';

/** Everything activities may use, injected by the worker bootstrap (tests pass real ones too). */
export interface ActivityDeps {
  sequelize: Sequelize;
}
