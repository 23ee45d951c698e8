/**
 * Common abbreviations of defence and politics writing, with what they stand for. The analyzer adds the
 * expansion's terms next to the abbreviation's own, in documents and questions alike, so "PM" meets
 * "Prime Minister" and "EU" meets "European Union" in both directions. Only abbreviations whose meaning is
 * unambiguous in news and policy text are listed: a wrong expansion adds terms to every passage that uses it.
 * `caseSensitive` ones are expanded only when written in capitals ("US", not "us").
 */
export interface Abbreviation {
  readonly expansion: string;
  readonly caseSensitive?: boolean;
}

export const ABBREVIATIONS: ReadonlyMap<string, Abbreviation> = new Map<string, Abbreviation>([
  ['pm', { expansion: 'prime minister' }],
  ['mod', { expansion: 'ministry of defence', caseSensitive: true }],
  ['dod', { expansion: 'department of defense' }],
  ['mp', { expansion: 'member of parliament', caseSensitive: true }],
  ['mep', { expansion: 'member of the european parliament' }],
  ['uav', { expansion: 'unmanned aerial vehicle drone' }],
  ['uavs', { expansion: 'unmanned aerial vehicles drones' }],
  ['eu', { expansion: 'european union' }],
  ['un', { expansion: 'united nations', caseSensitive: true }],
  ['us', { expansion: 'united states', caseSensitive: true }],
  ['usa', { expansion: 'united states' }],
  ['uk', { expansion: 'united kingdom' }],
  ['ngo', { expansion: 'non-governmental organisation' }],
  ['sme', { expansion: 'small and medium-sized enterprise' }],
  ['smes', { expansion: 'small and medium-sized enterprises' }],
  ['manpads', { expansion: 'man-portable air defence systems' }],
  ['mlrs', { expansion: 'multiple launch rocket system' }],
  ['ew', { expansion: 'electronic warfare', caseSensitive: true }],
  ['ai', { expansion: 'artificial intelligence', caseSensitive: true }],
  ['gdp', { expansion: 'gross domestic product' }],
]);

/**
 * Chat shorthand that carries no content ("thx", "btw", "tbh"): a question that uses it asks the same as
 * without it. Background word lists come from edited text and subtitles and do not know these, so they are
 * named here; what stands for what is in the comments, for the reader.
 */
export const CHAT_SHORTHAND: ReadonlySet<string> = new Set([
  'thx', 'thnx', 'thanx', 'ty', 'tyvm', // thanks
  'plz', 'pls', 'plse', // please
  'btw', 'tbh', 'imo', 'imho', 'idk', 'fyi', 'afaik', 'iirc', 'ngl', 'ofc', // by the way, to be honest, in my (humble) opinion, I don't know, for your information, as far as I know, if I recall correctly, not gonna lie, of course
  'rn', 'atm', 'asap', 'np', 'lol', 'lmao', 'omg', 'smh', 'yo', 'hiya', // right now, at the moment, as soon as possible, no problem, laughs, exclamations, greetings
  'hw', 'abt', 'bout', 'ur', 'wut', 'wht', 'whr', 'cuz', 'coz', 'bc', 'tho', 'gonna', 'wanna', 'gotta', // how, about, your, what, where, because, though, going to, want to, got to: function words, which questions drop anyway
]);
