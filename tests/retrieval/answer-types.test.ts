import { describe, expect, it } from 'vitest';
import { answerTypesOf, expectedAnswerType, holdsAnswerType } from '../../src/retrieval/answer-types.js';

describe('expectedAnswerType', () => {
  it('reads the type asked for from the wh-word', () => {
    expect(expectedAnswerType('How many Piorun systems is Belgium buying?')).toBe('quantity');
    expect(expectedAnswerType('How much will the programme cost?')).toBe('quantity');
    expect(expectedAnswerType('When was the agreement signed?')).toBe('time');
    expect(expectedAnswerType('Who signed the letter of intent?')).toBe('name');
    expect(expectedAnswerType('Where will the drones be produced?')).toBe('place');
  });

  it('reads it from the noun after which or what', () => {
    expect(expectedAnswerType('Which city will host the factory?')).toBe('place');
    expect(expectedAnswerType('In which year did the talks start?')).toBe('time');
    expect(expectedAnswerType('Which company signed the contract?')).toBe('name');
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

describe('holdsAnswerType', () => {
  it('lets a duration answer a quantity question, but not a name a quantity question', () => {
    expect(holdsAnswerType(new Set(['time']), 'quantity')).toBe(true);
    expect(holdsAnswerType(new Set(['name']), 'quantity')).toBe(false);
    expect(holdsAnswerType(new Set(['quantity']), 'time')).toBe(false);
    expect(holdsAnswerType(new Set(['person', 'name']), 'name')).toBe(true);
  });
});
