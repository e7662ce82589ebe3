// Reads a QR code the way a phone camera would: from pixels (a screenshot), not from the
// markup that drew it.
import { PNG } from 'pngjs';
import jsQR from 'jsqr';

/** The text of the QR code in a PNG screenshot, or null when none can be read. */
export function decodeQr(png) {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}
