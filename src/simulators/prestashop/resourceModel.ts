import type { ValidatorName } from './validators';

export type ShopVersion = '1.7.8' | '8.2';
export type FieldType = 'int' | 'float' | 'bool' | 'string' | 'html' | 'date' | 'datetime';

/** One stored row: plain columns as the database would return them (strings), multilingual columns per language id. */
export interface Entity {
  id: number;
  values: Record<string, string>;
  i18n: Record<string, Record<number, string>>;
  /** Association sets the resource stores itself (e.g. a product's category ids). */
  assoc: Record<string, Array<Record<string, string>>>;
}

/** The object being written: raw strings from the XML body (null = reset), like PrestaShop's in-memory ObjectModel. */
export interface Draft {
  id: number | null;
  values: Record<string, string | null>;
  i18n: Record<string, Record<number, string>>;
}

export interface VirtualField {
  /** Value shown on reads (strings; `null` renders empty). */
  get(e: Entity): string | number | null;
  /** `false`: read-only (400/93 when sent); a function: called with the raw value before the save. */
  set: false | ((draft: Draft, raw: string) => void);
}

export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  i18n?: boolean;
  size?: number;
  validate?: ValidatorName;
  values?: string[];
  default?: string;
  nullable?: boolean;
  /** Resource the value links to in XML (only when truthy). */
  xlink?: string;
  virtual?: VirtualField;
}

export interface AssociationDef {
  name: string;
  nodeType: string;
  api: string;
  itemFields: string[];
  get(e: Entity): Array<Record<string, string>>;
  /** Replace semantics; `undefined` = the node is silently ignored on writes. */
  set?: (e: Entity, items: Array<Record<string, string>>) => void;
}

export type HttpVerb = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResourceDef {
  name: string;
  singular: string;
  className: string;
  description: string;
  fields: FieldDef[];
  associations: AssociationDef[];
  forbidden: HttpVerb[];
  /** POST-only field modifiers (link_rewrite generation). */
  postModifier?: (draft: Draft) => void;
  /** Fills derived columns just before the save; may throw a WsError (stock that depends on stock). */
  beforeSave?: (draft: Draft, method: 'POST' | 'PUT' | 'PATCH', existing: Entity | null) => void;
  afterAdd?: (e: Entity) => void;
  afterDelete?: (e: Entity) => void;
}
