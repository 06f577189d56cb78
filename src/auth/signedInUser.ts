import type { Sequelize } from 'sequelize';
import { User } from '../db/models/User';
import type { Role } from './role';

/** A verified identity from a sign-in provider (or the development sign-in). */
export interface VerifiedIdentity {
  provider: 'google' | 'microsoft' | 'dev';
  subject: string;
  email: string;
  name: string | null;
}

export interface RoleLists {
  adminEmails: string[];
  managerEmails: string[];
}

export function initialRole(email: string, lists: RoleLists): Role {
  const e = email.toLowerCase();
  if (lists.adminEmails.includes(e)) return 'admin';
  if (lists.managerEmails.includes(e)) return 'manager';
  return 'user';
}

/**
 * First sign-in creates the user with the role from ADMIN_EMAILS / MANAGER_EMAILS (else `user`, or
 * `roleForNewUser` from the development sign-in); later sign-ins update name, provider link and last login,
 * never the role (admins manage roles through the API). Users are matched by their (verified, lower-cased) email.
 */
export async function upsertSignedInUser(sequelize: Sequelize, id: VerifiedIdentity, lists: RoleLists, roleForNewUser?: Role): Promise<User> {
  const email = id.email.toLowerCase();
  return sequelize.transaction(async (transaction) => {
    const existing = await User.findOne({ where: { email }, transaction, lock: transaction.LOCK.UPDATE });
    if (!existing) {
      return User.create(
        { email, name: id.name, role: roleForNewUser ?? initialRole(email, lists), provider: id.provider, providerSubject: id.subject, lastLoginAt: new Date() },
        { transaction },
      );
    }
    existing.name = id.name ?? existing.name;
    existing.provider = id.provider;
    existing.providerSubject = id.subject;
    existing.lastLoginAt = new Date();
    await existing.save({ transaction });
    return existing;
  });
}
