variable "app_cidr" {
  default = "0.0.0.0/0"
}
