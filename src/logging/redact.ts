/** Keys whose values never reach a log line, however deep they sit in the metadata. */
const SECRET_KEY = /(authorization|cookie|password|passwd|secret|token|api[-_]?key|ws[-_]?key|credential|private[-_]?key|^key$)/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null && v !== '' ? '[REDACTED]' : redact(v, depth + 1);
  }
  return out;
}
