/** What `berth --help` and `berth <command> --help` print: one text per command. */

import { APPLY_USAGE } from './apply.ts';

export const USAGE = `Usage: berth <command> [options]

Commands:
  plan        Plan where the pods of the changed workloads land on a cluster
  explain     Show why one pod of a plan lands where it does, or fits nowhere
  status      Show allocatable, requests and limits per node and namespace
  snapshot    Write a live cluster as a snapshot file
  apply       Apply the manifests to a live cluster: staged server-side apply, health, prune
  completion  Print a shell completion script (bash, zsh or fish)
  help        Show this help, or a command's: berth help plan

Options:
  -h, --help     show help (berth <command> --help for a command's options)
      --version  print berth's version and the Kubernetes version it validates against

Exit codes: 0 the plan passes, 1 it fails policy (a pod will not fit), 2 bad input or usage.
`;

const PATHS_HELP = `  -f, --head <path>...  manifests after the change: files, directories, globs, or - for
                        standard input; several after one --head (a shell glob expands
                        to them) or --head repeated; !<pattern> leaves matching files out;
                        a Helm chart or Kustomize folder is rendered (helm template, kustomize)
      --base <path>...  manifests before the change; only added and changed workloads
                        are placed when given`;

const PLAN_USAGE = `Usage: berth plan --cluster <source> --head <path>... [--base <path>...] [options]

Plan where the pods of the changed workloads land on a cluster.

  -c, --cluster <source>  snapshot file (kubectl get ... -o yaml), berth Fleet file,
                          live (current kubeconfig context) or context:<name>
${PATHS_HELP}
  -n, --namespace <ns>    namespace of the namespaced objects that name none (default:
                          default); an object naming another one is an error
  -o, --format <f>        text (default), json or markdown
      --config <file>     berth config (default: .github/berth.yml when it exists)
      --kubeconfig <file> kubeconfig for live clusters (default: KUBECONFIG, ~/.kube/config)
      --start <time>      batch timeline start, RFC 3339 (default: now)
      --horizon <d>       how far ahead CronJob runs are planned (default: 24h)
      --policy <p>        timeline order: fifo, edf (default) or critical-path
      --release-name <n>  helm's release name for the charts rendered (default: helm's)
      --values <file>     a values file for the charts rendered, after render: in the
                          config (repeatable)
      --no-advice         skip capacity advice (faster on very large clusters)
      --exit-zero         exit 0 even when the plan fails policy (input errors still exit 2)
      --root <dir>        manifest, cluster and config files must resolve inside it, links
                          followed (default: the current directory)
      --allow-outside-root  read files outside the root too (still only regular files)
  -h, --help              show this help

Exit codes: 0 the plan passes, 1 it fails policy (a pod will not fit), 2 bad input or usage.
`;

const EXPLAIN_USAGE = `Usage: berth explain <namespace>/<pod> --cluster <source> --head <path>... [--base <path>...] [options]

Show, for one pod of the plan, each node and why the pod cannot go there, and the
smallest fix berth found. Takes the options of berth plan (berth plan --help); name
the pod before them.
`;

const STATUS_USAGE = `Usage: berth status [--cluster <source>] [options]

Show allocatable, requests and limits per node and per namespace, as kube-capacity does.

  -c, --cluster <source>  snapshot file, Fleet file, live (default) or context:<name>
      --kubeconfig <file> kubeconfig for live clusters (default: KUBECONFIG, ~/.kube/config)
  -o, --format <f>        text (default), json or markdown
      --root <dir>        cluster files must resolve inside it (default: the current directory)
      --allow-outside-root  read files outside the root too
  -h, --help              show this help
`;

const SNAPSHOT_USAGE = `Usage: berth snapshot [--context <name>] [--kubeconfig <file>] [--output <file>]

Write a live cluster (nodes, pods, quotas, limit ranges, priority classes, ...) as a
snapshot file for --cluster, to standard output or to --output (mode 0600).

      --context <name>    kubeconfig context (default: the current one)
      --kubeconfig <file> kubeconfig (default: KUBECONFIG, ~/.kube/config)
  -o, --output <file>     write the snapshot to a file instead of standard output
  -h, --help              show this help
`;

const COMPLETION_USAGE = `Usage: berth completion bash|zsh|fish

Print a completion script for the shell. Load it in the current shell with
  source <(berth completion bash)        # bash, or in ~/.bashrc
  source <(berth completion zsh)         # zsh, or in ~/.zshrc
  berth completion fish | source         # fish, or into ~/.config/fish/completions/berth.fish
`;

export const HELP: Record<string, string> = {
  plan: PLAN_USAGE,
  explain: EXPLAIN_USAGE,
  status: STATUS_USAGE,
  snapshot: SNAPSHOT_USAGE,
  apply: APPLY_USAGE,
  completion: COMPLETION_USAGE,
  help: USAGE,
};
