import type { QueryTerms } from './query-terms.js';

/** A unit's coverage of the question through other words for its terms; see {@link relatedCoverages}. */
export interface RelatedCoverages {
  /** Share (0–1) of the question's IDF weight held as the question's own terms or another word for one (`query.related`, from WordNet). */
  readonly related: number;
  /** The same, also counting a broader or narrower word for a term (`query.broader`: "kit" held by "gear", "weapon" by "missile"). */
  readonly broader: number;
}

/**
 * Both related coverages of a unit in one pass over the question's terms (each candidate needs both). Each question
 * term counts once, at its full weight, whichever way it is matched: "How many UAV makers…" is fully covered by
 * "500 UAV manufacturers". Both equal plain coverage when the question has no related or broader terms.
 */
export function relatedCoverages(query: QueryTerms, unitTerms: ReadonlySet<string>): RelatedCoverages {
  if (query.totalWeight === 0) return { related: 0, broader: 0 };
  let related = 0;
  let broader = 0;
  for (const [term, weight] of query.weights) {
    if (unitTerms.has(term) || hasAny(unitTerms, query.related?.get(term))) {
      related += weight;
      broader += weight;
    } else if (hasAny(unitTerms, query.broader?.get(term))) broader += weight;
  }
  return { related: related / query.totalWeight, broader: broader / query.totalWeight };
}

function hasAny(unitTerms: ReadonlySet<string>, related: ReadonlySet<string> | undefined): boolean {
  if (related === undefined) return false;
  // Through the smaller set: a common noun has hundreds of narrower words, a sentence a few dozen terms.
  const [small, large] = related.size < unitTerms.size ? [related, unitTerms] : [unitTerms, related];
  for (const term of small) if (large.has(term)) return true;
  return false;
}
