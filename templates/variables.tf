variable "region" {
  type        = string
  description = "Region to deploy the Config rule, the remediation function and its role into, e.g. cn-hangzhou."

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z0-9]+)+$", var.region))
    error_message = "The region must be a region id such as cn-hangzhou or ap-southeast-1."
  }
}

variable "rule_source" {
  type        = string
  description = "Which Config rule judges the groups: \"sg-guard\" (SG Guard's own custom function rule, the same verdict as the editor: IPv4 and IPv6 world sources, port lists, drop rules) or \"managed\" (Alibaba's managed sg-risky-ports-check, documented to flag 0.0.0.0/0 only)."
  default     = "sg-guard"

  validation {
    condition     = contains(["sg-guard", "managed"], var.rule_source)
    error_message = "The rule_source must be sg-guard or managed."
  }
}

variable "ports" {
  type        = list(number)
  description = "Ports that must not be open to the whole Internet. Passed both to the managed rule (its ports parameter) and to the function, so both judge the same ports."
  default     = [22, 3389]

  validation {
    condition     = length(var.ports) > 0 && alltrue([for p in var.ports : p >= 1 && p <= 65535 && floor(p) == p])
    error_message = "The ports must be a non-empty list of whole numbers within 1..65535."
  }
}

variable "mode" {
  type        = string
  description = "What the function does with a world-open rule on a risky port: revoke it, narrow it (add the same rule from each trusted CIDR, then revoke the world rule) or dry-run (log only, change nothing). The RAM policy grants only the actions the mode needs."
  default     = "revoke"

  validation {
    condition     = contains(["revoke", "narrow", "dry-run"], var.mode)
    error_message = "The mode must be revoke, narrow or dry-run."
  }
}

variable "trusted_cidrs" {
  type        = list(string)
  description = "CIDRs (IPv4 or IPv6) that keep access in narrow mode, e.g. the office range. Required when mode is narrow."
  default     = []

  validation {
    condition     = alltrue([for c in var.trusted_cidrs : can(cidrhost(c, 0)) && try(tonumber(split("/", c)[1]) >= (strcontains(c, ":") ? 32 : 8), false)])
    error_message = "Each trusted CIDR must be a valid CIDR such as 203.0.113.0/24, at most a /8 (IPv4) or a /32 (IPv6): not the whole Internet or a large share of it."
  }
}

variable "exempt_tag" {
  type        = string
  description = "Security groups carrying this tag key (or KEY=VALUE to require a value) are never changed by the function."
  default     = "sg-guard:exempt"

  validation {
    condition     = length(trimspace(var.exempt_tag)) > 0 && !startswith(trimspace(var.exempt_tag), "=")
    error_message = "The exemption tag must be a tag key, or KEY=VALUE."
  }
}

variable "execution" {
  type        = string
  description = "AUTO runs the remediation as soon as Config marks a group non-compliant; MANUAL waits for someone to start it from the Config console."
  default     = "AUTO"

  validation {
    condition     = contains(["AUTO", "MANUAL"], var.execution)
    error_message = "The execution must be AUTO or MANUAL."
  }
}

variable "reevaluate_after_remediation" {
  type        = bool
  description = "After changing a group, ask Config to evaluate the rule again so the group shows compliant without waiting. Adds config:StartConfigRuleEvaluation to the function's policy (never in dry-run mode)."
  default     = true
}

variable "config_endpoint" {
  type        = string
  description = "Cloud Config API endpoint the functions call (re-evaluation, PutEvaluations): config.cn-shanghai.aliyuncs.com for China-site accounts, config.ap-southeast-1.aliyuncs.com for international-site accounts."
  default     = "config.cn-shanghai.aliyuncs.com"

  validation {
    condition     = can(regex("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$", var.config_endpoint))
    error_message = "The Config endpoint must be host[:port], without a scheme."
  }
}

variable "name" {
  type        = string
  description = "Prefix for every resource name: the Config rule, the function, its RAM role and policy."
  default     = "sg-guard"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]{0,39}$", var.name))
    error_message = "The name must start with a letter and hold at most 40 letters, digits, _ or -."
  }
}

variable "log_project" {
  type        = string
  description = "Simple Log Service project the function writes its JSON log lines to (one line per removed rule). Empty: no log delivery."
  default     = ""

  validation {
    condition     = var.log_project == "" || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.log_project))
    error_message = "The log project must be empty or an SLS project name (3..63 lower-case letters, digits, -)."
  }
}

variable "log_store" {
  type        = string
  description = "Logstore in log_project for the function's logs. Required when log_project is set."
  default     = ""

  validation {
    condition     = var.log_store == "" || can(regex("^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$", var.log_store))
    error_message = "The logstore must be empty or an SLS logstore name (3..63 lower-case letters, digits, _ or -)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the function and its RAM role."
  default     = {}

  validation {
    condition     = length(var.tags) <= 20 && alltrue([for k, v in var.tags : length(k) > 0 && length(k) <= 128 && length(v) <= 128])
    error_message = "At most 20 tags, keys of 1..128 characters and values of at most 128."
  }
}
