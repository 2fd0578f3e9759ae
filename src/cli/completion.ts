/**
 * `berth completion bash|zsh|fish`: shell completion scripts, written from the same
 * option tables the commands parse with, so a new option completes without a second list.
 * Nothing from input reaches a script: commands, options and words are berth's own.
 */

interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

export interface CompletionSpec {
  /** Each command's options, as `parseArgs` tables. */
  commands: Record<string, Readonly<Record<string, OptionSpec>>>;
  /** Words an option (by long name) takes, or a command's first argument (by command name). */
  values: Record<string, readonly string[]>;
  /** Options that take a directory. */
  directories: readonly string[];
  /** Options that take free text (a namespace, a duration): nothing to offer. */
  texts: readonly string[];
}

const DESCRIPTIONS: Record<string, string> = {
  plan: 'Plan where the pods of the changed workloads land on a cluster',
  explain: 'Show why one pod of a plan lands where it does, or fits nowhere',
  status: 'Show allocatable, requests and limits per node and namespace',
  snapshot: 'Write a live cluster as a snapshot file',
  apply: 'Apply the manifests to a live cluster',
  completion: 'Print a shell completion script',
  help: "Show help, or a command's",
};

function flags(name: string, option: OptionSpec): string[] {
  return option.short ? [`--${name}`, `-${option.short}`] : [`--${name}`];
}

function commandFlags(options: Readonly<Record<string, OptionSpec>>): string[] {
  return [...Object.entries(options).flatMap(([name, o]) => flags(name, o)), '--help', '-h'];
}

/** A word list for `compgen -W` under IFS=newline, so file names with spaces stay whole. */
function wordList(words: readonly string[]): string {
  return `"${words.join('\n')}"`;
}

function bash(spec: CompletionSpec): string {
  const commands = Object.keys(spec.commands);
  const cases = Object.entries(spec.commands).map(([command, options]) => {
    const valueCases = Object.entries(options)
      .filter(([, o]) => o.type === 'string')
      .map(([name, o]) => {
        const words = spec.values[name];
        if (spec.texts.includes(name)) return `        ${flags(name, o).join('|')}) COMPREPLY=(); return ;;`;
        const reply = spec.directories.includes(name)
          ? 'compgen -d -- "$cur"'
          : words
            ? `compgen -W ${wordList(words)} -- "$cur"${name === 'cluster' ? '; compgen -f -- "$cur"' : ''}`
            : 'compgen -f -- "$cur"';
        return `        ${flags(name, o).join('|')}) COMPREPLY=($(${reply})); return ;;`;
      });
    const positional = spec.values[command];
    const rest = positional ? `compgen -W ${wordList(positional)} -- "$cur"` : 'compgen -f -- "$cur"';
    return [
      `    ${command})`,
      ...(valueCases.length > 0 ? ['      case "$prev" in', ...valueCases, '      esac'] : []),
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${wordList(commandFlags(options))} -- "$cur")); return; fi`,
      `      COMPREPLY=($(${rest})) ;;`,
    ].join('\n');
  });
  return `# bash completion for berth: source <(berth completion bash)
_berth() {
  local IFS=$'\\n'
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${wordList([...commands, '--help', '--version'])} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
}
complete -o filenames -o bashdefault -F _berth berth
`;
}

/** Text inside single quotes in zsh and fish: a quote is closed, escaped and reopened. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function zsh(spec: CompletionSpec): string {
  const described = Object.keys(spec.commands).map((c) => quoted(`${c}:${DESCRIPTIONS[c] ?? c}`));
  const cases = Object.entries(spec.commands).map(([command, options]) => {
    const args = Object.entries(options).map(([name, o]) => {
      const names = o.short ? `{-${o.short},--${name}}` : `--${name}`;
      const repeat = o.type === 'string' && (name === 'head' || name === 'base') ? "'*'" : '';
      if (o.type === 'boolean') return `${repeat}${names}`;
      const words = spec.values[name];
      const action = spec.texts.includes(name)
        ? ' '
        : spec.directories.includes(name)
          ? '_directories'
          : words
            ? `(${words.map((w) => w.replaceAll(':', '\\:')).join(' ')})`
            : '_files';
      return `${repeat}${names}'[]:${name}:${action}'`;
    });
    const positional = spec.values[command];
    args.push(positional ? quoted(`*:${command}:(${positional.join(' ')})`) : "'*:path:_files'");
    return `    ${command}) _arguments -s ${args.join(' ')} ;;`;
  });
  return `#compdef berth
# zsh completion for berth: source <(berth completion zsh)
_berth() {
  local -a commands
  commands=(${described.join(' ')})
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local command=$words[2]
  shift words
  (( CURRENT-- ))
  case $command in
${cases.join('\n')}
  esac
}
if [[ $funcstack[1] == _berth ]]; then _berth "$@"; else compdef _berth berth; fi
`;
}

function fish(spec: CompletionSpec): string {
  const lines = [
    '# fish completion for berth: berth completion fish | source',
    'complete -c berth -f',
    "complete -c berth -n __fish_use_subcommand -l version -d 'Print the version'",
    ...Object.keys(spec.commands).map(
      (c) => `complete -c berth -n __fish_use_subcommand -a ${c} -d ${quoted(DESCRIPTIONS[c] ?? c)}`,
    ),
  ];
  for (const [command, options] of Object.entries(spec.commands)) {
    const when = `-n '__fish_seen_subcommand_from ${command}'`;
    for (const [name, o] of Object.entries(options)) {
      const short = o.short ? ` -s ${o.short}` : '';
      const words = spec.values[name];
      const takes =
        o.type === 'boolean'
          ? ''
          : spec.texts.includes(name)
            ? ' -x'
            : spec.directories.includes(name)
              ? " -r -a '(__fish_complete_directories)'"
              : words
                ? ` -x -a ${quoted(words.join(' '))}`
                : ' -r -F';
      lines.push(`complete -c berth ${when}${short} -l ${name}${takes}`);
    }
    const positional = spec.values[command];
    lines.push(
      positional
        ? `complete -c berth ${when} -x -a ${quoted(positional.join(' '))}`
        : `complete -c berth ${when} -F`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: 'bash' | 'zsh' | 'fish', spec: CompletionSpec): string {
  if (shell === 'bash') return bash(spec);
  if (shell === 'zsh') return zsh(spec);
  return fish(spec);
}
