import type { TestStack } from '../helpers/testStack';
import { api, type SyncFixture, withShops, waitForJob } from '../workflows/syncFixture';
import { insertProducts } from '../helpers/products';

const PAYLOADS = [
  "-2+3+cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example","x")',
  '+1+1',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
  '  =1+1',
  '\uFF1D1+1', // full-width =
  '\uFF0B1+1', // full-width +
  '\uFF0D1+1', // full-width -
  '\uFF20SUM(A1)', // full-width @
];

/** Medium 7: the CSV export neutralises every cell a spreadsheet could run as a formula. */
describe('CSV export formula guard', () => {
  let stack: TestStack;
  let shops: SyncFixture;
  const tag = `CSV${Date.now().toString(36)}`;
  withShops(tag, 1, (fx) => ({ stack, shops } = fx));

  it('refuses to export a cell starting with = + - @ tab CR (or full-width forms) unescaped, unless it is a plain number', async () => {
    const productIds = await insertProducts(
      stack.sequelize,
      PAYLOADS.map((name, i) => ({ sku: `${tag}-${i}`, name, unit: 'szt', priceNet: '10.0000', vatRate: '23', stock: '-3' })),
    );
    const started = await api(stack, 'POST', '/products/bulk', { body: { operation: 'export', productIds, shopIds: shops.shopIds } });
    expect(started.status).toBe(202);
    await waitForJob(stack, started.json.jobId);
    const csv = await api(stack, 'GET', `/jobs/${encodeURIComponent(started.json.jobId)}/export?format=csv`);
    expect(csv.status).toBe(200);
    const text = csv.text as string;
    for (const payload of PAYLOADS) {
      const quoted = /[",\n\r]/.test(`'${payload}`) ? `"'${payload.replace(/"/g, '""')}"` : `'${payload}`;
      expect([payload, text.includes(`,${quoted},`)]).toEqual([payload, true]);
    }
    // A plain negative number stays a number (stock -3).
    expect(text).toMatch(/,-3(\.0+)?,/);
  });
});
