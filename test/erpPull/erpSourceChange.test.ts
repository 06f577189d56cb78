import { ErpSourceRecord } from '../../src/db/models';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** A stored incremental-pull cursor belongs to one connection: changing the connection forces a full pull. */
describe('ERP source changes and the stored change cursor', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });
  afterAll(async () => stack.stop());

  it('keeps the cursor on a rename and drops it when settings or credentials change', async () => {
    const src = await ErpSourceRecord.create({ name: `bc-cursor-${Date.now()}`, kind: 'dynamics', settings: { company: 'A' }, credentialsEncrypted: null, credentialsHint: null, lastPullAt: null, changesCursor: 'cursor-1' });
    const patch = async (body: unknown) => {
      const res = await fetch(`${stack.baseUrl}/api/v1/erp-sources/${src.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...(await stack.authHeaders('admin')) },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      await src.reload();
    };
    await patch({ name: `${src.name}-renamed` });
    expect(src.changesCursor).toBe('cursor-1');
    await patch({ settings: { company: 'B' } });
    expect(src.changesCursor).toBeNull();
    await src.update({ changesCursor: 'cursor-2' });
    await patch({ credentials: { clientSecret: 'new-secret-value' } });
    expect(src.changesCursor).toBeNull();
    await src.destroy();
  });
});
