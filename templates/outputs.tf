output "config_rule_id" {
  description = "ID of the Cloud Config rule (managed sg-risky-ports-check or SG Guard's custom rule)."
  value       = alicloud_config_rule.risky_ports.config_rule_id
}

output "remediation_id" {
  description = "ID of the Config remediation that invokes the function."
  value       = alicloud_config_remediation.revoke_risky_rules.id
}

output "function_name" {
  description = "Name of the remediation function."
  value       = alicloud_fcv3_function.remediation.function_name
}

output "function_arn" {
  description = "ARN of the remediation function (the remediation's template id)."
  value       = alicloud_fcv3_function.remediation.function_arn
}

output "role_arn" {
  description = "ARN of the RAM role the function runs as."
  value       = alicloud_ram_role.function.arn
}

output "granted_actions" {
  description = "Every action the function's RAM policy grants (least privilege for the chosen mode)."
  value       = local.function_actions
}

output "evaluator_arn" {
  description = "ARN of the custom rule's evaluator function (rule_source = \"sg-guard\"); empty for the managed rule."
  value       = local.custom_rule ? alicloud_fcv3_function.evaluator[0].function_arn : ""
}
