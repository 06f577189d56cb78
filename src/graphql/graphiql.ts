import type { Context } from 'hono';

/**
 * GraphiQL for development only (the app mounts it at /graphiql when NODE_ENV=development). The page loads
 * GraphiQL in the browser; paste `{"Authorization": "Bearer <token>"}` into its headers tab.
 */
export function graphiqlPage(c: Context): Response {
  return c.html(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>PPM Sync GraphiQL (development)</title>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script crossorigin src="https://unpkg.com/react@18.3.1/umd/react.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: '/api/v1/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultHeaders: '{"Authorization": "Bearer <token>"}' }),
    );
  </script>
</body>
</html>`);
}
