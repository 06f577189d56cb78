import type { SecretBox } from '../crypto/secretBox';

/** What a shop's API key is bound to: the row and the endpoint the key is sent to. */
export interface ShopKeyBinding {
  id: number;
  baseUrl: string;
}

/**
 * Associated data bound into a shop's API-key envelope (`shops.api_key_encrypted`): the row id and the base URL
 * the key is sent to. A ciphertext copied onto another row, or left on a row whose base URL was changed, does
 * not decrypt, so a stored key can never be sent to a new endpoint without an admin entering it again.
 */
export function shopApiKeyAad(shop: ShopKeyBinding): string {
  return `shops:${shop.id}:api_key:${shop.baseUrl}`;
}

/** Before endpoint binding (only `ppm keys rotate` reads such envelopes, to re-seal them bound to the row's URL). */
export function legacyShopApiKeyAad(shopId: number): string {
  return `shops:${shopId}:api_key`;
}

export function encryptShopApiKey(box: SecretBox, shop: ShopKeyBinding, apiKey: string): string {
  return box.encrypt(apiKey, shopApiKeyAad(shop));
}

export function decryptShopApiKey(box: SecretBox, shop: ShopKeyBinding, envelope: string): string {
  return box.decrypt(envelope, shopApiKeyAad(shop));
}
