import { describe, expect, it } from 'vitest';
import { printable } from '../../src/model/printable.ts';

const ESC = '\u001b';

describe('printable', () => {
  it.each([
    ['a newline cannot start a workflow command', 'web\n::error::pwned', 'web\\n::error::pwned'],
    ['a carriage return cannot overwrite the line', 'ok\rFAIL', 'ok\\rFAIL'],
    ['an escape sequence cannot clear the screen', `web${ESC}[2J`, 'web\\x1b[2J'],
    [
      'a terminal hyperlink cannot be opened',
      `${ESC}]8;;https://evil.example${ESC}\\x`,
      '\\x1b]8;;https://evil.example\\x1b\\x',
    ],
    ['NUL and other bytes of binary files are written out', 'a\u0000b\u0007c\u007f', 'a\\x00b\\x07c\\x7f'],
    ['a C1 control (CSI) is written out too', 'a\u009b31mb', 'a\\x9b31mb'],
    ['a direction override cannot reorder the text', 'abc\u202edef\u2066', 'abc\\u202edef\\u2066'],
    ['a line separator cannot break the line in a viewer', 'a\u2028b', 'a\\u2028b'],
    ['a tab is written out', 'a\tb', 'a\\tb'],
    [
      'readable text, backslashes and other scripts stay as they are',
      'C:\\k8s\\ü 名前 ✅',
      'C:\\k8s\\ü 名前 ✅',
    ],
  ])('%s', (_name, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it('keeps tabs when asked, for code frames that line a caret up with them', () => {
    expect(printable('\tname: "a\u001b"', { keepTabs: true })).toBe('\tname: "a\\x1b"');
  });

  it('turns undefined and numbers into text', () => {
    expect(printable(undefined)).toBe('');
    expect(printable(42)).toBe('42');
  });
});
