import crypto from 'node:crypto';
import { SecretBox, secretHint } from '../../src/crypto/secretBox';

const key = (id: string) => ({ id, key: crypto.randomBytes(32) });

describe('SecretBox (credentials at rest)', () => {
  it('round-trips, never contains the plaintext, and differs on every seal', () => {
    const box = new SecretBox([key('k1')]);
    const a = box.encrypt('ABCDEFGHIJKLMNOPQRSTUVWXYZ123456', 'shop:1');
    const b = box.encrypt('ABCDEFGHIJKLMNOPQRSTUVWXYZ123456', 'shop:1');
    expect(a).not.toContain('ABCDEFGH');
    expect(a).not.toBe(b);
    expect(box.decrypt(a, 'shop:1')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ123456');
  });

  it('refuses tampered ciphertext and ciphertext moved to another row', () => {
    const box = new SecretBox([key('k1')]);
    const sealed = box.encrypt('secret', 'shop:1');
    expect(() => box.decrypt(sealed, 'shop:2')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('xxxxxx').toString('base64url');
    expect(() => box.decrypt(parts.join('.'), 'shop:1')).toThrow();
  });

  it('decrypts with an old key after rotation and names a missing key', () => {
    const k1 = key('k1');
    const old = new SecretBox([k1]).encrypt('pw');
    const rotated = new SecretBox([key('k2'), k1]);
    expect(rotated.decrypt(old)).toBe('pw');
    expect(SecretBox.keyIdOf(rotated.encrypt('pw'))).toBe('k2');
    expect(() => new SecretBox([key('k3')]).decrypt(old)).toThrow(/key "k1"/);
    expect(secretHint('ABCDEFGHIJKLMNOPQRSTUVWXYZ123456')).toBe('••••3456');
  });
});
