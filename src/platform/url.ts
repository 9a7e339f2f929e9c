/** `base` without trailing slashes, so `${base}/path` never holds `//`. */
export function withoutTrailingSlash(base: string): string {
  return base.replace(/\/+$/, "");
}
