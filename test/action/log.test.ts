import { describe, expect, it } from 'vitest';
import { failureText, type RunnerLog, safeLog } from '../../action/log.ts';

/** A runner that records the lines @actions/core would print. */
function recorder() {
  const lines: string[] = [];
  const runner: RunnerLog = {
    info: (m) => lines.push(m),
    notice: (m) => lines.push(`::notice::${m}`),
    warning: (m) => lines.push(`::warning::${m}`),
    error: (m, at) => lines.push(`::error${at ? ` file=${at.file},line=${at.line}` : ''}::${m}`),
  };
  return { lines, runner };
}

const HOSTILE = 'web\n::error::pwned\n::add-mask::x\u001b[2J\u0000';

describe('the Action log', () => {
  it('prints a log line between stop-commands and its token, on one line, escaped', () => {
    const { lines, runner } = recorder();
    let n = 0;
    const log = safeLog(runner, () => `token-${++n}`);
    log.info(`berth: ${HOSTILE}`);
    log.info('berth: second');
    expect(lines).toEqual([
      '::stop-commands::token-1',
      'berth: web\\n::error::pwned\\n::add-mask::x\\x1b[2J\\x00',
      '::token-1::',
      '::stop-commands::token-2',
      'berth: second',
      '::token-2::',
    ]);
  });

  it('uses a fresh random token each time, so input cannot end the block', () => {
    const { lines, runner } = recorder();
    const log = safeLog(runner);
    log.info('a');
    log.info('b');
    const tokens = lines.filter((l) => l.startsWith('::stop-commands::')).map((l) => l.slice(17));
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps annotations as commands, each message and file on one line with control characters escaped', () => {
    const { lines, runner } = recorder();
    const log = safeLog(runner, () => 't');
    log.error(HOSTILE, { file: 'k8s/a\u001b.yaml', line: 3 });
    log.warning(HOSTILE);
    log.notice(HOSTILE);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(line).toContain('web\\n::error::pwned');
    }
    expect(lines[0]).toMatch(/^::error file=k8s\/a\\x1b\.yaml,line=3::/);
  });

  it('writes the step failure on one line', () => {
    expect(failureText(`the plan fails: ${HOSTILE}`)).toBe(
      'berth: the plan fails: web\\n::error::pwned\\n::add-mask::x\\x1b[2J\\x00',
    );
  });
});
