/**
 * Workload generator for the benchmarks: realistic alicloud Terraform (VPC, vSwitches, security
 * groups, rules with risky and safe ports, ECS instances, locals, variables, dynamic blocks).
 * Deterministic, so runs are comparable.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PORTS = ['22/22', '3389/3389', '443/443', '80/80', '1/65535', '3306/3306', '6379/6379', '8080/8090'];
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '192.168.1.0/24', '172.16.0.0/12', '::/0'];

/** One chunk of about 50 lines: a security group, its rules and an instance using it. */
function chunk(i: number): string {
  const port = PORTS[i % PORTS.length]!;
  const cidr = CIDRS[i % CIDRS.length]!;
  const v6 = cidr.includes(':');
  return `# Security group ${i}: web tier
resource "alicloud_security_group" "sg_${i}" {
  name        = "sg-\${var.env}-${i}"
  description = "Security group ${i} managed by Terraform"
  vpc_id      = alicloud_vpc.main.id
  tags = {
    Team = "platform"
    Env  = var.env
  }
}

resource "alicloud_security_group_rule" "ingress_${i}" {
  type              = "ingress"
  ip_protocol       = "tcp"
  nic_type          = "intranet"
  policy            = "accept"
  port_range        = "${port}"
  priority          = ${(i % 100) + 1}
  security_group_id = alicloud_security_group.sg_${i}.id
  ${v6 ? 'ipv6_source_ip' : 'cidr_ip'}${v6 ? '' : '       '}    = "${cidr}"
}

resource "alicloud_security_group_rule" "egress_${i}" {
  count             = var.enable_egress ? 1 : 0
  type              = "egress"
  ip_protocol       = "all"
  port_range        = "-1/-1"
  security_group_id = alicloud_security_group.sg_${i}.id
  cidr_ip           = local.egress_cidrs[${i % 3}]
}

resource "alicloud_instance" "web_${i}" {
  availability_zone = data.alicloud_zones.default.zones[0].id
  security_groups   = [alicloud_security_group.sg_${i}.id]
  instance_type     = "ecs.g7.large"
  image_id          = "ubuntu_22_04_x64_20G_alibase_20240101.vhd"
  vswitch_id        = alicloud_vswitch.main[${i % 4}].id
  instance_name     = format("web-%s-%03d", var.env, ${i})
  user_data = <<-EOT
    #!/bin/bash
    echo "node ${i}" > /etc/motd
  EOT
  lifecycle {
    ignore_changes = [user_data]
  }
}
`;
}

const HEADER = `terraform {
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = ">= 1.200.0"
    }
  }
}

variable "env" {
  type    = string
  default = "prod"
}

variable "enable_egress" {
  type    = bool
  default = true
}

locals {
  egress_cidrs = ["10.0.0.0/8", "172.16.0.0/12", "0.0.0.0/0"]
  open_ports   = { for p in [22, 3389, 443] : tostring(p) => p if p != 443 }
}

resource "alicloud_vpc" "main" {
  vpc_name   = "main"
  cidr_block = "10.0.0.0/8"
}

`;

/** A Terraform file of about `lines` lines. */
export function terraformText(lines: number, seed = 0, header = true): string {
  let out = header ? HEADER : '';
  let n = header ? HEADER.split('\n').length : 0;
  for (let i = seed; n < lines; i++) {
    const c = chunk(i);
    out += c + '\n';
    n += c.split('\n').length;
  }
  return out;
}

/** Writes `big.tf` (about 10,000 lines) into `dir`; returns its path. */
export function writeBigFile(dir: string, lines = 10_000): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'big.tf');
  writeFileSync(path, terraformText(lines));
  return path;
}

/** Writes `count` files of about `lines` lines each into `dir/many/`; returns their paths. */
export function writeManyFiles(dir: string, count = 2_000, lines = 100): string[] {
  const sub = join(dir, 'many');
  mkdirSync(sub, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(sub, `f${String(i).padStart(4, '0')}.tf`);
    writeFileSync(path, terraformText(lines, i * 3));
    paths.push(path);
  }
  return paths;
}
