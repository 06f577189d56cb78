/** POST /api/v1/graphql over HTTP: the status and the parsed body. */
export async function gql(baseUrl: string, headers: Record<string, string>, query: string, variables?: Record<string, unknown>, operationName?: string) {
  const res = await fetch(`${baseUrl}/api/v1/graphql`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The extensions.code of every error, in order. */
export const codes = (body: any): string[] => (body.errors ?? []).map((e: any) => e.extensions?.code);
