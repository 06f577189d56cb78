import type { QueryInterface } from 'sequelize';

/**
 * Sessions and machine access: refresh tokens (hashed, in rotation families), service tokens (hashed), and a
 * per-user session version that "log out everywhere" and deactivation bump so access tokens stop at once.
 */
export const name = '0002-auth';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 1;
    CREATE UNIQUE INDEX users_provider_subject ON users (provider, provider_subject) WHERE provider_subject IS NOT NULL;

    CREATE TABLE refresh_tokens (
      id             BIGSERIAL PRIMARY KEY,
      user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      family_id      UUID NOT NULL,
      token_hash     CHAR(64) NOT NULL UNIQUE,
      expires_at     TIMESTAMPTZ NOT NULL,
      used_at        TIMESTAMPTZ,
      revoked_at     TIMESTAMPTZ,
      revoked_reason VARCHAR(32),
      created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
    CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

    CREATE TABLE service_tokens (
      id           SERIAL PRIMARY KEY,
      name         VARCHAR(100) NOT NULL,
      role         VARCHAR(16) NOT NULL CHECK (role IN ('user','manager','admin')),
      token_hash   CHAR(64) NOT NULL UNIQUE,
      token_hint   VARCHAR(16) NOT NULL,
      created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
      expires_at   TIMESTAMPTZ NOT NULL,
      revoked_at   TIMESTAMPTZ,
      last_used_at TIMESTAMPTZ,
      created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX service_tokens_active_name ON service_tokens (name) WHERE revoked_at IS NULL;
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS service_tokens, refresh_tokens;
    DROP INDEX IF EXISTS users_provider_subject;
    ALTER TABLE users DROP COLUMN IF EXISTS session_version;
  `);
}
