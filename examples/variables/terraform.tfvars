# Overrides the default of var.admin_cidr: this is where the world comes from.
admin_cidr = "0.0.0.0/0"
