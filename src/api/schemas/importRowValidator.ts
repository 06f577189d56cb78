import type { ImportRowValidator } from '../../catalog/import/productImport';
import { ImportRowSchema } from './productSchemas';

/** An import row checked with the API's product field rules; every bad field named (the route and import jobs). */
export const validateImportRow: ImportRowValidator = (values) => {
  const result = ImportRowSchema.safeParse(values);
  if (result.success) return { ok: true, row: result.data };
  return {
    ok: false,
    errors: result.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ field: k, message: `unknown field "${k}"`, code: 'UNKNOWN_FIELD' })) : [{ field: i.path.map(String).join('.') || '(row)', message: i.message, code: 'INVALID' }],
    ),
  };
};
