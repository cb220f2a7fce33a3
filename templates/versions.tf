terraform {
  # optional() attributes and precondition blocks need 1.3.
  required_version = ">= 1.3.0"

  required_providers {
    alicloud = {
      source = "aliyun/alicloud"
      # role_name / assume_role_policy_document / tags on alicloud_ram_role arrived in 1.252.0;
      # alicloud_fcv3_function tags in 1.242.0.
      version = ">= 1.252.0"
    }
  }
}

provider "alicloud" {
  region = var.region
}
