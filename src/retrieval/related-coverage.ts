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

function hasAny(unitTerms: ReadonlySet<string>, related: ReadonlySet<string> | undefined): boolean {
  if (related === undefined) return false;
  for (const term of related) if (unitTerms.has(term)) return true;
  return false;
}
