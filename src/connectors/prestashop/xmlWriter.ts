/**
 * Builds webservice write bodies. Values go into CDATA verbatim (PrestaShop does not trim, so no whitespace is
 * ever added inside a value); multilingual values as `<language id="N">`.
 */
export type XmlFieldValue = string | number | { langs: Record<number, string> };

export interface XmlAssociation {
  /** Item element name, e.g. `category`. */
  item: string;
  items: Array<Record<string, string | number>>;
}

/** Characters XML 1.0 cannot carry at all. */
function clean(v: string): string {
  // eslint-disable-next-line no-control-regex
  return v.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

export function cdata(v: string | number): string {
  return `<![CDATA[${clean(String(v)).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function entityXml(singular: string, fields: Array<[string, XmlFieldValue]>, associations?: Record<string, XmlAssociation>): string {
  let inner = '';
  for (const [name, value] of fields) {
    if (typeof value === 'object') {
      const langs = Object.entries(value.langs)
        .map(([id, text]) => `<language id="${Number(id)}">${cdata(text)}</language>`)
        .join('');
      inner += `<${name}>${langs}</${name}>`;
    } else inner += `<${name}>${cdata(value)}</${name}>`;
  }
  if (associations && Object.keys(associations).length > 0) {
    inner += '<associations>';
    for (const [name, a] of Object.entries(associations)) {
      inner += `<${name}>${a.items.map((it) => `<${a.item}>${Object.entries(it).map(([k, v]) => `<${k}>${cdata(v)}</${k}>`).join('')}</${a.item}>`).join('')}</${name}>`;
    }
    inner += '</associations>';
  }
  return `<?xml version="1.0" encoding="UTF-8"?><prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><${singular}>${inner}</${singular}></prestashop>`;
}
