/**
 * Object name rules as the API server applies them (k8s.io/apimachinery
 * pkg/util/validation and pkg/api/validation/path). Messages are upstream's, so a
 * user sees in the plan what `kubectl apply` would have told them.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';

const subdomainPattern = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const labelPattern = new RegExp(`^${DNS1123_LABEL}$`);
const dns1035Pattern = new RegExp(`^${DNS1035_LABEL}$`);

function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

function regexError(message: string, pattern: string, examples: string[]): string {
  const shown = examples.map((example, i) => `${i > 0 ? ' or ' : ''}'${example}', `).join('');
  return `${message} (e.g. ${shown}regex used for validation is '${pattern}')`;
}

export function dns1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push(maxLenError(253));
  if (!subdomainPattern.test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        ['example.com'],
      ),
    );
  }
  return errors;
}

export function dns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLenError(63));
  if (!labelPattern.test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL,
        ['my-name', '123-abc'],
      ),
    );
  }
  return errors;
}

export function dns1035Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLenError(63));
  if (!dns1035Pattern.test(value)) {
    errors.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        ['my-name', 'abc-123'],
      ),
    );
  }
  return errors;
}

/** RBAC objects only forbid what would break a URL path (`system:aggregate-to-admin` is a valid name). */
export function pathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errors: string[] = [];
  for (const illegal of ['/', '%']) {
    if (value.includes(illegal)) errors.push(`may not contain '${illegal}'`);
  }
  return errors;
}

const rbacKinds = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** The name rule upstream applies to objects of `kind`; unknown kinds (custom resources) use DNS-1123 subdomain. */
export function nameRule(kind: string): (value: string) => string[] {
  if (rbacKinds.has(kind)) return pathSegmentName;
  if (kind === 'Namespace') return dns1123Label;
  if (kind === 'Service') return dns1035Label;
  return dns1123Subdomain;
}

const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNamePattern = new RegExp(`^${QUALIFIED_NAME}$`);
const QUALIFIED_NAME_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/**
 * A qualified name (a label key: `name` or `prefix/name`), as upstream's IsQualifiedName
 * (content.IsLabelKey) checks it. Resource names in requests and limits are qualified names.
 */
export function qualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...dns1123Subdomain(prefix).map((e) => `prefix part ${e}`));
  } else {
    return [
      `a valid label key ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME, ['MyName', 'my.name', '123-abc'])} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > 63) errors.push(`name part ${maxLenError(63)}`);
  if (!qualifiedNamePattern.test(name)) {
    errors.push(
      `name part ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME, ['MyName', 'my.name', '123-abc'])}`,
    );
  }
  return errors;
}
