# SG Guard guardrail: a Cloud Config rule finds security groups that open a risky port to the whole
# Internet; a Config remediation invokes the SG Guard function, which revokes exactly those rules
# (as the editor's linter judges them) and nothing else. The rule is either Alibaba's managed
# sg-risky-ports-check (rule_source = "managed", documented to flag 0.0.0.0/0 only) or SG Guard's own
# custom function rule (rule_source = "sg-guard"): the same package's index.evaluate, which judges
# with the editor's rule module (IPv6 ::/0, port lists, drop rules) and reports with PutEvaluations.

locals {
  # The RAM actions the function calls in each mode. They must equal the function's own list
  # (remediation-fn/src/actions.ts, ramActionsFor); test/templates checks that they do.
  ecs_actions_by_mode = {
    "revoke"  = ["ecs:DescribePortRangeListEntries", "ecs:DescribeSecurityGroupAttribute", "ecs:DescribeSecurityGroups", "ecs:RevokeSecurityGroup"]
    "narrow"  = ["ecs:AuthorizeSecurityGroup", "ecs:DescribePortRangeListEntries", "ecs:DescribeSecurityGroupAttribute", "ecs:DescribeSecurityGroups", "ecs:RevokeSecurityGroup"]
    "dry-run" = ["ecs:DescribePortRangeListEntries", "ecs:DescribeSecurityGroupAttribute", "ecs:DescribeSecurityGroups"]
  }
  config_actions = ["config:StartConfigRuleEvaluation"]

  # The custom rule's evaluator reads and reports only (evaluatorRamActions in actions.ts).
  evaluator_actions = ["config:GetDiscoveredResource", "config:ListDiscoveredResources", "config:PutEvaluations", "ecs:DescribePortRangeListEntries"]
  custom_rule       = var.rule_source == "sg-guard"

  # A dry run changes nothing, so there is nothing to re-evaluate.
  reevaluates      = var.reevaluate_after_remediation && var.mode != "dry-run"
  function_actions = concat(local.ecs_actions_by_mode[var.mode], local.reevaluates ? local.config_actions : [])

  ports_parameter = join(",", [for p in var.ports : tostring(p)])

  # Both roles (evaluator and remediation) are assumed by Function Compute and nothing else.
  fc_assume_role_policy = jsonencode({
    Version = "1"
    Statement = [{
      Action    = "sts:AssumeRole"
      Effect    = "Allow"
      Principal = { Service = ["fc.aliyuncs.com"] }
    }]
  })
}

resource "alicloud_config_rule" "risky_ports" {
  rule_name   = "${var.name}-risky-ports"
  description = local.custom_rule ? "SG Guard: security groups must not open ${local.ports_parameter} to 0.0.0.0/0 or ::/0 (IPv4 and IPv6, port lists, drop rules)." : "Managed sg-risky-ports-check: security groups must not open ${local.ports_parameter} to 0.0.0.0/0."
  # source_owner and source_identifier force a new rule when rule_source changes.
  source_owner      = local.custom_rule ? "CUSTOM_FC" : "ALIYUN"
  source_identifier = local.custom_rule ? alicloud_fcv3_function.evaluator[0].function_arn : "sg-risky-ports-check"
  # The custom rule also runs daily: a port list edit changes no security group's configuration.
  config_rule_trigger_types   = local.custom_rule ? "ConfigurationItemChangeNotification,ScheduledNotification" : "ConfigurationItemChangeNotification"
  maximum_execution_frequency = local.custom_rule ? "TwentyFour_Hours" : null
  resource_types_scope        = ["ACS::ECS::SecurityGroup"]
  risk_level                  = 1

  input_parameters = {
    ports = local.ports_parameter
  }
}

resource "alicloud_ram_role" "evaluator" {
  count       = local.custom_rule ? 1 : 0
  role_name   = "${var.name}-evaluator"
  description = "Assumed by the SG Guard Config rule evaluator (Function Compute)."
  tags        = var.tags

  assume_role_policy_document = local.fc_assume_role_policy
}

resource "alicloud_ram_policy" "evaluator" {
  count       = local.custom_rule ? 1 : 0
  policy_name = "${var.name}-evaluator"
  description = "Least privilege for the SG Guard Config rule evaluator: read and report only."
  # RAM keeps at most 5 versions of a policy: without rotation the 6th change fails to apply.
  rotate_strategy = "DeleteOldestNonDefaultVersionWhenLimitExceeded"

  policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect   = "Allow"
      Action   = local.evaluator_actions
      Resource = "*"
    }]
  })
}

resource "alicloud_ram_role_policy_attachment" "evaluator" {
  count       = local.custom_rule ? 1 : 0
  role_name   = alicloud_ram_role.evaluator[0].role_name
  policy_name = alicloud_ram_policy.evaluator[0].policy_name
  policy_type = "Custom"
}

resource "alicloud_fcv3_function" "evaluator" {
  count         = local.custom_rule ? 1 : 0
  function_name = "${var.name}-evaluator"
  description   = "SG Guard: the Config rule judging security groups with the editor's rule module."
  runtime       = "nodejs20"
  handler       = "index.evaluate"
  role          = alicloud_ram_role.evaluator[0].arn
  memory_size   = 512
  timeout       = 120
  tags          = var.tags

  code {
    # The same package as the remediation: one build, two entry points.
    zip_file = filebase64("${path.module}/code.zip")
  }

  environment_variables = {
    SG_GUARD_PORTS           = local.ports_parameter
    SG_GUARD_EXEMPT_TAG      = var.exempt_tag
    SG_GUARD_CONFIG_ENDPOINT = var.config_endpoint
  }

  depends_on = [alicloud_ram_role_policy_attachment.evaluator]
}

resource "alicloud_ram_role" "function" {
  role_name   = "${var.name}-remediation"
  description = "Assumed by the SG Guard remediation function (Function Compute)."
  tags        = var.tags

  assume_role_policy_document = local.fc_assume_role_policy
}

resource "alicloud_ram_policy" "function" {
  policy_name = "${var.name}-remediation"
  description = "Least privilege for the SG Guard remediation function in ${var.mode} mode."
  # RAM keeps at most 5 versions of a policy: without rotation the 6th change fails to apply.
  rotate_strategy = "DeleteOldestNonDefaultVersionWhenLimitExceeded"

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
