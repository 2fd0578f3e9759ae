/** The JSON report: the plan itself, which is the versioned schema (see src/plan/types.ts). */

import type { Plan } from '../plan/types.ts';

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
