/**
 * `/berth ...` comments. A command is the comment's first line and nothing else on it;
 * every word comes from an allowlist or a strict name grammar, and nothing parsed here
 * ever reaches a shell. A first line that is a quote, a code block or a mention
 * (`please /berth plan`) is no command. A first line that starts with `/berth` but is
 * not a valid command is refused with a reason, so the commenter learns why. Only
 * printable ASCII is read: a look-alike letter (Cyrillic `а` for `a`), a zero-width
 * space or a bidirectional control is refused rather than normalised.
 */

export type BerthCommand =
  | { name: 'plan'; cluster: string | null }
  | { name: 'apply'; cluster: string | null; prune: boolean; forceConflicts: boolean }
  | { name: 'explain'; namespace: string; pod: string; cluster: string | null }
  | { name: 'status'; cluster: string | null }
  | { name: 'rollback'; cluster: string | null; to: string | null }
  | { name: 'unlock'; cluster: string | null }
  | { name: 'cancel' }
  | { name: 'help' };

export type CommandParse =
  /** Not addressed to berth: say nothing. */
  | { kind: 'none' }
  | { kind: 'command'; command: BerthCommand }
  /** Addressed to berth but not a command it takes: refuse, with this one line. */
  | { kind: 'refused'; reason: string };

export const COMMANDS = [
  'plan',
  'apply',
  'explain',
  'status',
  'rollback',
  'unlock',
  'cancel',
  'help',
] as const;

/** Cluster names as the Action's `cluster` input and the config take them. */
const CLUSTER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/** A namespace: an RFC 1123 label. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A pod name: an RFC 1123 subdomain. */
const POD = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SHA = /^[0-9a-f]{7,40}$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const MAX_LINE = 300;

const USAGE: Record<(typeof COMMANDS)[number], string> = {
  plan: '/berth plan [cluster]',
  apply: '/berth apply [cluster] [--prune] [--force-conflicts]',
  explain: '/berth explain <namespace>/<pod> [cluster]',
  status: '/berth status [cluster]',
  rollback: '/berth rollback [cluster] [--to <sha>]',
  unlock: '/berth unlock [cluster]',
  cancel: '/berth cancel',
  help: '/berth help',
};

export function usage(name: (typeof COMMANDS)[number]): string {
  return USAGE[name];
}

function refuse(reason: string): CommandParse {
  return { kind: 'refused', reason };
}

/** Shown in a refusal: printable ASCII only, short, so the reply cannot be used to inject markup. */
function quoted(word: string): string {
  const safe = word.replace(/[^\x21-\x7e]/g, '?').replace(/[`<>@]/g, '?');
  return `\`${safe.length > 40 ? `${safe.slice(0, 40)}…` : safe}\``;
}

export function parseCommand(body: string): CommandParse {
  const first = (body.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '').replace(/[ \t]+$/, '');
  const indent = /^[ \t]*/.exec(first)?.[0] ?? '';
  // Four spaces or a tab start an indented code block in Markdown: text shown, not said.
  if (indent.includes('\t') || indent.length >= 4) return { kind: 'none' };
  const line = first.slice(indent.length);
  if (!/^\/berth(\s|$)/.test(line)) return { kind: 'none' };
  if (!PRINTABLE_ASCII.test(line.replaceAll('\t', ' ')))
    return refuse('the command may hold only plain ASCII letters, digits and punctuation.');
  if (line.length > MAX_LINE) return refuse(`the command is longer than ${MAX_LINE} characters.`);
  const [, name, ...args] = line.split(/[ \t]+/);
  if (name === undefined) return refuse(`which command? ${helpLine()}`);
  if (!(COMMANDS as readonly string[]).includes(name))
    return refuse(`${quoted(name)} is not a berth command. ${helpLine()}`);
  return parseArgs(name as (typeof COMMANDS)[number], args);
}

function helpLine(): string {
  return `Commands: ${COMMANDS.join(', ')} (\`/berth help\`).`;
}

function parseArgs(name: (typeof COMMANDS)[number], args: string[]): CommandParse {
  const flags = new Set<string>();
  const positional: string[] = [];
  let to: string | null = null;
  const allowed: Record<string, string[]> = {
    apply: ['--prune', '--force-conflicts'],
    rollback: ['--to'],
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!(allowed[name] ?? []).includes(flag!))
      return refuse(`${quoted(flag!)} is not an option of /berth ${name}. Usage: ${USAGE[name]}`);
    if (flags.has(flag!)) return refuse(`${flag} is given twice. Usage: ${USAGE[name]}`);
    flags.add(flag!);
    if (flag === '--to') {
      const value = inline ?? args[++i];
      if (value === undefined) return refuse(`--to needs a commit SHA. Usage: ${USAGE[name]}`);
      if (!SHA.test(value))
        return refuse(`${quoted(value)} is not a commit SHA (7 to 40 lowercase hex digits).`);
      to = value;
    } else if (inline !== undefined) return refuse(`${flag} takes no value. Usage: ${USAGE[name]}`);
  }

  const clusterAt = (index: number): string | null | CommandParse => {
    const value = positional[index];
    if (value === undefined) return null;
    return CLUSTER.test(value) ? value : refuse(`${quoted(value)} is not a cluster name.`);
  };
  const tooMany = (max: number) =>
    positional.length > max ? refuse(`too many arguments. Usage: ${USAGE[name]}`) : null;

  switch (name) {
    case 'cancel':
    case 'help': {
      const extra = tooMany(0);
      return extra ?? { kind: 'command', command: { name } };
    }
    case 'explain': {
      const target = positional[0];
      if (target === undefined) return refuse(`which pod? Usage: ${USAGE[name]}`);
      const [namespace, pod, ...rest] = target.split('/');
      if (
        rest.length > 0 ||
        !namespace ||
        !pod ||
        !NAMESPACE.test(namespace) ||
        !POD.test(pod) ||
        pod.length > 253
      )
        return refuse(`${quoted(target)} is not <namespace>/<pod>. Usage: ${USAGE[name]}`);
      const extra = tooMany(2);
      if (extra) return extra;
      const cluster = clusterAt(1);
      if (cluster !== null && typeof cluster === 'object') return cluster;
      return { kind: 'command', command: { name, namespace, pod, cluster } };
    }
    default: {
      const extra = tooMany(1);
      if (extra) return extra;
      const cluster = clusterAt(0);
      if (cluster !== null && typeof cluster === 'object') return cluster;
      switch (name) {
        case 'apply':
          return {
            kind: 'command',
            command: {
              name,
              cluster,
              prune: flags.has('--prune'),
              forceConflicts: flags.has('--force-conflicts'),
            },
          };
        case 'rollback':
          return { kind: 'command', command: { name, cluster, to } };
        default:
          return { kind: 'command', command: { name, cluster } };
      }
    }
  }
}
