import type { QueryInterface } from 'sequelize';

/**
 * Security hardening (issue #10):
 * - `refresh_tokens.successor_sealed`: a used token's successor, sealed with a key derived from the used token
 *   itself (useless without it), so two tabs refreshing at once both get the same successor within a short grace
 *   window instead of tripping reuse detection.
 * - `service_tokens.created_by_token`: the service token that minted this one, so revoking a token (or its
 *   creator leaving) revokes everything minted through it.
 */
export const name = '0007-security-hardening';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    ALTER TABLE refresh_tokens ADD COLUMN successor_sealed TEXT;
    ALTER TABLE service_tokens ADD COLUMN created_by_token INTEGER REFERENCES service_tokens(id) ON DELETE SET NULL;
    CREATE INDEX service_tokens_created_by ON service_tokens (created_by) WHERE revoked_at IS NULL;
    CREATE INDEX service_tokens_created_by_token ON service_tokens (created_by_token) WHERE revoked_at IS NULL;
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS service_tokens_created_by_token;
    DROP INDEX IF EXISTS service_tokens_created_by;
    ALTER TABLE service_tokens DROP COLUMN IF EXISTS created_by_token;
    ALTER TABLE refresh_tokens DROP COLUMN IF EXISTS successor_sealed;
  `);
}
