import { describe, expect, it } from 'vitest';
import { classifyParagraph } from '../../src/index/classify-paragraph.js';

describe('classifyParagraph', () => {
  it.each([
    'top of page',
    'Bottom of Page',
    'Skip to main content',
    'Back to top',
    'Click here to read the full report',
    'Read more',
    'Advertisement',
    'Share',
    'All rights reserved.',
    'We use cookies. Accept all to continue',
    'Subscribe to our daily briefing',
    'Sign up for our newsletter',
    'Follow us on social media',
    '• Enjoy ad-free browsing on Example.com',
    '• Comment on articles',
  ])('drops the navigation line %j', (line) => {
    expect(classifyParagraph(line)).toBe('navigation');
  });

  it('does not take a headline that mentions returning to the top for navigation', () => {
    expect(classifyParagraph('Ferrero eyes return to top form', true)).toBe('heading');
  });

  it('keeps a sentence that merely mentions signing up', () => {
    expect(classifyParagraph('Ministers urged citizens to sign up for the volunteer reserve this spring.')).toBe('prose');
  });

  it.each([
    'Update 02/21/24, 9:52 p.m. ET: This article has been updated to include a statement from the ministry.',
    "Correction: An earlier version of this story misspelled the minister's name.",
    "Editor's note: This story was first published on Monday.",
    'This article was created using automation technology and was edited by one of our staff members',
    'This story has been corrected to show the deal covers 300 systems.',
    'To read how The Daily Example uses AI as a newsroom tool, visit our policy page.',
  ])('drops the editorial note %j', (line) => {
    expect(classifyParagraph(line)).toBe('editorial-note');
  });

  it.each([
    'Soldiers march during a parade in Warsaw on Monday. JAN KOWALSKI/AFP',
    'Tanks on parade in Kyiv.... ANNA NOWAK/AFP; PIOTR ZIELINSKI/Reuters',
    'Photo: Ministry of Defence',
    'Credit: Jane Doe',
    'Ministers meet in Vilnius. Getty Images',
    'The new plant near Rzeszow. © 2024 Example Media',
    'A drone is launched near Kharkiv. Reuters/Jane Doe',
    'Photo by Jane Doe for The Example',
  ])('drops the photo caption or credit %j', (line) => {
    expect(classifyParagraph(line)).toBe('caption');
  });

  it.each([
    'Reuters reported that the talks would resume on Monday in Geneva.',
    'Support for the deal rose to 61 percent, according to a Reuters/Ipsos poll published on Tuesday.',
  ])('keeps prose that cites a news agency: %j', (line) => {
    expect(classifyParagraph(line)).toBe('prose');
  });

  it.each(['Source: BNS', 'Original reporting by: bns', 'Published: 12 March 2024', 'By Jane Doe'])(
    'drops the metadata line %j',
    (line) => {
      expect(classifyParagraph(line)).toBe('metadata');
    },
  );

  it('takes a headline with a colon for a heading, not for metadata', () => {
    expect(classifyParagraph('Profile: Gordon Brown')).toBe('heading');
  });

  it('keeps a sentence that introduces a quote with a colon', () => {
    expect(classifyParagraph('Tusk said: “We will build the plants together.”')).toBe('prose');
  });

  it.each(['• Example Voices: Diverse audio opinions', '- Exclusive member events', '* Free home delivery', '• Example app updates on-the-go'])(
    'drops the promo bullet %j',
    (line) => {
      expect(classifyParagraph(line)).toBe('bullet');
    },
  );

  it('keeps a bullet that is a full sentence or a long list item', () => {
    expect(classifyParagraph('• The ministers agreed to expand joint production next year.')).toBe('prose');
    expect(classifyParagraph('- Increased flow of funds to agriculture by 30%')).toBe('prose');
  });

  it.each(['About the writer', 'About the Authors', 'Related Articles', 'Comments', '12 Comments', 'You may also like', 'Tags:'])(
    'recognises the end-of-article marker %j',
    (line) => {
      expect(classifyParagraph(line)).toBe('end-marker');
    },
  );

  it('drops a line of capitalised tags with no function word', () => {
    expect(classifyParagraph('NATO Training Center Ukraine Poland Russia War')).toBe('tag-line');
    expect(classifyParagraph('Man City 0-2 Man Utd')).toBe('heading');
  });

  it.each([
    'A Partnership Born of Combat Innovation',
    'Putin Warns NATO Over Troops In Belarus',
    'Chapter 1',
    'CHAPTER 1. Loomings.',
  ])('records the title-case line %j as a heading', (line) => {
    expect(classifyParagraph(line)).toBe('heading');
  });

  it('takes a sentence-case line for a heading only before the first paragraph (a headline)', () => {
    expect(classifyParagraph('Ad sales boost Time Warner profit', true)).toBe('heading');
    expect(classifyParagraph('Ad sales boost Time Warner profit', false)).toBe('fragment');
  });

  it('does not take a quoted one-word reply for a heading', () => {
    expect(classifyParagraph('“Bingley.”')).toBe('fragment');
  });

  it.each(['Newsweek cover', 'Lithuania to localise Ukrainian defence industry', 'NATO Allies Agree New Plan.'])(
    'drops the short non-prose line %j',
    (line) => {
      expect(classifyParagraph(line)).not.toBe('prose');
    },
  );
});
