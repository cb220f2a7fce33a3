# SG Guard guardrail: the Cloud Config managed rule sg-risky-ports-check finds security groups that
# open a risky port to the whole Internet; a Config remediation invokes the SG Guard function, which
# revokes exactly those rules (as the editor's linter judges them) and nothing else.

locals {
  # The RAM actions the function calls in each mode. They must equal the function's own list
  # (remediation-fn/src/actions.ts, ramActionsFor); test/templates checks that they do.
  ecs_actions_by_mode = {
    "revoke"  = ["ecs:DescribeSecurityGroupAttribute", "ecs:DescribeSecurityGroups", "ecs:RevokeSecurityGroup"]
    "narrow"  = ["ecs:AuthorizeSecurityGroup", "ecs:DescribeSecurityGroupAttribute", "ecs:DescribeSecurityGroups", "ecs:RevokeSecurityGroup"]
    "dry-run" = ["ecs:DescribeSecurityGroupAttribute", "ecs:DescribeSecurityGroups"]
  }
  config_actions = ["config:StartConfigRuleEvaluation"]

  # A dry run changes nothing, so there is nothing to re-evaluate.
  reevaluates      = var.reevaluate_after_remediation && var.mode != "dry-run"
  function_actions = concat(local.ecs_actions_by_mode[var.mode], local.reevaluates ? local.config_actions : [])

  ports_parameter = join(",", [for p in var.ports : tostring(p)])
}

resource "alicloud_config_rule" "risky_ports" {
  rule_name                 = "${var.name}-risky-ports"
  description               = "Security groups must not open ${local.ports_parameter} to 0.0.0.0/0 or ::/0 (SG Guard)."
  source_owner              = "ALIYUN"
  source_identifier         = "sg-risky-ports-check"
  config_rule_trigger_types = "ConfigurationItemChangeNotification"
  resource_types_scope      = ["ACS::ECS::SecurityGroup"]
  risk_level                = 1

  input_parameters = {
    ports = local.ports_parameter
  }
}

resource "alicloud_ram_role" "function" {
  role_name   = "${var.name}-remediation"
  description = "Assumed by the SG Guard remediation function (Function Compute)."
  tags        = var.tags

  assume_role_policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Action    = "sts:AssumeRole"
      Effect    = "Allow"
      Principal = { Service = ["fc.aliyuncs.com"] }
    }]
  })
}

resource "alicloud_ram_policy" "function" {
  policy_name = "${var.name}-remediation"
  description = "Least privilege for the SG Guard remediation function in ${var.mode} mode."

  policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect   = "Allow"
      Action   = local.function_actions
      Resource = "*"
    }]
  })
}

resource "alicloud_ram_role_policy_attachment" "function" {
  role_name   = alicloud_ram_role.function.role_name
  policy_name = alicloud_ram_policy.function.policy_name
  policy_type = "Custom"
}

resource "alicloud_fcv3_function" "remediation" {
  function_name = "${var.name}-remediation"
  description   = "SG Guard: revokes world-open security group rules on risky ports (${var.mode} mode)."
  runtime       = "nodejs20"
  handler       = "index.handler"
  role          = alicloud_ram_role.function.arn
  memory_size   = 512
  timeout       = 120
  tags          = var.tags

  code {
    # The bundled function (remediation-fn/dist/code.zip), copied next to this file.
    zip_file = filebase64("${path.module}/code.zip")
  }

  environment_variables = {
    SG_GUARD_PORTS           = local.ports_parameter
    SG_GUARD_MODE            = var.mode
    SG_GUARD_TRUSTED_CIDRS   = join(",", var.trusted_cidrs)
    SG_GUARD_EXEMPT_TAG      = var.exempt_tag
    SG_GUARD_CONFIG_ENDPOINT = var.config_endpoint
    SG_GUARD_CONFIG_RULE_ID  = local.reevaluates ? alicloud_config_rule.risky_ports.config_rule_id : ""
  }

  dynamic "log_config" {
    for_each = var.log_project == "" ? [] : [var.log_project]
    content {
      project  = log_config.value
      logstore = var.log_store
    }
  }

  lifecycle {
    precondition {
      condition     = var.mode != "narrow" || length(var.trusted_cidrs) > 0
      error_message = "mode = \"narrow\" needs trusted_cidrs: the ranges that keep access once the world rule is gone."
    }
    precondition {
      condition     = (var.log_project == "") == (var.log_store == "")
      error_message = "Set log_project and log_store together, or neither."
    }
  }

  # The role must be able to act before Config first invokes the function.
  depends_on = [alicloud_ram_role_policy_attachment.function]
}

resource "alicloud_config_remediation" "revoke_risky_rules" {
  config_rule_id          = alicloud_config_rule.risky_ports.config_rule_id
  remediation_type        = "FC"
  remediation_source_type = "CUSTOM"
  remediation_template_id = alicloud_fcv3_function.remediation.function_arn
  invoke_type             = "${var.execution}_EXECUTION"
  params                  = jsonencode({})
}
