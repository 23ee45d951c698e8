/**
 * Place names of Ukraine and its neighbours as they are spelled in English text: the Ukrainian National
 * transliteration (Cabinet of Ministers of Ukraine Resolution No. 55 of 27 January 2010, adopted by the UN in 2012:
 * Kyiv, Kharkiv, Odesa) against the older spellings romanised from Russian (BGN/PCGN and common press usage: Kiev,
 * Kharkov, Odessa), plus renamed countries (Byelorussia, Moldavia). Each row: the current spelling first, then
 * the variants that mean the same place. Keys are lower case without diacritics; multi-word names are not listed
 * (the analyzer works token by token). General knowledge, not tied to any corpus.
 */
const PLACE_NAME_ROWS: readonly (readonly string[])[] = [
  ['kyiv', 'kiev', 'kyyiv', 'kiyv'],
  ['kharkiv', 'kharkov'],
  ['odesa', 'odessa'],
  ['lviv', 'lvov', 'lwow', 'lemberg'],
  ['mykolaiv', 'nikolaev', 'nikolayev', 'mykolayiv'],
  ['zaporizhzhia', 'zaporozhye', 'zaporozhe', 'zaporizhia', 'zaporizhzhya', 'zaporizhia'],
  ['dnipro', 'dnepr', 'dnieper', 'dniepr'],
  ['chernihiv', 'chernigov'],
  ['luhansk', 'lugansk'],
  ['donetsk', 'donetske'],
  ['chernivtsi', 'chernovtsy'],
  ['chornobyl', 'chernobyl'],
  ['rivne', 'rovno'],
  ['ternopil', 'ternopol'],
  ['vinnytsia', 'vinnitsa', 'vinnytsya'],
  ['zhytomyr', 'zhitomir'],
  ['khmelnytskyi', 'khmelnitsky', 'khmelnytsky', 'khmelnitskiy'],
  ['frankivsk', 'frankovsk'],
  ['uzhhorod', 'uzhgorod'],
  ['cherkasy', 'cherkassy'],
  ['sloviansk', 'slavyansk', 'slovyansk'],
  ['berdiansk', 'berdyansk'],
  ['sievierodonetsk', 'severodonetsk', 'syeverodonetsk'],
  ['lysychansk', 'lisichansk'],
  ['avdiivka', 'avdeyevka', 'avdeevka'],
  ['kramatorsk', 'kramatorske'],
  ['bilhorod', 'belgorod'],
  ['belarus', 'byelorussia', 'belorussia', 'belarussia'],
  ['moldova', 'moldavia'],
  ['chisinau', 'kishinev'],
];

/** Variant spelling → current spelling, for every row above. */
export const PLACE_NAME_VARIANTS: ReadonlyMap<string, string> = new Map(
  PLACE_NAME_ROWS.flatMap(([current, ...variants]) => variants.map((variant) => [variant, current!] as const)),
);
