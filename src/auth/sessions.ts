import type { User } from '../db/models/User';
import type { AccessTokens } from './accessTokens';
import type { RefreshTokens } from './refreshTokens';

/** What a successful sign-in or refresh hands out. */
export interface IssuedSession {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** Starts a new session (refresh family) for a signed-in user. */
export async function startSession(user: User, accessTokens: AccessTokens, refreshTokens: RefreshTokens): Promise<IssuedSession> {
  const refresh = await refreshTokens.startFamily(user.id);
  return {
    accessToken: await accessTokens.issue(user),
    tokenType: 'Bearer',
    expiresIn: accessTokens.ttlSeconds,
    refreshToken: refresh.token,
    refreshExpiresAt: refresh.expiresAt,
  };
}
