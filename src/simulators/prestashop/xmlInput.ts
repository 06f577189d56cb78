import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WsError } from './wsError';

/** One element of a request body, values kept verbatim (PrestaShop does not trim whitespace). */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Concatenated direct text (CDATA included), like SimpleXML's `(string)` cast. */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function toNode(item: Ordered): XmlNode | null {
  const name = Object.keys(item).find((k) => k !== ':@');
  if (!name || name === '#text' || name.startsWith('?') || name === '#comment') return null;
  const raw = (item[name] as Ordered[]) ?? [];
  const children: XmlNode[] = [];
  let text = '';
  for (const child of raw) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const n = toNode(child);
      if (n) children.push(n);
    }
  }
  return { name, attrs: { ...(item[':@'] ?? {}) }, children, text };
}

/** Parses a write body into the root element; malformed XML is PrestaShop's 500 / code 127. */
export function parseXmlBody(rawBody: string): XmlNode {
  const body = rawBody.startsWith('xml=') ? rawBody.slice(4) : rawBody;
  const fail = (why: string) =>
    new WsError(500, 127, `XML error : ${why}\nXML length : ${body.length}\nOriginal XML : ${body}`);
  if (body.trim() === '') throw fail('String could not be parsed as XML');
  const check = XMLValidator.validate(body);
  if (check !== true) throw fail(`String could not be parsed as XML (${check.err.msg} line ${check.err.line})`);
  const items = parser.parse(body) as Ordered[];
  const root = items.map(toNode).find((n): n is XmlNode => n !== null);
  if (!root) throw fail('String could not be parsed as XML');
  return root;
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}
