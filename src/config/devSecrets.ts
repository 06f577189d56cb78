import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Development-only secrets, generated once and kept in `<dataDir>/dev-secrets.json` (git-ignored) so that
 * sessions and encrypted rows survive a restart. Never used when NODE_ENV=production.
 */
export interface DevSecrets {
  ENCRYPTION_KEY: string;
  JWT_SECRET: string;
}

export function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  let existing: Partial<DevSecrets> = {};
  if (fs.existsSync(file)) existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevSecrets>;
  const secrets: DevSecrets = {
    ENCRYPTION_KEY: existing.ENCRYPTION_KEY ?? `dev1:${crypto.randomBytes(32).toString('base64')}`,
    JWT_SECRET: existing.JWT_SECRET ?? crypto.randomBytes(48).toString('base64url'),
  };
  if (existing.ENCRYPTION_KEY !== secrets.ENCRYPTION_KEY || existing.JWT_SECRET !== secrets.JWT_SECRET) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
