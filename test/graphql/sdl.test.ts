import fs from 'node:fs';
import path from 'node:path';
import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { gql } from './graphqlClient';

const COMMITTED = path.join(__dirname, '../../src/graphql/schema.graphql');

/** Lines only on one side, with their line numbers: enough to see what changed in review. */
function lineDiff(committed: string, live: string): string {
  const a = committed.split('\n');
  const b = live.split('\n');
  const inA = new Set(a);
  const inB = new Set(b);
  const removed = a.map((l, i) => [i + 1, l] as const).filter(([, l]) => !inB.has(l)).map(([n, l]) => `- ${String(n).padStart(4)} ${l}`);
  const added = b.map((l, i) => [i + 1, l] as const).filter(([, l]) => !inA.has(l)).map(([n, l]) => `+ ${String(n).padStart(4)} ${l}`);
  return [...removed, ...added].join('\n') || '(same lines in another order)';
}

/** The schema the running server serves (introspection over HTTP) is the committed src/graphql/schema.graphql. */
describe('GraphQL schema (SDL) check', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });
  afterAll(async () => stack?.stop());

  it('the live schema equals the committed SDL', async () => {
    const { status, body } = await gql(stack.baseUrl, await stack.authHeaders('user'), getIntrospectionQuery({ descriptions: true }));
    expect(status).toBe(200);
    const live = `${printSchema(buildClientSchema(body.data))}\n`;
    const committed = fs.readFileSync(COMMITTED, 'utf8');
    if (live !== committed) {
      throw new Error(
        `The running server's GraphQL schema differs from src/graphql/schema.graphql (run \`npm run graphql:schema\` and review the change):\n` +
          `--- committed  +++ live\n${lineDiff(committed, live)}`,
      );
    }
  });
});
