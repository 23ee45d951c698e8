import { describe, expect, it } from 'vitest';
import { answerTypesOf, expectedAnswerType, holdsAnswerType, namesPerson } from '../../src/retrieval/answer-types.js';
import { personWordsOf } from '../../src/retrieval/person-words.js';

describe('expectedAnswerType', () => {
  it('reads the type asked for from the wh-word', () => {
    expect(expectedAnswerType('How many Piorun systems is Belgium buying?')).toBe('quantity');
    expect(expectedAnswerType('How much will the programme cost?')).toBe('quantity');
    expect(expectedAnswerType('When was the agreement signed?')).toBe('time');
    expect(expectedAnswerType('Who signed the letter of intent?')).toBe('person');
    expect(expectedAnswerType('Where will the drones be produced?')).toBe('place');
  });

  it('reads it from the noun after which or what', () => {
    expect(expectedAnswerType('Which city will host the factory?')).toBe('place');
    expect(expectedAnswerType('In which year did the talks start?')).toBe('time');
    expect(expectedAnswerType('Which company signed the contract?')).toBe('name');
    expect(expectedAnswerType('Which minister signed the contract?')).toBe('person');
    expect(expectedAnswerType('Which towns signed the agreement?')).toBe('place');
    expect(expectedAnswerType('What percentage of the budget goes to defence?')).toBe('quantity');
  });

  it('reads a plural in -ies after which or what as its singular', () => {
    expect(expectedAnswerType('Which cities will host the factories?')).toBe('place');
    expect(expectedAnswerType('Which countries signed the coalition agreement?')).toBe('place');
    expect(expectedAnswerType('Which companies signed the contract?')).toBe('name');
  });

  it('expects no type for questions that ask for a description or a yes or no', () => {
    expect(expectedAnswerType('Why did Lithuania join the coalition?')).toBeUndefined();
    expect(expectedAnswerType('How does the agreement protect data?')).toBeUndefined();
    expect(expectedAnswerType('What does Lithuania aim to do?')).toBeUndefined();
    expect(expectedAnswerType('Will Poland buy the systems?')).toBeUndefined();
  });
});

describe('answerTypesOf', () => {
  it('finds a quantity in a range of figures', () => {
    expect(answerTypesOf('Belgium will buy between 200 and 300 systems.').has('quantity')).toBe(true);
  });

  it('finds a time in a date', () => {
    expect(answerTypesOf('The ministers met on October 14, 2024.').has('time')).toBe(true);
  });

  it('finds neither in a sentence without figures or dates', () => {
    const types = answerTypesOf('the ministers welcomed the plan and praised the engineers.');
    expect(types.has('quantity')).toBe(false);
    expect(types.has('time')).toBe(false);
  });
});

describe('people in a text', () => {
  it('finds a person where a first name starts a name or a title stands before one', () => {
    expect(answerTypesOf('The agreement was formalised by Belgian Defence Minister Theo Francken.').has('person')).toBe(true);
    expect(answerTypesOf('Highlighted by Polish Prime Minister Donald Tusk, the plan envisions new plants.').has('person')).toBe(true);
    expect(answerTypesOf('During the discussions, Minister Kaunas emphasised the risks.').has('person')).toBe(true);
  });

  it('does not take two proper nouns in a row for a person', () => {
    const types = answerTypesOf('The conference was organized by the European Conservatives and Reformists Group.');
    expect(types.has('name')).toBe(true);
    expect(types.has('person')).toBe(false);
    expect(answerTypesOf('Belgium and Poland have taken a significant step.').has('person')).toBe(false);
  });

  it('reads first names and titles from the lexicon it is given', () => {
    const lexicon = personWordsOf({ ada: 'FemaleName', lovelace: 'LastName', minister: 'Actor', mr: ['Abbreviation', 'Honorific'], brave: 'Adjective' });
    expect(namesPerson(['ada', 'lovelace', 'wrote'], ['PROPN', 'PROPN', 'VERB'], lexicon)).toBe(true);
    expect(namesPerson(['ada', 'wrote'], ['PROPN', 'VERB'], lexicon)).toBe(false);
    expect(namesPerson(['mr', 'babbage'], ['PROPN', 'PROPN'], lexicon)).toBe(true);
    expect(namesPerson(['the', 'minister', 'kaunas'], ['DET', 'NOUN', 'PROPN'], lexicon)).toBe(true);
    expect(namesPerson(['brave', 'one'], ['PROPN', 'PROPN'], lexicon)).toBe(false);
    expect(namesPerson(['minister', 'spoke'], ['NOUN', 'VERB'], lexicon)).toBe(false);
  });
});

describe('holdsAnswerType', () => {
  it('lets a duration answer a quantity question, but not a name a quantity question', () => {
    expect(holdsAnswerType(new Set(['time']), 'quantity')).toBe(true);
    expect(holdsAnswerType(new Set(['name']), 'quantity')).toBe(false);
    expect(holdsAnswerType(new Set(['quantity']), 'time')).toBe(false);
    expect(holdsAnswerType(new Set(['person', 'name']), 'name')).toBe(true);
    expect(holdsAnswerType(new Set(['name']), 'person')).toBe(false);
  });
});
