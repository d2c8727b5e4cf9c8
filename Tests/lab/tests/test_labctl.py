"""Unit tests of the lab CLI's pure parts: names, addresses, install.sh files, inventory."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from labctl import installsh, inventory, naming, scenarios  # noqa: E402


class NamingTests(unittest.TestCase):
    def test_addresses_servers_from_11_agents_from_21(self):
        found = naming.addresses(7, 3, 2)
        self.assertEqual(found, {"s1": "10.254.7.11", "s2": "10.254.7.12", "s3": "10.254.7.13",
                                 "a1": "10.254.7.21", "a2": "10.254.7.22"})

    def test_many_servers_push_agents_up_and_fleet_size_is_bounded(self):
        self.assertEqual(naming.addresses(7, 12, 1)["a1"], "10.254.7.23")
        with self.assertRaises(naming.NamingError):
            naming.addresses(7, 3, 240)

    def test_interface_names_fit_ifnamsiz(self):
        self.assertLessEqual(len(naming.host_veth(254, "a234")), 15)
        self.assertLessEqual(len(naming.bridge(254)), 15)

    def test_lab_names(self):
        self.assertEqual(naming.check_lab_name("it-42_b"), "it-42_b")
        for bad in ("", "-x", "A", "a/b", "x" * 32):
            with self.assertRaises(naming.NamingError):
                naming.check_lab_name(bad)


class InstallShTests(unittest.TestCase):
    def test_exec_start_lines_are_tab_indented_single_quoted(self):
        text = installsh.systemd_unit("agent", ["--node-external-ip", "1.2.3.4"])
        self.assertIn("ExecStart=/usr/local/bin/k3s \\\n    agent \\\n"
                      "\t'--node-external-ip' \\\n\t'1.2.3.4' \\\n\n", text)
        self.assertIn("Type=exec", text)
        self.assertIn("EnvironmentFile=-/etc/systemd/system/k3s-agent.service.env", text)

    def test_env_file_quotes_like_sh_export(self):
        self.assertEqual(installsh.env_file({"K3S_URL": "https://a:6443", "K3S_TOKEN": "x'y"}),
                         "K3S_TOKEN='x'\\''y'\nK3S_URL='https://a:6443'\n")


class ScenarioAndInventoryTests(unittest.TestCase):
    def plans(self, scenario, servers=3, agents=2):
        addresses = naming.addresses(9, servers, agents)
        plans = [scenarios.NodePlan(name=n, role="server" if n[0] == "s" else "agent",
                                    address=addresses[n])
                 for n in naming.node_names(servers, agents)]
        return scenarios.apply(scenario, plans, "K10secret::server:x")

    def test_wireguard_mixed_sets_the_backend_in_three_places(self):
        s1, s2, s3, a1, _a2 = self.plans("wireguard-mixed")
        self.assertIn('flannel-backend: "wireguard"', s1.files["rancher/k3s/config.yaml"][0])
        self.assertIn("flannel-backend: wireguard\n",
                      s2.files["rancher/k3s/config.yaml.d/50-flannel.yaml"][0])
        self.assertIn("\t'--flannel-backend=wireguard' \\",
                      s3.files["systemd/system/k3s.service"][0])
        self.assertNotIn("flannel-backend", a1.files["rancher/k3s/config.yaml"][0])
        self.assertIn("K3S_URL='https://10.254.9.11:6443'",
                      a1.files["systemd/system/k3s-agent.service.env"][0])
        self.assertEqual(a1.files["systemd/system/k3s-agent.service.env"][1], 0o600)

    def test_openrc_scenario_puts_the_last_server_on_openrc(self):
        plans = self.plans("openrc")
        self.assertEqual([p.init for p in plans],
                         ["systemd", "systemd", "openrc", "systemd", "systemd"])
        self.assertIn("init.d/k3s", plans[2].files)
        self.assertNotIn("systemd/system/k3s.service", plans[2].files)

    def test_inventory_has_exactly_the_agreed_shape(self):
        plans = self.plans("vxlan", servers=1, agents=1)
        self.assertEqual(inventory.inventory_text("demo", "/tmp/k3smigrate-lab/demo", plans),
                         "cluster: lab-demo\nssh:\n  user: root\n  port: 22\n"
                         "  identity_file: /tmp/k3smigrate-lab/demo/id_ed25519\n"
                         "  known_hosts: /tmp/k3smigrate-lab/demo/known_hosts\n"
                         "  host_key_policy: strict\n"
                         "servers:\n  - name: s1\n    address: 10.254.9.11\n"
                         "agents:\n  - name: a1\n    address: 10.254.9.21\n")


if __name__ == "__main__":
    unittest.main()
