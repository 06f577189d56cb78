import type { SecretBox } from '../crypto/secretBox';

/**
 * Associated data bound into an ERP source's credential envelope, so a ciphertext copied onto another row
 * does not decrypt. Whoever writes `erp_sources.credentials_encrypted` must seal with the same value.
 */
export function erpCredentialsAad(sourceId: number): string {
  return `erp_sources:${sourceId}:credentials`;
}

/** Decrypts a source's credentials envelope into its JSON object. */
export function decryptErpCredentials(box: SecretBox, sourceId: number, envelope: string | null): Record<string, unknown> | null {
  if (!envelope) return null;
  const plain = box.decrypt(envelope, erpCredentialsAad(sourceId));
  const parsed: unknown = JSON.parse(plain);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`credentials of ERP source ${sourceId} are not a JSON object`);
  return parsed as Record<string, unknown>;
}

/** Seals credentials for an ERP source (used by the admin routes and tests). */
export function encryptErpCredentials(box: SecretBox, sourceId: number, credentials: Record<string, unknown>): string {
  return box.encrypt(JSON.stringify(credentials), erpCredentialsAad(sourceId));
}
