import crypto from 'node:crypto';
import { SecretBox } from '../../src/crypto/secretBox';

/** Low: AES-GCM envelopes pin the 16-byte tag. */
describe('secret envelopes', () => {
  it('refuses an envelope whose GCM tag was truncated', () => {
    const box = new SecretBox([{ id: 'k1', key: crypto.randomBytes(32) }]);
    const sealed = box.encrypt('shop-api-key-value', 'shops:1:api_key:https://a.example');
    const [v, kid, iv, tag, ct] = sealed.split('.');
    const truncated = [v, kid, iv, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url'), ct].join('.');
    expect(() => box.decrypt(truncated, 'shops:1:api_key:https://a.example')).toThrow(/tag/);
    expect(box.decrypt(sealed, 'shops:1:api_key:https://a.example')).toBe('shop-api-key-value');
  });
});
