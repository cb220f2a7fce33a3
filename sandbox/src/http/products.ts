/** Which product answers a request: by `x-acs-version` for RPC, by path for FC's ROA API. */
import { configActions } from '../config/actions';
import { evaluationActions } from '../config/evaluations';
import { remediationActions } from '../config/remediations';
import { resourceActions } from '../config/resources';
import { ecsActions } from '../ecs/actions';
import { fcActions, routeFc } from '../fc/actions';
import { ramActions } from '../ram/actions';
import { lookupTable } from '../names';
import type { ActionSpec } from './call';

export type ProductCode = 'ecs' | 'config' | 'fc' | 'ram';

/** By version, then action name: tables without a prototype, so `constructor` is no action. */
export const RPC_PRODUCTS = lookupTable<{ code: ProductCode; actions: Readonly<Record<string, ActionSpec>> }>(
  {
    '2014-05-26': { code: 'ecs', actions: lookupTable(ecsActions) },
    '2020-09-07': {
      code: 'config',
      actions: lookupTable({
        ...configActions,
        ...remediationActions,
        ...resourceActions,
        ...evaluationActions,
      }),
    },
    '2015-05-01': { code: 'ram', actions: lookupTable(ramActions) },
  },
);

export const FC_VERSION = '2023-03-30';
export const FC_ACTIONS = lookupTable(fcActions);
export { routeFc };

/** RAM action names: `ecs:DescribeSecurityGroups`, `fc:InvokeFunction`, … */
export const ramActionName = (product: ProductCode, action: string): string => `${product}:${action}`;
