/**
 * Reading Prometheus's text format in tests: the sum of the samples of a metric whose labels include the given ones,
 * in whatever order the exposition writes them (prom-client puts a histogram's default labels first).
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Whether the exposition has a sample of `name` with these labels at all (a gauge may be 0). */
export function hasSample(text: string, name: string, labels: Record<string, string> = {}): boolean {
  return text
    .split('\n')
    .some(
      (line) =>
        (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) &&
        Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)),
    );
}
