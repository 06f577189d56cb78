/**
 * Names of the parameters declared in an `@params` / sp_prepare definition list, in order
 * (`@P1 nvarchar(4000),@P2 decimal(19, 4) OUTPUT` → ['@p1', '@p2'], lower-cased). Drivers that send their values
 * without names (positional RPC parameters) are bound by this order.
 */
export function declaredParamNames(definition: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  const take = (part: string) => {
    const m = /^\s*(@[\p{L}\p{N}_@#$]+)/u.exec(part);
    if (m) names.push(m[1].toLowerCase());
  };
  for (let i = 0; i < definition.length; i++) {
    const c = definition[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      take(definition.slice(start, i));
      start = i + 1;
    }
  }
  take(definition.slice(start));
  return names;
}
