import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeMermaid } from '../../src/report/escape.ts';

const ZWSP = '\u200b';

describe('escapeMarkdown', () => {
  it.each([
    ['a team mention cannot notify anyone', '@org/team', (out: string) => expect(out).not.toMatch(/@[a-z]/i)],
    [
      'an entity-encoded mention is decoded before it is broken',
      '&#64;user',
      (out: string) => {
        expect(out).toContain(`@${ZWSP}user`);
        expect(out).not.toContain('&#64;');
      },
    ],
    ['an issue reference cannot link', '#123', (out: string) => expect(out).not.toMatch(/#\d/)],
    [
      'an image tag cannot become HTML',
      '<img src=x onerror=alert(1)>',
      (out: string) => {
        expect(out).not.toContain('<');
        expect(out).toContain('&lt;img');
      },
    ],
    [
      'a details tag cannot fold the comment',
      '<details>',
      (out: string) => expect(out).not.toMatch(/<details/),
    ],
    ['a pipe cannot end a table cell', 'a|b', (out: string) => expect(out).toBe('a\\|b')],
    [
      'backticks cannot open a code span or fence',
      '```js',
      (out: string) => expect(out).not.toMatch(/(^|[^\\])`/),
    ],
    [
      'a markdown link cannot be smuggled',
      '](javascript:alert(1))',
      (out: string) => {
        expect(out).not.toMatch(/(^|[^\\])\]\(/);
        expect(out).toContain('\\](javascript:');
      },
    ],
    ['a GH- issue reference cannot link', 'GH-123', (out: string) => expect(out).not.toMatch(/GH-\d/i)],
    [
      'inline math cannot draw text',
      '$\\huge{PWNED}$',
      (out: string) => expect(out).toBe('\\$\\\\huge{PWNED}\\$'),
    ],
    [
      'a newline cannot start a new row: it is written out, as in the terminal',
      'a\nb',
      (out: string) => expect(out).toBe('a\\\\nb'),
    ],
    [
      'escape sequences, NUL, C1 controls and direction overrides are written out',
      'a\u001b[31mb\u0000c\u009bd\u202ee',
      (out: string) => expect(out).toBe('a\\\\x1b\\[31mb\\\\x00c\\\\x9bd\\\\u202ee'),
    ],
    [
      'a bare URL is not autolinked',
      'https://evil.example',
      (out: string) => expect(out).not.toContain('//'),
    ],
    [
      'a plain name stays readable',
      'frontend-7f9c.example',
      (out: string) => expect(out).toBe('frontend-7f9c.example'),
    ],
  ])('%s', (_name, input, check) => {
    check(escapeMarkdown(input));
  });

  it('turns undefined and numbers into text', () => {
    expect(escapeMarkdown(undefined)).toBe('');
    expect(escapeMarkdown(42)).toBe('42');
  });
});

describe('escapeMermaid', () => {
  it('keeps nothing that could close a Mermaid label or start a directive', () => {
    expect(escapeMermaid('a"];click x call alert()%%')).toMatch(/^[A-Za-z0-9 ./_:=-]+$/);
  });
});
