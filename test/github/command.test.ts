import { describe, expect, it } from 'vitest';
import { type BerthCommand, parseCommand } from '../../src/github/command.ts';

describe('parseCommand', () => {
  it.each<[string, BerthCommand]>([
    ['/berth plan', { name: 'plan', cluster: null }],
    ['/berth plan prod', { name: 'plan', cluster: 'prod' }],
    ['  /berth   plan  \nthanks', { name: 'plan', cluster: null }],
    ['\uFEFF/berth plan\r\nmore', { name: 'plan', cluster: null }],
    ['/berth\tplan\teu-west.1', { name: 'plan', cluster: 'eu-west.1' }],
    ['/berth apply', { name: 'apply', cluster: null, prune: false, forceConflicts: false }],
    ['/berth apply prod --prune', { name: 'apply', cluster: 'prod', prune: true, forceConflicts: false }],
    [
      '/berth apply --force-conflicts --prune prod',
      { name: 'apply', cluster: 'prod', prune: true, forceConflicts: true },
    ],
    [
      '/berth explain shop/web-7d9f-abcde',
      { name: 'explain', namespace: 'shop', pod: 'web-7d9f-abcde', cluster: null },
    ],
    [
      '/berth explain kube-system/dns.1 prod',
      { name: 'explain', namespace: 'kube-system', pod: 'dns.1', cluster: 'prod' },
    ],
    ['/berth status', { name: 'status', cluster: null }],
    ['/berth status staging', { name: 'status', cluster: 'staging' }],
    ['/berth rollback', { name: 'rollback', cluster: null, to: null }],
    ['/berth rollback prod --to 1a2b3c4', { name: 'rollback', cluster: 'prod', to: '1a2b3c4' }],
    [`/berth rollback --to=${'f'.repeat(40)}`, { name: 'rollback', cluster: null, to: 'f'.repeat(40) }],
    ['/berth unlock prod', { name: 'unlock', cluster: 'prod' }],
    ['/berth cancel', { name: 'cancel' }],
    ['/berth help', { name: 'help' }],
  ])('reads %j', (body, command) => {
    expect(parseCommand(body)).toEqual({ kind: 'command', command });
  });

  it.each([
    ['an ordinary comment', 'looks good to me'],
    ['a mention in a sentence', 'please /berth plan'],
    ['a quote', '> /berth plan'],
    ['a fenced code block', '```\n/berth apply\n```'],
    ['an indented code block', '    /berth apply'],
    ['a tab-indented code block', '\t/berth apply'],
    ['inline code', '`/berth apply`'],
    ['the command on a later line', 'hi\n/berth apply'],
    ['another bot', '/berthold plan'],
    ['a look-alike slash', '\u2215berth plan'],
    ['a Cyrillic e in berth', '/b\u0435rth plan'],
    ['a zero-width space in berth', '/ber\u200bth plan'],
    ['an empty comment', ''],
  ])('ignores %s', (_name, body) => {
    expect(parseCommand(body)).toEqual({ kind: 'none' });
  });

  it.each([
    ['/berth', 'which command?'],
    ['/berth deploy', '`deploy` is not a berth command'],
    ['/berth PLAN', '`PLAN` is not a berth command'],
    ['/berth apply; rm -rf /', '`apply;` is not a berth command'],
    ['/berth apply $(id)', '`$(id)` is not a cluster name'],
    ['/berth plan `id`', '`?id?` is not a cluster name'],
    ['/berth plan prod|sh', '`prod|sh` is not a cluster name'],
    ['/berth plan ../prod', '`../prod` is not a cluster name'],
    ['/berth plan --force', '`--force` is not an option of /berth plan'],
    ['/berth plan prod staging', 'too many arguments'],
    ['/berth apply --prune --prune', '--prune is given twice'],
    ['/berth apply --prune=yes', '--prune takes no value'],
    ['/berth cancel now', 'too many arguments'],
    ['/berth help me', 'too many arguments'],
    ['/berth explain', 'which pod?'],
    ['/berth explain web', '`web` is not <namespace>/<pod>'],
    ['/berth explain Shop/web', '`Shop/web` is not <namespace>/<pod>'],
    ['/berth explain a/b/c', '`a/b/c` is not <namespace>/<pod>'],
    ['/berth rollback --to', '--to needs a commit SHA'],
    ['/berth rollback --to main', '`main` is not a commit SHA'],
    ['/berth rollback --to HEAD~1', '`HEAD~1` is not a commit SHA'],
    ['/berth unlock --force-conflicts', '`--force-conflicts` is not an option of /berth unlock'],
    ['/berth pl\u0430n', 'only plain ASCII'],
    ['/berth plan pr\u043ed', 'only plain ASCII'],
    ['/berth plan prod\u200b', 'only plain ASCII'],
    ['/berth plan \u202eprod', 'only plain ASCII'],
    ['/berth\u00a0plan', 'only plain ASCII'],
    ['/berth plan ＄(id)', 'only plain ASCII'],
    [`/berth plan ${'a'.repeat(300)}`, 'longer than 300 characters'],
  ])('refuses %j, saying why', (body, reason) => {
    const parsed = parseCommand(body);
    expect(parsed.kind).toBe('refused');
    expect(parsed.kind === 'refused' && parsed.reason).toContain(reason);
  });

  it('never echoes markup from the comment into its reason', () => {
    const parsed = parseCommand('/berth <img src=x onerror=alert(1)>');
    expect(parsed.kind === 'refused' && parsed.reason).not.toMatch(/[<>]/);
  });
});
