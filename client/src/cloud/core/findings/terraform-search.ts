/**
 * "Find in Terraform": where the workspace defines a security group or rule, by its id (imports,
 * data sources, hard-coded ids) or by the group's name (`name` / `security_group_name` of an
 * `alicloud_security_group`). Pure: the adapter supplies the .tf files' text.
 */
export interface TerraformMatch {
  path: string;
  /** 0-based. */
  line: number;
  column: number;
  /** The matched line, trimmed. */
  text: string;
  why: 'id' | 'name';
}

export interface SearchTarget {
  groupId: string;
  groupName?: string;
  ruleId?: string;
}

export function findInTerraform(
  files: readonly { path: string; text: string }[],
  target: SearchTarget,
): TerraformMatch[] {
  const ids = [target.ruleId, target.groupId].filter((x): x is string => !!x);
  const name = target.groupName?.trim();
  const nameRe = name
    ? new RegExp(`^\\s*(?:name|security_group_name)\\s*=\\s*"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`)
    : undefined;
  const byId: TerraformMatch[] = [];
  const byName: TerraformMatch[] = [];
  for (const f of files) {
    const lines = f.text.split(/\r?\n/);
    let inGroup = false;
    lines.forEach((text, line) => {
      if (/^\s*resource\s+"alicloud_security_group"\s/.test(text)) inGroup = true;
      else if (/^\s*(resource|data|module|variable|output|locals)\b/.test(text)) inGroup = false;
      for (const id of ids) {
        const column = text.indexOf(id);
        if (column >= 0) {
          byId.push({ path: f.path, line, column, text: text.trim(), why: 'id' });
          return;
        }
      }
      if (inGroup && nameRe?.test(text))
        byName.push({ path: f.path, line, column: text.indexOf(name!), text: text.trim(), why: 'name' });
    });
  }
  return [...byId, ...byName];
}
