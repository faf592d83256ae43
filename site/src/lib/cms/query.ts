// Strapi's bracket query syntax (populate[creator][populate][avatar]=true) without pulling in qs.

export type QueryValue = string | number | boolean | null | undefined | QueryValue[] | QueryObject;
export interface QueryObject {
  [key: string]: QueryValue;
}

function append(pairs: string[], key: string, value: QueryValue): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => append(pairs, `${key}[${index}]`, item));
    return;
  }
  if (typeof value === 'object') {
    for (const [child, childValue] of Object.entries(value)) append(pairs, `${key}[${child}]`, childValue);
    return;
  }
  // Brackets stay readable (Strapi and logs alike); everything else is percent-encoded.
  const encodedKey = encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
  pairs.push(`${encodedKey}=${encodeURIComponent(String(value))}`);
}

/** `{ a: { b: 1 }, c: [x, y] }` -> `a[b]=1&c[0]=x&c[1]=y` (keys keep insertion order, so equal queries give equal strings). */
export function toQueryString(query: QueryObject): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) append(pairs, key, value);
  return pairs.join('&');
}
