"""The k3smigrate-native inventory and the known_hosts file of a lab."""


def inventory_text(lab_name, state_dir, plans):
    lines = ["cluster: lab-%s" % lab_name,
             "ssh:",
             "  user: root",
             "  port: 22",
             "  identity_file: %s/id_ed25519" % state_dir,
             "  known_hosts: %s/known_hosts" % state_dir,
             "  host_key_policy: strict"]
    for role, key in (("server", "servers"), ("agent", "agents")):
        members = [p for p in plans if p.role == role]
        if not members:
            lines.append("%s: []" % key)
            continue
        lines.append("%s:" % key)
        for plan in members:
            lines += ["  - name: %s" % plan.name, "    address: %s" % plan.address]
    return "\n".join(lines) + "\n"


def known_hosts_text(plans, host_keys):
    return "".join("%s %s %s\n" % (p.address, host_keys[p.name][0], host_keys[p.name][1])
                   for p in plans)
