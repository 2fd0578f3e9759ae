/**
 * The one function every string from input passes before berth prints it: names,
 * values, file names, reasons, error messages, command-line arguments.
 *
 * Input is attacker controlled in a pull request, and a terminal or a CI log acts on
 * what it is given. A newline would start a line of its own, and the GitHub Actions
 * runner reads workflow commands (`::error::`, `::add-mask::`, `::stop-commands::`)
 * from any line a step prints, on stdout and stderr alike. An ESC byte drives the
 * terminal (clears the screen, recolours text, sets the title, opens a hyperlink); C1
 * controls (U+0080–U+009F) do the same on terminals that honour them; NUL and other C0
 * bytes come from binary files; bidirectional overrides make text read as something it
 * is not (CVE-2021-42574); U+2028 and U+2029 break lines in some viewers.
 *
 * They are shown, not dropped, so a reader sees what the input holds, written as JSON
 * and Go write them: `\n`, `\r`, `\t`, `\x1b`, `\x00`, `\u202e`. Backslashes are left
 * alone, so Windows paths and regular expressions stay readable.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}

export interface PrintableOptions {
  /** Keep tabs as they are (a code frame lines its caret up with them). */
  keepTabs?: boolean;
}

/** `value` as one line of inert text: every control character written out as an escape. */
export function printable(value: unknown, options: PrintableOptions = {}): string {
  const replace = options.keepTabs ? (ch: string) => (ch === '\t' ? ch : escapeOne(ch)) : escapeOne;
  return String(value ?? '').replace(UNPRINTABLE, replace);
}
