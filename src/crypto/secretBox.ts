import crypto from 'node:crypto';

/**
 * Credentials at rest: AES-256-GCM with a random 96-bit IV and the key id in the envelope, so keys can be
 * rotated (`ppm keys rotate` re-encrypts old rows). Envelope: `v1.<keyId>.<iv b64url>.<tag b64url>.<ciphertext b64url>`.
 */
/** GCM tag length, pinned: a shorter (truncated) tag would make forgeries far cheaper. */
const TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export class SecretBox {
  private readonly byId: Map<string, Buffer>;

  /** `keys[0]` encrypts; every key decrypts. */
  constructor(private readonly keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('SecretBox needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`encryption key ${k.id} must be 32 bytes`);
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.keys[0].id;
  }

  encrypt(plaintext: string, associatedData = ''): string {
    const { id, key } = this.keys[0];
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  decrypt(envelope: string, associatedData = ''): string {
    const [version, keyId, iv, tag, ct] = envelope.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || ct === undefined) throw new Error('not a v1 secret envelope');
    const key = this.byId.get(keyId);
    if (!key) throw new Error(`secret was encrypted with key "${keyId}", which is not configured in ENCRYPTION_KEY`);
    const tagBytes = Buffer.from(tag, 'base64url');
    if (tagBytes.length !== TAG_BYTES) throw new Error(`secret envelope has a ${tagBytes.length}-byte tag; ${TAG_BYTES} bytes are required`);
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The key id an envelope was sealed with (to find rows that need re-encryption). */
  static keyIdOf(envelope: string): string | null {
    const parts = envelope.split('.');
    return parts[0] === 'v1' ? (parts[1] ?? null) : null;
  }
}

/** What the API shows instead of a secret: its last 4 characters, masked. */
export function secretHint(secret: string): string {
  return secret.length <= 8 ? '••••' : `••••${secret.slice(-4)}`;
}
