import type { SecretBox } from '../crypto/secretBox';

/**
 * Associated data bound into a shop's API-key envelope (`shops.api_key_encrypted`), so a ciphertext copied
 * onto another row does not decrypt. Whoever writes the column must seal with the same value.
 */
export function shopApiKeyAad(shopId: number): string {
  return `shops:${shopId}:api_key`;
}

export function encryptShopApiKey(box: SecretBox, shopId: number, apiKey: string): string {
  return box.encrypt(apiKey, shopApiKeyAad(shopId));
}

export function decryptShopApiKey(box: SecretBox, shopId: number, envelope: string): string {
  return box.decrypt(envelope, shopApiKeyAad(shopId));
}
