import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { api } from '../workflows/syncFixture';

/**
 * A newly registered shop's request rate (issue 14): 20 requests/second unless the admin sets one (the reasoning is in
 * src/db/migrations/0008-shop-default-rate.ts; the old 5/s capped a 10,000-product create at hours per shop).
 */
describe('a new shop’s default request rate', () => {
  let stack: TestStack;
  const tag = `DR${Date.now().toString(36)}`;
  const ids: number[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });
  afterAll(async () => {
    for (const id of ids) await api(stack, 'DELETE', `/shops/${id}`, { role: 'admin' });
    await stack?.stop();
  });

  it('is 20 requests/second when none is given, and the admin’s value when one is', async () => {
    const plain = await api(stack, 'POST', '/shops', { role: 'admin', body: { name: `${tag}-default`, baseUrl: 'http://127.0.0.1:9', apiKey: 'KEY12345678KEY12345678KEY1234567' } });
    expect(plain.status).toBe(201);
    ids.push(plain.json.id);
    expect(plain.json.maxRequestsPerSecond).toBe(20);
    const chosen = await api(stack, 'POST', '/shops', { role: 'admin', body: { name: `${tag}-chosen`, baseUrl: 'http://127.0.0.1:9', apiKey: 'KEY12345678KEY12345678KEY1234567', maxRequestsPerSecond: 7.5 } });
    expect(chosen.status).toBe(201);
    ids.push(chosen.json.id);
    expect(chosen.json.maxRequestsPerSecond).toBe(7.5);
    const [column] = await stack.sequelize.query<{ d: string }>(
      `SELECT column_default AS d FROM information_schema.columns WHERE table_name = 'shops' AND column_name = 'max_requests_per_second'`,
      { type: QueryTypes.SELECT },
    );
    expect(Number(column.d.replace(/[^0-9.]/g, ''))).toBe(20);
  });
});
