module "web_sg" {
  source  = "alibaba/security-group/alicloud"
  version = "~> 2.4"

  name   = "web"
  vpc_id = "vpc-123456"

  ingress_cidr_blocks = ["0.0.0.0/0"]
  ingress_rules       = ["https-443-tcp", "ssh-tcp"]

  ingress_with_cidr_blocks = [
    {
      from_port   = 3389
      to_port     = 3389
      protocol    = "tcp"
      description = "RDP for the jump host"
      cidr_blocks = "10.0.0.0/8,0.0.0.0/0"
    },
  ]
}

module "ssh_sg" {
  source = "alibaba/security-group/alicloud//modules/ssh"

  name                = "ssh"
  vpc_id              = "vpc-123456"
  ingress_cidr_blocks = ["0.0.0.0/0"]
}
