export { PrestaShopClient } from './PrestaShopClient';
export { linkRewrite } from './linkRewrite';
export type * from './types';
