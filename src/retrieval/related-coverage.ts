import type { QueryTerms } from './query-terms.js';

/**
 * Share (0–1) of the question's IDF weight that a text unit holds either as the question's own terms or as a
 * related term of one (another word for it: `query.related`, from WordNet). Each question term counts once, at
 * its full weight, whichever way it is matched: "How many UAV makers…" is fully covered by "500 UAV manufacturers".
 * Equal to plain coverage when the question has no related terms.
 */
export function relatedCoverage(query: QueryTerms, unitTerms: ReadonlySet<string>): number {
  if (query.totalWeight === 0) return 0;
  let matched = 0;
  for (const [term, weight] of query.weights) {
    if (unitTerms.has(term) || hasAny(unitTerms, query.related?.get(term))) matched += weight;
  }
  return matched / query.totalWeight;
}

/**
 * Like {@link relatedCoverage}, also counting a question term as held when the unit holds a broader or narrower word
 * for it (`query.broader`: "kit" held by "equipment", "weapon" by "missile").
 */
export function broaderCoverage(query: QueryTerms, unitTerms: ReadonlySet<string>): number {
  if (query.totalWeight === 0) return 0;
  let matched = 0;
  for (const [term, weight] of query.weights) {
    if (unitTerms.has(term) || hasAny(unitTerms, query.related?.get(term)) || hasAny(unitTerms, query.broader?.get(term))) matched += weight;
  }
  return matched / query.totalWeight;
}

function hasAny(unitTerms: ReadonlySet<string>, related: ReadonlySet<string> | undefined): boolean {
  if (related === undefined) return false;
  // Through the smaller set: a common noun has hundreds of narrower words, a sentence a few dozen terms.
  const [small, large] = related.size < unitTerms.size ? [related, unitTerms] : [unitTerms, related];
  for (const term of small) if (large.has(term)) return true;
  return false;
}
