/** Reads Prometheus text exposition into a lookup: the sum over every series of a name. */
export type Scrape = Map<string, number>;

export function parseProm(text: string): Scrape {
  const out: Scrape = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[3]);
    if (!Number.isFinite(value)) continue;
    const name = match[1]!;
    out.set(name, (out.get(name) ?? 0) + value);
    if (match[2]) out.set(`${name}${match[2]}`, value);
  }
  return out;
}

export async function scrape(url: string): Promise<Scrape | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) return undefined;
    return parseProm(await response.text());
  } catch {
    return undefined;
  }
}
