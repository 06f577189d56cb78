/** The ERPs PPM Sync reads from (the `kind` of an `erp_sources` row). */
export const ERP_KINDS = ['subiekt', 'dynamics'] as const;
export type ErpKind = (typeof ERP_KINDS)[number];
