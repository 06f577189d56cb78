import { errorFromResponse } from '../../../src/connectors/prestashop/errorMapping';

/** How PrestaShop's error answers are classed (issue 14: a 500 carrying a business code is a refusal, not an outage). */
describe('PrestaShop error classification', () => {
  const xmlErrors = (...errors: Array<[number, string]>) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n<errors>\n${errors
      .map(([code, message]) => `<error>\n<code><![CDATA[${code}]]></code>\n<message><![CDATA[${message}]]></message>\n</error>`)
      .join('\n')}\n</errors>\n</prestashop>\n`;
  const jsonErrors = (...errors: Array<[number, string]>) => JSON.stringify({ errors: errors.map(([code, message]) => ({ code, message })) });
  const classify = (status: number, body: string, headers: Record<string, string> = {}) => errorFromResponse(status, body, new Headers(headers), 'PUT /api/products/1');

  test.each([
    [46, 'Unable to save resource'],
    [133, 'Stock management is enabled: the quantity depends on stock'],
    [134, 'You cannot set 0 or a negative position, the minimum is 1.'],
    [135, 'The position_in_category is too high'],
  ])('HTTP 500 with code %i is a refusal (VALIDATION, not retried), in XML and in JSON', (code, message) => {
    for (const body of [xmlErrors([code, message]), jsonErrors([code, message])]) {
      expect(classify(500, body)).toMatchObject({ code: 'VALIDATION', retryable: false, status: 500, remoteCode: code });
    }
  });

  test('a refusal reported with 46 after its cause names the cause (133 then 46)', () => {
    const e = classify(500, jsonErrors([133, 'Stock depends on stock'], [46, 'Unable to save resource']));
    expect(e).toMatchObject({ code: 'VALIDATION', retryable: false, remoteCode: 133 });
  });

  test.each([
    ['a PHP error code', jsonErrors([7, 'Internal error'])],
    ['an empty body', ''],
    ['a proxy page', '<html><body>502 Bad Gateway</body></html>'],
  ])('other HTTP 500 (%s) is an outage worth retrying', (_what, body) => {
    expect(classify(500, body)).toMatchObject({ code: 'REMOTE_UNAVAILABLE', retryable: true });
  });

  test('429 and 503 with Retry-After are throttling, retried after the given time', () => {
    expect(classify(429, '', { 'retry-after': '2' })).toMatchObject({ code: 'THROTTLED', retryable: true, retryAfterMs: 2000 });
    expect(classify(503, '', { 'retry-after': '1' })).toMatchObject({ code: 'THROTTLED', retryable: true, retryAfterMs: 1000 });
  });
});
