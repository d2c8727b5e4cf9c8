"""Unit tests of the emulator's pure parts (no namespaces needed).
Run: /usr/bin/python3 -B -m unittest discover -s Tests/lab/tests -t Tests/lab"""
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "emulator"))
sys.path.insert(0, os.path.dirname(HERE))

from k3semu import (configfiles, flags, iptables, jsonpath, openrc, paths, settings, state,  # noqa
                    unitfile, versions)
from labctl import installsh  # noqa: E402


class UnitFileTests(unittest.TestCase):
    def test_install_sh_unit_round_trips_quoted_and_two_line_flags(self):
        args = ["--node-external-ip", "198.51.100.7", "--flannel-backend=wireguard",
                "--node-label=owner=o'brien"]
        unit = unitfile.parse(installsh.systemd_unit("server", args), "k3s.service")
        self.assertEqual(unitfile.command_words(unit.exec_start, {}),
                         ["/usr/local/bin/k3s", "server"] + args)
        self.assertIn(("/etc/systemd/system/k3s.service.env", True), unit.env_files)
        self.assertIn(("/etc/default/k3s", True), unit.env_files)

    def test_comment_inside_continuation_is_skipped_and_last_flag_may_lack_backslash(self):
        text = ("[Service]\nExecStart=/usr/local/bin/k3s \\\n    server \\\n"
                "#    '--docker' \\\n\t'--disable=traefik' \\\n\t'--flannel-external-ip'\n")
        unit = unitfile.parse(text, "k3s.service")
        self.assertEqual(unitfile.command_words(unit.exec_start, {}),
                         ["/usr/local/bin/k3s", "server", "--disable=traefik",
                          "--flannel-external-ip"])

    def test_line_after_a_final_backslash_joins_exec_start(self):
        text = ("[Service]\nExecStart=/usr/local/bin/k3s \\\n    server \\\n"
                "\t'--cluster-init' \\\nEnvironment=\"HTTP_PROXY=http://proxy:3128\"\n")
        words = unitfile.command_words(unitfile.parse(text, "k3s.service").exec_start, {})
        self.assertEqual(words[-1], "Environment=HTTP_PROXY=http://proxy:3128")

    def test_empty_exec_start_resets_and_variables_expand(self):
        text = ("[Service]\nExecStart=/bin/false\nExecStart=\n"
                "ExecStart=/usr/local/bin/k3s agent --server ${SERVER} $EXTRA\n")
        unit = unitfile.parse(text, "k3s-agent.service")
        self.assertEqual(unitfile.command_words(unit.exec_start,
                                                {"SERVER": "https://a:6443",
                                                 "EXTRA": "--node-ip 1.2.3.4"}),
                         ["/usr/local/bin/k3s", "agent", "--server", "https://a:6443",
                          "--node-ip", "1.2.3.4"])


class DropInTests(unittest.TestCase):
    """systemd.unit(5): drop-ins are parsed after the unit, in name order;
    systemd.service(5): an empty ExecStart= resets the command list."""

    UNIT = installsh.systemd_unit("server", ["--flannel-backend=vxlan"])

    def test_drop_in_resets_and_replaces_exec_start(self):
        unit = unitfile.parse(self.UNIT, "k3s.service", [
            ("/etc/systemd/system/k3s.service.d/10-a.conf",
             "[Service]\nExecStart=\nExecStart=/usr/local/bin/k3s server --flannel-backend=ipsec\n")])
        self.assertEqual(unitfile.command_words(unit.exec_start, {}),
                         ["/usr/local/bin/k3s", "server", "--flannel-backend=ipsec"])
        self.assertFalse(unit.bad_setting)

    def test_second_exec_start_without_reset_is_a_bad_setting(self):
        unit = unitfile.parse(self.UNIT, "k3s.service", [
            ("/x.conf", "[Service]\nExecStart=/usr/local/bin/k3s server --debug\n")])
        self.assertTrue(unit.bad_setting)
        oneshot = unitfile.parse("[Service]\nType=oneshot\nExecStart=/bin/a\nExecStart=/bin/b\n",
                                 "x.service")
        self.assertFalse(oneshot.bad_setting)

    def test_environment_adds_up_and_empty_resets(self):
        unit = unitfile.parse("[Service]\nEnvironment=A=1 B=2\nExecStart=/bin/true\n", "k3s.service", [
            ("/a.conf", "[Service]\nEnvironment=\"C=3\"\n"),
            ("/b.conf", "[Service]\nEnvironment=B=9\n")])
        self.assertEqual(unit.environment, {"A": "1", "B": "9", "C": "3"})
        reset = unitfile.parse("[Service]\nEnvironment=A=1\nEnvironmentFile=-/etc/x\n", "k3s.service", [
            ("/a.conf", "[Service]\nEnvironment=\nEnvironmentFile=\n")])
        self.assertEqual((reset.environment, reset.env_files), ({}, []))

    def test_a_continuation_does_not_run_into_the_next_drop_in(self):
        unit = unitfile.parse("[Service]\nExecStart=/usr/local/bin/k3s server \\\n", "k3s.service", [
            ("/a.conf", "[Service]\nEnvironment=A=1\n")])
        self.assertEqual(unitfile.command_words(unit.exec_start, {}), ["/usr/local/bin/k3s", "server"])
        self.assertEqual(unit.environment, {"A": "1"})


class OpenRCTests(unittest.TestCase):
    def test_install_sh_init_script_round_trips(self):
        script = installsh.openrc_script("server", ["--flannel-backend=ipsec", "--tls-san",
                                                    "a b"])
        self.assertEqual(openrc.command_words(script),
                         ["/usr/local/bin/k3s", "server", "--flannel-backend=ipsec",
                          "--tls-san", "a b"])

    def test_bare_server_with_redirection_on_next_line(self):
        script = ('command="/usr/local/bin/k3s"\ncommand_args="server \\\n'
                  '    >>/var/log/k3s.log 2>&1"\n')
        self.assertEqual(openrc.command_words(script), ["/usr/local/bin/k3s", "server"])


class ConfigFileTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.main = os.path.join(self.dir.name, "config.yaml")

    def tearDown(self):
        self.dir.cleanup()

    def write(self, path, text):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write(text)

    def test_dropins_in_name_order_last_wins_plus_appends(self):
        self.write(self.main, 'flannel-backend: "wireguard"  # legacy\nnode-label:\n  - a=1\n')
        self.write(self.main + ".d/50-flannel.yaml", "flannel-backend: wireguard-native\n")
        self.write(self.main + ".d/60-labels.yml", "node-label+:\n  - b=2\n")
        self.write(self.main + ".d/10-first.yaml", "flannel-backend: host-gw\n")
        self.write(self.main + ".d/99-ignored.conf", "flannel-backend: none\n")
        files = configfiles.files_for(self.main)
        self.assertEqual([os.path.basename(f) for f in files],
                         ["config.yaml", "10-first.yaml", "50-flannel.yaml", "60-labels.yml"])
        self.assertEqual(configfiles.config_flags(files),
                         [("flannel-backend", "wireguard-native"), ("node-label", "a=1"),
                          ("node-label", "b=2")])

    def test_invalid_yaml_names_the_file(self):
        self.write(self.main + ".d/90-bad.yaml", "node-label: [unclosed\n")
        with self.assertRaises(configfiles.ConfigError) as caught:
            configfiles.config_flags(configfiles.files_for(self.main))
        self.assertIn("90-bad.yaml", str(caught.exception))

    def test_booleans_and_empty_file(self):
        self.write(self.main, "flannel-external-ip: true\ncluster-init: false\n")
        self.write(self.main + ".d/20-empty.yaml", "# nothing\n")
        self.assertEqual(configfiles.config_flags(configfiles.files_for(self.main)),
                         [("flannel-external-ip", "true"), ("cluster-init", "false")])

    def resolve(self, words, env=None):
        return settings.resolve(settings.Invocation(
            ["/usr/local/bin/k3s"] + words + ["--config", self.main], env or {}))

    def test_precedence_env_then_config_then_command_line(self):
        self.write(self.main, "node-name: from-config\nnode-label: [a=1]\n"
                              "flannel-backend: vxlan\n")
        result = self.resolve(["server", "--flannel-backend=wireguard-native",
                               "--node-label", "b=2,c=3"],
                              {"K3S_NODE_NAME": "from-env", "K3S_URL": "https://x:6443"})
        self.assertEqual(result.get("node-name"), "from-config")
        self.assertEqual(result.get("server"), "https://x:6443")
        self.assertEqual(result.get("flannel-backend"), "wireguard-native")
        self.assertEqual(result.items("node-label"), ["a=1", "b=2", "c=3"])
        self.assertEqual(result.critical()["flannel-backend"], "wireguard-native")
        self.assertEqual(result.critical()["egress-selector-mode"], "agent")

    def test_config_file_found_like_find_config_file_flag(self):
        # pkg/configfilearg findConfigFileFlag: K3S_CONFIG_FILE, then the first --config/-c.
        other = os.path.join(os.path.dirname(self.main), "other.yaml")
        self.write(self.main, "node-name: main\n")
        self.write(other, "node-name: other\n")
        self.assertEqual(self.resolve(["server", "-c", other]).get("node-name"), "other",
                         "the first -c/--config wins (resolve() appends --config main after it)")
        self.assertEqual(self.resolve(["server"], {"K3S_CONFIG_FILE": other}).get("node-name"), "other",
                         "K3S_CONFIG_FILE beats --config")
        os.makedirs(self.main + ".d", exist_ok=True)
        self.write(self.main + ".d/10-x.YAML", "node-label: [x=1]\n")
        self.assertEqual(self.resolve(["server"]).items("node-label"), ["x=1"], ".YAML counts")
        missing = os.path.join(os.path.dirname(self.main), "missing.yaml")
        self.assertIsNone(settings.resolve(settings.Invocation(
            ["/usr/local/bin/k3s", "server", "--config", missing], {})).get("node-name"),
            "a missing config file is no error")

    def test_server_only_variables_mean_nothing_to_an_agent(self):
        self.write(self.main, "")
        result = self.resolve(["agent"], {"K3S_CLUSTER_INIT": "true", "K3S_URL": "https://x:6443"})
        self.assertIsNone(result.get("cluster-init"))
        self.assertEqual(result.get("server"), "https://x:6443")

    def test_agent_dies_on_server_only_key_server_skips_unknown_key(self):
        self.write(self.main, "flannel-backend: vxlan\nnot-a-flag: 1\n")
        with self.assertRaises(settings.FatalError) as caught:
            self.resolve(["agent"])
        self.assertEqual(str(caught.exception), "flag provided but not defined: -flannel-backend")
        server = self.resolve(["server"])
        self.assertEqual(server.warnings,
                         ["Unknown flag --not-a-flag found in config.yaml, skipping"])

    def test_unknown_command_line_flag_kills_even_a_server(self):
        with self.assertRaises(settings.FatalError):
            self.resolve(["server", "--no-deploy=traefik"])


class JSONPathTests(unittest.TestCase):
    DOC = {"kind": "List", "items": [
        {"metadata": {"name": "s1", "annotations": {"flannel.alpha.coreos.com/backend-type": "wireguard"}}},
        {"metadata": {"name": "a1", "annotations": {}}}]}

    def test_range_with_escaped_dots_and_literals_prints_missing_fields_empty(self):
        template = ('{range .items[*]}{.metadata.name}{"\\t"}'
                    '{.metadata.annotations.flannel\\.alpha\\.coreos\\.com/backend-type}{"\\n"}{end}')
        self.assertEqual(jsonpath.render(template, self.DOC), "s1\twireguard\na1\t\n")

    def test_wildcard_joins_with_spaces_and_text_passes_through(self):
        self.assertEqual(jsonpath.render("names: {.items[*].metadata.name}!", self.DOC), "names: s1 a1!")
        self.assertEqual(jsonpath.render("{range .items[*]}x{end}", {"items": []}), "")


class SmallPartsTests(unittest.TestCase):
    def test_flags_two_word_values_booleans_aliases(self):
        self.assertEqual(flags.parse_args("server", ["--node-external-ip", "1.2.3.4",
                                                     "--flannel-external-ip", "-t", "tok"]),
                         [("node-external-ip", "1.2.3.4"), ("flannel-external-ip", "true"),
                          ("token", "tok")])

    def test_versions(self):
        self.assertEqual(versions.parse("v1.25.16+k3s4"), (1, 25, 16, 4))
        self.assertTrue(versions.at_least("v1.26.0+k3s1", 1, 26))
        self.assertFalse(versions.at_least("v1.23.5+k3s1", 1, 23, 6))

    def test_killall_filter_is_the_scripts_grep_pipeline(self):
        dump = ("*filter\n:KUBE-FORWARD - [0:0]\n:CNI-x - [0:0]\n"
                '-A FORWARD -m comment --comment "flanneld forward" -j ACCEPT\n'
                '-A INPUT -m comment --comment "Flannel caps" -j ACCEPT\n'
                "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n")
        self.assertEqual(iptables.killall_filter(dump),
                         "*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n")



class ServiceStateTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.saved = paths.SERVICE_STATE_DIR
        state.paths.SERVICE_STATE_DIR = os.path.join(self.dir.name, "services")

    def tearDown(self):
        state.paths.SERVICE_STATE_DIR = self.saved
        self.dir.cleanup()

    def test_active_enter_monotonic_is_the_last_activation_and_outlives_it(self):
        import time
        self.assertEqual(state.service("k3s").get("ActiveEnterTimestampMonotonic", 0), 0)
        before = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        state.set_service("k3s", "active", "running")
        entered = state.service("k3s")["ActiveEnterTimestampMonotonic"]
        self.assertGreaterEqual(entered, before)
        self.assertLessEqual(entered, time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000)
        state.set_service("k3s", "activating", "start")
        state.set_service("k3s", "failed", "failed", result="exit-code")
        self.assertEqual(state.service("k3s")["ActiveEnterTimestampMonotonic"], entered)


if __name__ == "__main__":
    unittest.main()
