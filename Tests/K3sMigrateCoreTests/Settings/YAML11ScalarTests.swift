import Testing
@testable import K3sMigrateCore

/// Plain config-file scalars as K3s receives them: go-yaml v2 resolves them (YAML 1.1), wrangler's
/// convert.ToString prints them back (pkg/configfilearg/parser.go readConfigFile).
@Suite("YAML 1.1 scalars as K3s reads them")
struct YAML11ScalarTests {
    @Test("integers: base-0 ParseInt after dropping underscores (octal with a leading 0), printed in decimal",
          arguments: [("0644", "420"), ("0600", "384"), ("644", "644"), ("0", "0"), ("-0", "0"), ("+5", "5"),
                      ("0x1F", "31"), ("0X1f", "31"), ("0o17", "15"), ("0b101", "5"), ("1_000", "1000"),
                      ("-012", "-10"), ("1_", "1"), ("9223372036854775807", "9223372036854775807"),
                      ("18446744073709551615", "18446744073709551615"), ("-9223372036854775808", "-9223372036854775808")])
    func integers(_ written: String, _ received: String) {
        #expect(YAML11Scalar.resolve(plain: written) == .integer(received))
        #expect(YAML11Scalar.k3sText(plain: written) == received)
    }

    @Test("floats: yaml.v2's float pattern, then ParseFloat, printed as Go's fmt.Sprint does",
          arguments: [("1.0", "1"), ("1.10", "1.1"), ("08", "8"), ("0648", "648"), ("1e3", "1000"), ("1.5e-5", "1.5e-05"),
                      (".5", "0.5"), ("1.", "1"), ("123456.0", "123456"), ("1e6", "1e+06"), ("1234567.0", "1.234567e+06"),
                      ("0.0001", "0.0001"), ("0.00001", "1e-05"), ("-2.50", "-2.5"), ("+1.5", "1.5"),
                      ("99999999999999999999", "1e+20"), ("+18446744073709551615", "1.8446744073709552e+19"),
                      (".inf", "+Inf"), ("-.Inf", "-Inf"), (".NaN", "NaN")])
    func floats(_ written: String, _ received: String) {
        #expect(YAML11Scalar.resolve(plain: written) == .float(received))
    }

    @Test("text stays text: addresses, CIDRs, versions with two dots, timestamps (kept as strings), words",
          arguments: ["10.42.0.0/16", "10.0.0.1", "fd00::1", "1.2.3", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
                      "vxlan", "wireguard-native", "0x", "0xZZ", "1e", "e5", "-", "+", "abc_def", "name=tailscale,joinKey=x", "..5"])
    func text(_ written: String) {
        #expect(YAML11Scalar.resolve(plain: written) == .string(written))
        #expect(YAML11Scalar.k3sText(plain: written) == written)
    }

    @Test("booleans and nulls: yes is true, ~ is an empty value")
    func booleansAndNulls() {
        #expect(YAML11Scalar.k3sText(plain: "yes") == "true")
        #expect(YAML11Scalar.k3sText(plain: "Off") == "false")
        #expect(YAML11Scalar.k3sText(plain: "~") == "")
        #expect(YAML11Scalar.resolve(plain: "null") == .null)
        #expect(YAML11Scalar.resolve(plain: "t") == .string("t"), "yaml.v2's map has y/n, not t/f")
    }

    @Test("config.yaml: an unquoted 0644 reaches K3s as 420 and is reported at its line; quoted or tagged it is text")
    func configFile() {
        let file = YAMLConfigFile(path: "/etc/rancher/k3s/config.yaml", origin: .configFile,
                                  text: "write-kubeconfig-mode: 0644\nnode-label:\n  - rack=07\n  - zone=1\netcd-snapshot-retention: 010\ntoken: \"0123\"\nflannel-backend: !!str 0644\n",
                                  host: "s1")
        let values = Dictionary(file.occurrences.map { ($0.key, $0.values) }, uniquingKeysWith: { $1 })
        #expect(values["write-kubeconfig-mode"] == ["420"])
        #expect(values["node-label"] == ["rack=07", "zone=1"])
        #expect(values["etcd-snapshot-retention"] == ["8"])
        #expect(values["token"] == ["0123"], "quoted: text")
        #expect(values["flannel-backend"] == ["0644"], "tagged !!str: text")
        let warnings = file.diagnostics.filter { $0.rule == "yaml-number" }
        #expect(warnings.count == 2)
        #expect(warnings.first?.location?.line == 1)
        #expect(warnings.first?.message.contains("K3s receives write-kubeconfig-mode=420") == true)
        #expect(warnings.first?.message.contains("octal mode 0420") == true)
        #expect(warnings.last?.location?.line == 5)
        let unset = YAMLConfigFile(path: "c.yaml", origin: .configFile, text: "write-kubeconfig-mode: 0600\n", host: nil)
        #expect(unset.diagnostics.first { $0.rule == "yaml-number" }?.message.contains("384 is no octal mode") == true)
        let fine = YAMLConfigFile(path: "c.yaml", origin: .configFile, text: "write-kubeconfig-mode: 644\nmax: 10\n", host: nil)
        #expect(fine.diagnostics.filter { $0.rule == "yaml-number" }.isEmpty, "printed back as written")
    }
}
