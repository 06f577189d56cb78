/**
 * VAT from a BC item's taxGroupCode. In non-US localisations (Poland included) that code is the VAT product
 * posting group, whose rate lives in VAT posting setup (per business group) and is not exposed on the item by
 * API v2.0, hence a configured mapping: code → "23" | "8" | "0" | "zw" | "np".
 */
export interface VatInfo {
  /** Percent as decimal text, null for exempt/out of scope/unmapped. */
  rate: string | null;
  /** "23", "zw", "np"...; null when the code is not mapped. */
  symbol: string | null;
}

export class VatMapping {
  private readonly byCode: Map<string, string>;

  constructor(mapping: Record<string, string>) {
    this.byCode = new Map(Object.entries(mapping).map(([code, symbol]) => [code.trim().toUpperCase(), symbol.trim().toLowerCase()]));
  }

  lookup(taxGroupCode: string | null | undefined): VatInfo {
    const symbol = taxGroupCode ? this.byCode.get(taxGroupCode.trim().toUpperCase()) : undefined;
    if (symbol === undefined) return { rate: null, symbol: null };
    if (symbol === 'zw' || symbol === 'np') return { rate: null, symbol };
    return { rate: symbol, symbol };
  }

  has(taxGroupCode: string): boolean {
    return this.byCode.has(taxGroupCode.trim().toUpperCase());
  }
}
