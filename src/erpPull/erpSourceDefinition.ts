import type { ErpKind } from '../connectors/erp/erpKind';
import type { ErpOwnableField } from '../catalog/erpOwnedFields';


/** An `erp_sources` row as a pull needs it: settings plus decrypted credentials (never logged, never returned). */
export interface ErpSourceDefinition {
  id: number;
  name: string;
  kind: ErpKind;
  active: boolean;
  settings: Record<string, unknown>;
  /** Decrypted credentials JSON (e.g. `{ user, password }` or `{ clientSecret }`), null when none stored. */
  credentials: Record<string, unknown> | null;
  /** Fields this ERP owns in the catalogue. */
  owned: ErpOwnableField[];
}
