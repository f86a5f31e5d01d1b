import { distance } from 'fastest-levenshtein';

/** The candidate closest to `input`, when it is close enough to be a plausible typo. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const tolerance = Math.max(2, Math.floor(wanted.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

/** A hint naming the likely intended value, or listing the allowed ones when none is close. */
export function suggestionHint(input: string, candidates: string[], what = 'allowed'): string {
  const guess = didYouMean(input, candidates);
  if (guess !== undefined) return `did you mean "${guess}"?`;
  const list = candidates.length > 12 ? `${candidates.slice(0, 12).join(', ')}, ...` : candidates.join(', ');
  return `${what}: ${list}`;
}
