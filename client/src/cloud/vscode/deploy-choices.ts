/**
 * How a deploy plan is offered for review: one row per step (create / update / unchanged, with what
 * changes), then Deploy, Terraform (when a binary is on PATH) and Cancel.
 */
import type { DeployPlan, StepAction } from '../core/deploy/plan';
import type { PickItem } from '../core/prompter';

/** `info` is a step row: picking one does not deploy (as Cancel). */
export type DeployChoice = 'deploy' | 'terraform' | 'cancel' | 'info';

const ICON: Record<StepAction, string> = {
  create: '$(add)',
  update: '$(edit)',
  replace: '$(replace-all)',
  delete: '$(trash)',
  unchanged: '$(check)',
};

/** `terraform` is the path of a terraform / tofu binary, if one was found. */
export function deployChoices(plan: DeployPlan, terraform: string | undefined): PickItem<DeployChoice>[] {
  return [
    ...plan.steps.map((s) => ({
      label: `${ICON[s.action]} ${s.action}: ${s.title}`,
      ...(s.changes.length ? { detail: s.changes.join('; ') } : {}),
      value: 'info' as const,
    })),
    { label: `$(rocket) Deploy (${plan.changes} changes)`, value: 'deploy' as const },
    ...(terraform
      ? [
          {
            label: '$(terminal) Deploy with Terraform instead',
            description: terraform,
            value: 'terraform' as const,
          },
        ]
      : []),
    { label: '$(close) Cancel', value: 'cancel' as const },
  ];
}
