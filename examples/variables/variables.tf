variable "admin_cidr" {
  description = "Who may reach the admin ports."
  type        = string
  default     = "10.0.0.0/8"
}

variable "open_ports" {
  description = "Public services and their port ranges."
  type        = map(string)
  default = {
    https = "443/443"
    ssh   = "22/22"
  }
}

variable "replicas" {
  type    = number
  default = 2
}

# No default and no value anywhere: what depends on it cannot be verified.
variable "bastion_cidr" {
  type = string
}
