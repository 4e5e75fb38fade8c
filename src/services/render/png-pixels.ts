import { PNG } from 'pngjs';

/**
 * PNG pixels through pngjs: what a rendered chart or card shows (tests), and an opaque RGB copy of
 * resvg's RGBA output for pdfkit, which embeds an RGB PNG's data as it is but splits an alpha channel
 * out in plain JavaScript (seconds per PDF).
 */
export interface PngImage {
  width: number;
  height: number;
  /** Bytes per pixel: always 4 (RGBA) as pngjs decodes. */
  channels: number;
  pixels: Uint8Array;
}

/** Width and height from the IHDR chunk, which the format puts first. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const image = PNG.sync.read(png);
  return { width: image.width, height: image.height };
}

export function decodePng(png: Buffer): PngImage {
  const image = PNG.sync.read(png);
  return { width: image.width, height: image.height, channels: 4, pixels: image.data };
}

/** How many pixels differ from white: a blank image has none. */
export function inkedPixels(image: PngImage): number {
  let count = 0;
  for (let i = 0; i < image.pixels.length; i += image.channels) {
    if (image.pixels[i] !== 255 || image.pixels[i + 1] !== 255 || image.pixels[i + 2] !== 255) count++;
  }
  return count;
}

/** Whether some pixel is close to the colour `hex` (#rrggbb), within `tolerance` per channel. */
export function hasColour(image: PngImage, hex: string, tolerance = 8): boolean {
  const r = Number.parseInt(hex.slice(1, 3), 16);
  const g = Number.parseInt(hex.slice(3, 5), 16);
  const b = Number.parseInt(hex.slice(5, 7), 16);
  for (let i = 0; i < image.pixels.length; i += image.channels) {
    if (
      Math.abs((image.pixels[i] ?? 0) - r) <= tolerance &&
      Math.abs((image.pixels[i + 1] ?? 0) - g) <= tolerance &&
      Math.abs((image.pixels[i + 2] ?? 0) - b) <= tolerance
    ) {
      return true;
    }
  }
  return false;
}

/**
 * An opaque RGB PNG from RGBA pixels drawn on an opaque background (resvg's output with one): the
 * alpha is dropped.
 */
export function opaquePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const image = new PNG({ width, height, colorType: 2, inputHasAlpha: true });
  image.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return PNG.sync.write(image, { colorType: 2, inputHasAlpha: true });
}
