import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Sequelize } from 'sequelize';
import { ProductCategories } from '../../catalog/categories/productCategories';
import type { ImageLimits } from '../../catalog/images/imageContent';
import { ProductImages } from '../../catalog/images/productImages';
import { LANGUAGE_CODE } from '../../catalog/languages';
import { ProductTranslations } from '../../catalog/translations/productTranslations';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { catalogCall } from '../catalogCall';
import { errorResponse } from '../errorSchema';
import { requireRole } from '../middleware/requireRole';
import { apiRoute } from '../openapi/apiRoute';
import { ifMatchWrite, withETag } from '../openapi/ifMatch';
import { ProductWriteGuard } from '../productWriteGuard';
import { DbId, DbIdText, IdParam, propertyNames } from '../openapi/params';
import { ProductTextsSchema } from '../schemas/productSchemas';

/** PrestaShop's text rules (isCatalogName / isGenericName / isLinkRewrite and their sizes), checked before storing. */
const NO_MARKUP = /^[^<>={}]*$/;
const TextsBody = z
  .object({
    name: z.string().trim().min(1).max(128).regex(/^[^<>;=#{}]*$/, 'a product name may not contain < > ; = # { }'),
    description: z.string().max(100_000).nullable().default(null),
    descriptionShort: z.string().max(21_844).nullable().default(null),
    metaTitle: z.string().max(255).regex(NO_MARKUP, 'may not contain < > = { }').nullable().default(null),
    metaDescription: z.string().max(512).regex(NO_MARKUP, 'may not contain < > = { }').nullable().default(null),
    linkRewrite: z.string().min(1).max(128).regex(/^[a-z0-9_-]+$/, 'a friendly URL uses a-z, 0-9, - and _ only').nullable().default(null),
  })
  .strict()
  .openapi('ProductTexts');
const TranslationsSchema = z.object({ defaultLanguage: z.string(), languages: z.record(z.string(), ProductTextsSchema) }).openapi('ProductTranslations');
const CategoriesSchema = z.object({ categoryIds: z.array(z.number()), defaultCategoryId: z.number().nullable() }).openapi('ProductCategories');
const Alt = z.record(z.string().regex(LANGUAGE_CODE), z.string().max(128).regex(NO_MARKUP, 'may not contain < > = { }')).openapi(propertyNames({ minLength: 2, maxLength: 3, anyOf: [{ pattern: '^[a-z]{2,3}$' }] }, { description: 'alt text per language; "" removes it' }));
const ImageSchema = z
  .object({
    id: z.number(),
    position: z.number(),
    cover: z.boolean(),
    contentType: z.string(),
    sha256: z.string(),
    byteSize: z.number().nullable(),
    width: z.number().nullable(),
    height: z.number().nullable(),
    alt: z.record(z.string(), z.string()),
    fromErp: z.boolean(),
  })
  .openapi('ProductImage');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const LangParams = IdParam.extend({ lang: z.string().regex(LANGUAGE_CODE, 'a language code such as pl').openapi({ param: { name: 'lang', in: 'path' } }) });
const ImageParams = IdParam.extend({ imageId: DbIdText.openapi({ param: { name: 'imageId', in: 'path' } }) });
const notFound = (id: number) => new ApiError(404, 'PRODUCT_NOT_FOUND', `No product with id ${id}`);

const translationsRoute = apiRoute({
  method: 'get',
  path: '/{id}/translations',
  tags: ['products'],
  summary: "A product's texts per language (the default language's name and descriptions are the central fields)",
  middleware: [requireRole('user')] as const,
  request: { params: IdParam },
  responses: { 200: json(TranslationsSchema, 'texts per language'), 404: errorResponse('no such product') },
});

const setTranslationRoute = apiRoute(
  ifMatchWrite({
    method: 'put',
    path: '/{id}/translations/{lang}',
    tags: ['products'],
    summary: "Set a product's texts in one language (a language no shop uses is refused)",
    middleware: [requireRole('manager')] as const,
    request: { params: LangParams, ...body(TextsBody) },
    responses: { 200: withETag(TranslationsSchema, 'texts per language'), 404: errorResponse('no such product'), 422: errorResponse('a language no shop uses') },
  }),
);

const removeTranslationRoute = apiRoute(
  ifMatchWrite({
    method: 'delete',
    path: '/{id}/translations/{lang}',
    tags: ['products'],
    summary: "Remove a product's texts in one language (shops then fall back or refuse, per shop)",
    middleware: [requireRole('manager')] as const,
    request: { params: LangParams },
    responses: { 200: withETag(TranslationsSchema, 'texts per language'), 404: errorResponse('no such product'), 422: errorResponse('the default language cannot be removed') },
  }),
);

const categoriesRoute = apiRoute({
  method: 'get',
  path: '/{id}/categories',
  tags: ['products'],
  summary: "A product's categories and its default category",
  middleware: [requireRole('user')] as const,
  request: { params: IdParam },
  responses: { 200: json(CategoriesSchema, 'the categories'), 404: errorResponse('no such product') },
});

const setCategoriesRoute = apiRoute(
  ifMatchWrite({
    method: 'put',
    path: '/{id}/categories',
    tags: ['products'],
    summary: "Replace a product's categories; the default one must be among them (the first when not given)",
    middleware: [requireRole('manager')] as const,
    request: { params: IdParam, ...body(z.object({ categoryIds: z.array(DbId).max(100), defaultCategoryId: DbId.optional() }).strict().openapi('ProductCategoriesSet')) },
    responses: { 200: withETag(CategoriesSchema, 'the categories'), 404: errorResponse('no such product'), 422: errorResponse('unknown category, or a default not in the list') },
  }),
);

const imagesRoute = apiRoute({
  method: 'get',
  path: '/{id}/images',
  tags: ['products'],
  summary: "A product's images in order (ERP pictures and uploads), with the cover flagged",
  middleware: [requireRole('user')] as const,
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(ImageSchema) }), 'the images'), 404: errorResponse('no such product') },
});

const uploadImageRoute = apiRoute(
  ifMatchWrite({
    method: 'post',
    path: '/{id}/images',
    tags: ['products'],
    summary: 'Upload an image (multipart part "image"; JPEG, PNG, WebP or GIF decided by its content; IMAGE_MAX_BYTES, IMAGE_MAX_DIMENSION)',
    middleware: [requireRole('manager')] as const,
    request: {
      params: IdParam,
      body: {
        required: true,
        content: { 'multipart/form-data': { schema: z.object({ image: z.custom<Blob>((v) => v instanceof Blob, 'a file part named "image"').openapi({ type: 'string', format: 'binary' }) }).openapi('ImageUpload') } },
      },
    },
    responses: {
      200: withETag(ImageSchema, 'the product already has these exact bytes: the existing image'),
      201: withETag(ImageSchema, 'stored'),
      400: errorResponse('no image part'),
      404: errorResponse('no such product'),
      413: errorResponse('larger than IMAGE_MAX_BYTES or IMAGE_MAX_DIMENSION'),
      415: errorResponse('not multipart, or not a JPEG, PNG, WebP or GIF image'),
    },
  }),
);

const reorderImagesRoute = apiRoute(
  ifMatchWrite({
    method: 'put',
    path: '/{id}/images/order',
    tags: ['products'],
    summary: "Reorder a product's images (every image id exactly once)",
    middleware: [requireRole('manager')] as const,
    request: { params: IdParam, ...body(z.object({ imageIds: z.array(DbId).max(500) }).strict().openapi('ImageOrder')) },
    responses: { 200: withETag(z.object({ items: z.array(ImageSchema) }), 'the images'), 404: errorResponse('no such product'), 422: errorResponse('not every image exactly once') },
  }),
);

const patchImageRoute = apiRoute(
  ifMatchWrite({
    method: 'patch',
    path: '/{id}/images/{imageId}',
    tags: ['products'],
    summary: 'Make an image the cover and/or set its alt text per language',
    middleware: [requireRole('manager')] as const,
    request: { params: ImageParams, ...body(z.object({ cover: z.literal(true).optional(), alt: Alt.optional() }).strict().openapi('ImagePatch')) },
    responses: { 200: withETag(ImageSchema, 'the image'), 404: errorResponse('no such product or image'), 422: errorResponse('a language no shop uses') },
  }),
);

const deleteImageRoute = apiRoute(
  ifMatchWrite({
    method: 'delete',
    path: '/{id}/images/{imageId}',
    tags: ['products'],
    summary: 'Delete an image (the next one becomes the cover if it was the cover)',
    middleware: [requireRole('manager')] as const,
    request: { params: ImageParams },
    responses: { 204: { description: 'deleted', headers: z.object({ ETag: z.string() }) }, 404: errorResponse('no such product or image') },
  }),
);

const imageContentRoute = apiRoute({
  method: 'get',
  path: '/{id}/images/{imageId}/content',
  tags: ['products'],
  summary: "An image's bytes (ETag = its sha256; If-None-Match gives 304)",
  middleware: [requireRole('user')] as const,
  request: { params: ImageParams },
  responses: {
    200: { description: 'the image', content: { 'image/*': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } } },
    304: { description: 'not modified' },
    404: errorResponse('no such product or image'),
  },
});

/**
 * What makes a product page complete: texts per language, categories (one default) and images (upload, order,
 * cover, alt text, download). Reads: user; writes: manager. Content writes are product writes: If-Match like
 * PATCH /products/{id}, and the new ETag in the answer.
 */
export function productContentRoutes({ sequelize, defaultLanguage, imageLimits, requireIfMatch }: { sequelize: Sequelize; defaultLanguage: string; imageLimits: ImageLimits; requireIfMatch: boolean }) {
  const translations = new ProductTranslations(sequelize, defaultLanguage);
  const categories = new ProductCategories(sequelize);
  const images = new ProductImages(sequelize, imageLimits, defaultLanguage);
  const guard = new ProductWriteGuard(sequelize, requireIfMatch);
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(translationsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const languages = await translations.get(id);
    if (!languages) throw notFound(id);
    return c.json({ defaultLanguage, languages }, 200);
  });

  app.openapi(setTranslationRoute, async (c) => {
    const { id, lang } = c.req.valid('param');
    const languages = await catalogCall(() => translations.set(id, lang, c.req.valid('json'), guard.precondition(c.req.valid('header'))));
    return c.json({ defaultLanguage, languages }, 200, await guard.currentETag(id));
  });

  app.openapi(removeTranslationRoute, async (c) => {
    const { id, lang } = c.req.valid('param');
    const languages = await catalogCall(() => translations.remove(id, lang, guard.precondition(c.req.valid('header'))));
    return c.json({ defaultLanguage, languages }, 200, await guard.currentETag(id));
  });

  app.openapi(categoriesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const exists = await translations.get(id);
    if (!exists) throw notFound(id);
    return c.json(await categories.get(id), 200);
  });

  app.openapi(setCategoriesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { categoryIds, defaultCategoryId } = c.req.valid('json');
    const view = await catalogCall(() => categories.set(id, categoryIds, defaultCategoryId, guard.precondition(c.req.valid('header'))));
    return c.json(view, 200, await guard.currentETag(id));
  });

  app.openapi(imagesRoute, async (c) => c.json({ items: await catalogCall(() => images.list(c.req.valid('param').id)) }, 200));

  app.openapi(uploadImageRoute, async (c) => {
    const { id } = c.req.valid('param');
    const condition = guard.precondition(c.req.valid('header'));
    if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Upload the image as multipart/form-data with a part named "image"', { field: 'image' });
    }
    const part = c.req.valid('form').image;
    const bytes = new Uint8Array(await part.arrayBuffer());
    const { image, created } = await catalogCall(() => images.add(id, bytes, {}, condition));
    return created ? c.json(image, 201, { Location: `/api/v1/products/${id}/images/${image.id}`, ...(await guard.currentETag(id)) }) : c.json(image, 200, await guard.currentETag(id));
  });

  app.openapi(reorderImagesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const items = await catalogCall(() => images.reorder(id, c.req.valid('json').imageIds, guard.precondition(c.req.valid('header'))));
    return c.json({ items }, 200, await guard.currentETag(id));
  });

  app.openapi(patchImageRoute, async (c) => {
    const { id, imageId } = c.req.valid('param');
    const patch = c.req.valid('json');
    // The precondition holds for the first write of this request (the second sees the version the first made).
    let condition = guard.precondition(c.req.valid('header'));
    const image = await catalogCall(async () => {
      if (patch.alt) await images.setAlt(id, imageId, patch.alt, condition);
      if (patch.alt) condition = undefined;
      if (patch.cover) await images.setCover(id, imageId, condition);
      const found = (await images.list(id)).find((i) => i.id === imageId);
      if (!found) throw new ApiError(404, 'IMAGE_NOT_FOUND', `Product ${id} has no image ${imageId}`);
      return found;
    });
    return c.json(image, 200, await guard.currentETag(id));
  });

  app.openapi(deleteImageRoute, async (c) => {
    const { id, imageId } = c.req.valid('param');
    await catalogCall(() => images.delete(id, imageId, guard.precondition(c.req.valid('header'))));
    return c.body(null, 204, await guard.currentETag(id));
  });

  app.openapi(imageContentRoute, async (c) => {
    const { id, imageId } = c.req.valid('param');
    const content = await images.content(id, imageId);
    if (!content) throw new ApiError(404, 'IMAGE_NOT_FOUND', `Product ${id} has no image ${imageId}`);
    const etag = `"${content.sha256}"`;
    const headers = { ETag: etag, 'Cache-Control': 'private, max-age=0, must-revalidate' };
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    return c.body(new Uint8Array(content.bytes), 200, { ...headers, 'Content-Type': content.contentType, 'Content-Length': String(content.bytes.length) });
  });
  return app;
}
