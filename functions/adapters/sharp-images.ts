import sharp from 'sharp';
import type { ImageTools } from '../core/ports';

// Decoding and display copies with sharp (libvips). Loaded on first use only (`await import`), and bundled only into
// the functions that check evidence and read its text: its native library is copied beside those bundles (see
// infra/paths.ts NATIVE_PACKAGES), never into the public API's.

/** The longest side of a display copy: a phone screenshot (1080×2340, 1170×2532) keeps its own size. */
export const DISPLAY_MAX_EDGE = 2560;

// A phone photo of 200 megapixels is still an image; a decompression bomb is not.
const LIMIT_INPUT_PIXELS = 268_402_689;

export const sharpImages: ImageTools = {
  async decodes(bytes) {
    try {
      // `failOn: 'truncated'`: libvips otherwise fills a cut-off JPEG with grey and calls it decoded.
      const { info } = await sharp(bytes, { failOn: 'truncated', limitInputPixels: LIMIT_INPUT_PIXELS }).raw().toBuffer({ resolveWithObject: true });
      return info.width > 0 && info.height > 0;
    } catch {
      return false;
    }
  },
  async displayCopy(bytes) {
    // `rotate()` applies the EXIF orientation; sharp writes no metadata unless asked (`keepMetadata`/`withMetadata`),
    // so EXIF, GPS, XMP, IPTC and the device's ICC profile are all left behind.
    const { data, info } = await sharp(bytes, { limitInputPixels: LIMIT_INPUT_PIXELS })
      .rotate()
      .resize({ width: DISPLAY_MAX_EDGE, height: DISPLAY_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, contentType: 'image/webp', width: info.width, height: info.height };
  },
};
