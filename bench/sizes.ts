/** Dataset sizes as people write them: `10k` → 10,000, `1M` → 1,000,000, `2500` → 2,500. */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!match) throw new Error(`${flag}: "${text}" is not a size such as 10k, 100k or 1M`);
  const factor = { "": 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[match[2] ?? ""] ?? 1;
  const size = Math.round(Number(match[1]) * factor);
  if (size < 1) throw new Error(`${flag}: "${text}" is not a size of at least one entity`);
  return size;
}

/** 10000 → "10k", 1000000 → "1M". */
export function sizeLabel(size: number): string {
  if (size >= 1e6 && size % 1e6 === 0) return `${size / 1e6}M`;
  if (size >= 1e3 && size % 1e3 === 0) return `${size / 1e3}k`;
  return String(size);
}
