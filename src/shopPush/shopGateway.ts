import type { ShopCategoryPort } from './categories/shopCategoryPort';
import type { ShopImagePort } from './images/shopImagePort';
import type { ShopProductPayload } from './shopPayload';

/**
 * The port the sync engine needs from one shop, independent of the shop's API. The PrestaShop adapter
 * (src/shopPush/prestaShopGateway.ts) implements it over the PrestaShop client; every method may throw only
 * ConnectorError.
 */
export interface ShopGateway {
  /** Remote ids of products whose reference equals `reference` exactly. */
  findProductIdsByReference(reference: string): Promise<number[]>;
  /** The same for many references in as few calls as the shop allows; every asked reference has an entry. */
  findProductIdsByReferences(references: string[]): Promise<Map<string, number[]>>;
  /**
   * The product as the shop holds it, in payload shape, stock quantity included (the before-image of an update,
   * so compensation restores stock too); null when absent. `quantity` is left out when the shop has no stock row.
   */
  readProduct(remoteId: number): Promise<ShopProductPayload | null>;
  /** Creates the product (with its stock, unless the payload has no `quantity`) and returns the remote id. */
  createProduct(payload: ShopProductPayload): Promise<number>;
  /**
   * The same create in its requests, where the shop needs more than one: `post` creates the product and hands back
   * its id and the stock write still to do (null: none; an idempotent request a caller may simply send again). A
   * caller that runs every request in a lane of its own (shopLimiter.ts) then waits out a failed stock write's
   * retry without holding a lane. Absent: createProduct is the only way.
   */
  createProductInSteps?(payload: ShopProductPayload): Promise<{ remoteId: number; stock: (() => Promise<void>) | null }>;
  /**
   * Writes every payload field to an existing product, and its stock when the payload has a `quantity` (an undo
   * row stored before stock was captured has none: stock is then left as it is).
   */
  updateProduct(remoteId: number, payload: ShopProductPayload): Promise<void>;
  /** Deletes the product; false when it was already gone (so compensation can be "delete if exists"). */
  deleteProduct(remoteId: number): Promise<boolean>;
  /** The shop's categories (for mapping central categories before a push); absent on gateways without them. */
  categories?: ShopCategoryPort;
  /** The shop's product images (pushed after the product); absent on gateways without them. */
  images?: ShopImagePort;
}

/** Connection settings of one shop, with its API key already decrypted (never logged). */
export interface ShopConnection {
  shopId: number;
  baseUrl: string;
  apiKey: string;
  psVersion: string;
}

export type ShopGatewayFactory = (connection: ShopConnection) => ShopGateway;
