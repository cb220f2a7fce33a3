/**
 * ROS (Resource Orchestration Service) template front end: a YAML or JSON template with
 * `ROSTemplateFormatVersion` in, the same model the Terraform analysis builds out, so the same
 * rules judge it with the same ids.
 */
import type { ModuleAnalysis } from '../../evaluate/index';
import { stripBom } from '../../parse/positions';
import { documentAnalysis } from '../document';
import { RosEvaluator } from './evaluate';
import { rosCandidates } from './extract';
import { parseTemplate } from './template';

export function analyseRosTemplate(path: string, rawText: string): ModuleAnalysis {
  const text = stripBom(rawText);
  const t = parseTemplate(path, text);
  const candidates = rosCandidates(t, new RosEvaluator(t));
  return documentAnalysis(path, 'yaml', text, t, candidates, [path]);
}
