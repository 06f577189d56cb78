import { imageSize } from 'image-size';
import { CatalogError } from '../catalogError';

/** The image formats PrestaShop 1.7/8 accept, by what image-size detects in the bytes. */
const ACCEPTED: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };

export interface ImageLimits {
  maxBytes: number;
  /** Largest width or height in pixels. */
  maxDimension: number;
}

export interface SniffedImage {
  contentType: string;
  width: number;
  height: number;
}

/**
 * Decides what an upload is from its bytes only (never its name or declared type): JPEG, PNG, WebP or GIF, within
 * the configured size and dimension limits. Anything else is refused before a byte is stored.
 */
export function inspectImage(bytes: Uint8Array, limits: ImageLimits): SniffedImage {
  if (bytes.length > limits.maxBytes) {
    throw new CatalogError('too_large', 'IMAGE_TOO_LARGE', `The image is ${bytes.length} bytes; at most ${limits.maxBytes} are accepted (IMAGE_MAX_BYTES)`, { field: 'image' });
  }
  let found: { type?: string; width?: number; height?: number };
  try {
    found = imageSize(bytes);
  } catch {
    throw new CatalogError('unsupported_media', 'UNSUPPORTED_IMAGE', 'The file is not a JPEG, PNG, WebP or GIF image', { field: 'image' });
  }
  const contentType = found.type ? ACCEPTED[found.type] : undefined;
  if (!contentType) throw new CatalogError('unsupported_media', 'UNSUPPORTED_IMAGE', `Images must be JPEG, PNG, WebP or GIF (this one is ${found.type ?? 'unknown'})`, { field: 'image' });
  const width = found.width ?? 0;
  const height = found.height ?? 0;
  if (width < 1 || height < 1) throw new CatalogError('unsupported_media', 'UNSUPPORTED_IMAGE', 'The image has no readable dimensions', { field: 'image' });
  if (width > limits.maxDimension || height > limits.maxDimension) {
    throw new CatalogError('too_large', 'IMAGE_TOO_LARGE', `The image is ${width}×${height} px; at most ${limits.maxDimension} px per side are accepted (IMAGE_MAX_DIMENSION)`, { field: 'image' });
  }
  return { contentType, width, height };
}
