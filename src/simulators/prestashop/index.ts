export { startPrestaShopSimulator, generateWebserviceKey, type PrestaShopSimulator, type PrestaShopSimulatorOptions } from './startPrestaShopSimulator';
export type { FaultSettings } from './faults';
export type { LoggedRequest } from './requestLog';
export type { WebserviceKey } from './keyRegistry';
