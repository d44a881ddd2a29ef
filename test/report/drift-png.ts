import { inflateSync } from "node:zlib";

// A minimal PNG reader for screenshots: 8-bit RGB or RGBA, non-interlaced (what Chromium writes),
// enough to look at pixels without an image library.

export interface Pixels {
  width: number;
  height: number;
  /** RGB triples, row by row. */
  rgb: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(file: Buffer): Pixels {
  if (!SIGNATURE.every((b, i) => file[i] === b)) throw new Error("not a PNG file");
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString("latin1", offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      const color = body[9];
      if (depth !== 8 || (color !== 2 && color !== 6) || body[12] !== 0)
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${color}, interlace ${body[12]}`);
      channels = color === 6 ? 4 : 3;
    } else if (type === "IDAT") data.push(body);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (out[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (out[(y - 1) * stride + x - channels] as number) : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      out[y * stride + x] = ((line[x] as number) + predictor) & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    rgb[i * 3] = out[i * channels] as number;
    rgb[i * 3 + 1] = out[i * channels + 1] as number;
    rgb[i * 3 + 2] = out[i * channels + 2] as number;
  }
  return { width, height, rgb };
}

/** Variance of the grey level over all pixels: 0 for a blank page. */
export function greyVariance(p: Pixels): number {
  let sum = 0;
  let squares = 0;
  const n = p.width * p.height;
  for (let i = 0; i < n; i++) {
    const g =
      0.299 * (p.rgb[i * 3] as number) +
      0.587 * (p.rgb[i * 3 + 1] as number) +
      0.114 * (p.rgb[i * 3 + 2] as number);
    sum += g;
    squares += g * g;
  }
  const mean = sum / n;
  return squares / n - mean * mean;
}

/** Pixels within `tolerance` per channel of a #rrggbb colour. */
export function countColour(p: Pixels, hex: string, tolerance = 8): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  let n = 0;
  for (let i = 0; i < p.width * p.height; i++) {
    if (
      Math.abs((p.rgb[i * 3] as number) - r) <= tolerance &&
      Math.abs((p.rgb[i * 3 + 1] as number) - g) <= tolerance &&
      Math.abs((p.rgb[i * 3 + 2] as number) - b) <= tolerance
    )
      n++;
  }
  return n;
}

/** Pixels of a #rrggbb colour inside a box (clipped to the image). */
export function countColourIn(
  p: Pixels,
  hex: string,
  box: { x: number; y: number; width: number; height: number },
  tolerance = 8,
): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(p.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(p.height, Math.ceil(box.y + box.height));
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * p.width + x) * 3;
      if (
        Math.abs((p.rgb[i] as number) - r) <= tolerance &&
        Math.abs((p.rgb[i + 1] as number) - g) <= tolerance &&
        Math.abs((p.rgb[i + 2] as number) - b) <= tolerance
      )
        n++;
    }
  return n;
}
