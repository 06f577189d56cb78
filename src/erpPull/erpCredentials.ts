import type { SecretBox } from '../crypto/secretBox';
import { erpEndpoint } from './erpEndpoint';
import type { ErpKind } from '../connectors/erp/erpKind';

/** What an ERP source's credentials are bound to: the row and the settings that decide where they are sent. */
export interface ErpCredentialsBinding {
  id: number;
  kind: ErpKind;
  settings: Record<string, unknown> | null;
}

/**
 * Associated data bound into an ERP source's credential envelope: the row id and its endpoint (erpEndpoint), so a
 * ciphertext copied onto another row, or left on a row repointed at another server, does not decrypt. Whoever
 * writes `erp_sources.credentials_encrypted` must seal with the same value.
 */
export function erpCredentialsAad(source: ErpCredentialsBinding): string {
  return `erp_sources:${source.id}:credentials:${JSON.stringify(erpEndpoint(source.kind, source.settings))}`;
}

/** Before endpoint binding (only `ppm keys rotate` reads such envelopes, to re-seal them bound to the row's endpoint). */
export function legacyErpCredentialsAad(sourceId: number): string {
  return `erp_sources:${sourceId}:credentials`;
}

/** Decrypts a source's credentials envelope into its JSON object. */
export function decryptErpCredentials(box: SecretBox, source: ErpCredentialsBinding, envelope: string | null): Record<string, unknown> | null {
  if (!envelope) return null;
  const plain = box.decrypt(envelope, erpCredentialsAad(source));
  const parsed: unknown = JSON.parse(plain);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`credentials of ERP source ${source.id} are not a JSON object`);
  return parsed as Record<string, unknown>;
}

/** Seals credentials for an ERP source (used by the admin routes and tests). */
export function encryptErpCredentials(box: SecretBox, source: ErpCredentialsBinding, credentials: Record<string, unknown>): string {
  return box.encrypt(JSON.stringify(credentials), erpCredentialsAad(source));
}
