import type { ShopStore } from './shopStore';
import type { ShopVersion } from './resourceModel';
import { cdata, xmlDocument } from './renderXml';
import type { SimRequest, SimResponse } from './simHttp';
import { header } from './simHttp';
import { WsError, WsEmptyNotFound } from './wsError';

const PRODUCT_IMAGE_TYPES = ['cart_default', 'small_default', 'medium_default', 'home_default', 'large_default'];

/** The real format by magic bytes, as `ImageManager` checks it (not the declared type). */
function sniff(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 6 && (bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a')) return 'image/gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

function allowed(version: ShopVersion): { ext: string[]; mime: string[] } {
  const ext = ['gif', 'jpg', 'jpeg', 'jpe', 'png'];
  const mime = ['image/gif', 'image/jpg', 'image/jpeg', 'image/pjpeg', 'image/png', 'image/x-png'];
  if (version === '8.2') {
    ext.push('webp');
    mime.push('image/webp');
  }
  return { ext, mime };
}

async function readImagePart(req: SimRequest, version: ShopVersion): Promise<{ bytes: Buffer; mime: string }> {
  const ct = header(req, 'content-type') ?? '';
  const missing = new WsError(400, 76, 'Please set an "image" parameter with image data for value');
  if (!ct.toLowerCase().startsWith('multipart/form-data')) throw missing;
  let form: FormData;
  try {
    form = await new Response(req.body, { headers: { 'content-type': ct } }).formData();
  } catch {
    throw missing;
  }
  const part = form.get('image');
  if (!part || typeof part === 'string') throw missing;
  const bytes = Buffer.from(await part.arrayBuffer());
  const { ext, mime } = allowed(version);
  const list = ext.map((e) => `.${e}`).join(', ');
  const badFormat = new WsError(400, 76, `Image upload error : Image format not recognized, allowed formats are: ${list}`);
  const extension = (part.name.split('.').pop() ?? '').toLowerCase();
  if (!part.name.includes('.') || !ext.includes(extension)) throw badFormat;
  const real = sniff(bytes);
  if (!real || !mime.includes(real)) throw badFormat;
  const limitBytes = 8 * 1024 * 1024;
  if (bytes.length > limitBytes) throw new WsError(400, 72, `The image size is too large (maximum allowed is ${limitBytes / 1024} KB)`);
  return { bytes, mime: real };
}

function imageXml(store: ShopStore, id: number, base64: string): string {
  const img = store.images.get(id)!;
  const legend = store.activeLanguageIds().map((l) => `<language id="${l}">${cdata('')}</language>`).join('');
  return xmlDocument(
    `<image>\n\t<id>${cdata(img.id)}</id>\n\t<id_product>${cdata(img.productId)}</id_product>\n\t<position>${cdata(img.position)}</position>\n\t<cover>${cdata(img.cover ? '1' : '0')}</cover>\n\t<legend>${legend}</legend>\n</image>\n<content encode="base64">${cdata(base64)}</content>\n`,
  );
}

/** `/api/images/...` (reference §4.3): product images only; other families answer their empty lists. */
export async function handleImages(store: ShopStore, req: SimRequest, method: string, segments: string[], baseUrl: string): Promise<SimResponse> {
  const xml = (body: string, status = 200): SimResponse => ({ status, headers: { 'Content-Type': 'text/xml' }, body });
  const [, family, pidRaw, iidRaw] = segments;
  if (!family) {
    const families = ['general', 'products', 'categories', 'manufacturers', 'suppliers', 'stores', 'customizations'];
    return xml(xmlDocument(`<image_types>\n${families.map((f) => `<${f} xlink:href="${baseUrl}/api/images/${f}"/>`).join('\n')}\n</image_types>\n`));
  }
  if (family !== 'products') throw new WsError(400, 47, `This type of image does not exist`);
  if (pidRaw === undefined || pidRaw === '') {
    const types = PRODUCT_IMAGE_TYPES.map((t, i) => `<image_type id="${i + 1}" name="${t}" xlink:href="${baseUrl}/api/image_types/${i + 1}"/>`).join('\n');
    const pids = [...new Set([...store.images.values()].map((i) => i.productId))].sort((a, b) => a - b);
    const images = pids.map((p) => `<image id="${p}" xlink:href="${baseUrl}/api/images/products/${p}"/>`).join('\n');
    return xml(xmlDocument(`<image_types>\n${types}\n</image_types>\n<images>\n${images}\n</images>\n`));
  }
  const pid = Number.parseInt(pidRaw, 10) || 0;
  if (method === 'POST' && (iidRaw === undefined || iidRaw === '')) {
    // 8.x refuses an unknown product; 1.7.8 is said to create an orphan image (UNCONFIRMED) — the simulator
    // refuses in both versions, the safe side for a client that must not rely on either.
    if (!store.get('products', pid)) throw new WsError(400, 76, `Product ${pid} does not exist`);
    const { bytes, mime } = await readImagePart(req, store.version);
    const existing = store.productImages(pid);
    const id = store.nextImageId++;
    store.images.set(id, { id, productId: pid, position: existing.length + 1, cover: !existing.some((i) => i.cover), mime, bytes });
    return xml(imageXml(store, id, bytes.toString('base64')));
  }
  if (iidRaw === undefined || iidRaw === '') {
    if (method !== 'GET' && method !== 'HEAD') throw new WsError(405, 77, `This method is not allowed with this image resource`);
    const imgs = store.productImages(pid);
    if (imgs.length === 0) throw new WsEmptyNotFound();
    const decl = imgs.map((i) => `\t<declination id="${i.id}" xlink:href="${baseUrl}/api/images/products/${pid}/${i.id}"/>`).join('\n');
    return xml(xmlDocument(`<image id="${pid}">\n${decl}\n</image>\n`));
  }
  const img = iidRaw === 'bin' ? store.productImages(pid).find((i) => i.cover) : store.images.get(Number.parseInt(iidRaw, 10) || 0);
  if (!img || img.productId !== pid) throw new WsError(400, 57, 'This image id does not exist');
  if (method === 'GET' || method === 'HEAD') return { status: 200, headers: { 'Content-Type': img.mime }, body: img.bytes };
  if (method === 'DELETE') {
    store.images.delete(img.id);
    const rest = store.productImages(pid);
    rest.forEach((i, n) => (i.position = n + 1));
    if (img.cover && rest[0]) rest[0].cover = true;
    return { status: 200, headers: { 'Content-Type': 'text/xml' }, body: '' };
  }
  if (method === 'PUT') {
    const { bytes, mime } = await readImagePart(req, store.version);
    Object.assign(img, { bytes, mime });
    return xml(imageXml(store, img.id, bytes.toString('base64')));
  }
  throw new WsError(405, 77, `This method is not allowed with this image resource`);
}
