/** Reading the JMX exporter's Prometheus text: the gauges `status` and the rollout need, by name. */

/** `name value` lines (no labels) of the exporter's answer, by metric name. */
export function gauges(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_][a-z0-9_]*) (\S+)$/.exec(line.trim());
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}

/** A curl of `url` piped through a filter keeping only the metrics named (a scrape is ~35 KB). */
export function scrapeCommand(url: string, names: readonly string[], timeoutSeconds: number): string {
  return `curl -sS --max-time ${timeoutSeconds} ${url} | grep -E '^(${names.join('|')}) '`;
}
