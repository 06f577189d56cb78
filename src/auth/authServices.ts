import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import { AccessTokens } from './accessTokens';
import { configuredProviders } from './oidc/providers';
import type { SignInProvider } from './oidc/signInProvider';
import { RefreshTokens } from './refreshTokens';
import type { RoleLists } from './signedInUser';

/** Everything the auth middleware and routes share, built once per API instance. */
export interface AuthServices {
  sequelize: Sequelize;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  providers: Map<string, SignInProvider>;
  roleLists: RoleLists;
  /** HMAC key for the short-lived sign-in flow cookie (derived from JWT_SECRET, separate from token signing). */
  flowCookieSecret: string;
  /** Where the browser lands after sign-in (FRONTEND_URL, else PUBLIC_URL, else this origin). */
  frontendUrl: string;
  devLogin: boolean;
  refreshTtlSeconds: number;
}

export function createAuthServices(config: Config, sequelize: Sequelize): AuthServices {
  const apiBase = (config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`).replace(/\/+$/, '');
  return {
    sequelize,
    accessTokens: new AccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS),
    refreshTokens: new RefreshTokens(sequelize, config.REFRESH_TOKEN_TTL_DAYS, config.REFRESH_REUSE_GRACE_SECONDS),
    providers: configuredProviders(config, apiBase),
    roleLists: { adminEmails: config.ADMIN_EMAILS, managerEmails: config.MANAGER_EMAILS },
    flowCookieSecret: crypto.createHmac('sha256', config.JWT_SECRET).update('ppm-oauth-flow-cookie').digest('base64url'),
    frontendUrl: (config.FRONTEND_URL ?? config.PUBLIC_URL ?? '').replace(/\/+$/, ''),
    devLogin: config.DEV_LOGIN && !config.isProduction,
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL_DAYS * 86_400,
  };
}
