/** The 1-based line of the `nth` line containing `needle`, so tests say which line they mean. */
export function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`${needle} is not in the text`);
}
