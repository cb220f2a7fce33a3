# Shared address ranges that other configurations read through this module's outputs.
variable "vendor_cidr" {
  type        = string
  description = "Where the support vendor connects from."
  default     = "0.0.0.0/0"
}

output "office_cidrs" {
  value = ["203.0.113.0/24", "198.51.100.0/24"]
}

output "vendor_cidr" {
  value = var.vendor_cidr
}
