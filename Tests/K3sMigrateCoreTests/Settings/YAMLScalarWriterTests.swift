import Testing
@testable import K3sMigrateCore

@Suite struct YAMLScalarWriterTests {
    @Test func plainWhenYAMLReadsItBackAsTheSameString() {
        #expect(YAMLScalarWriter.render("wireguard-native", style: .plain, key: "flannel-backend") == "wireguard-native")
        #expect(YAMLScalarWriter.render("10.42.0.0/16,fd01::/48", style: .plain, key: "cluster-cidr") == "10.42.0.0/16,fd01::/48")
        #expect(YAMLScalarWriter.render("--root-dir=/var/lib/kubelet", style: .plain, key: "kubelet-arg") == "--root-dir=/var/lib/kubelet")
        #expect(YAMLScalarWriter.render("10", style: .plain, key: "etcd-snapshot-retention") == "10")
        #expect(YAMLScalarWriter.render("true", style: .plain, key: "flannel-external-ip") == "true")
    }

    @Test func quotedWhenYAMLWouldReadSomethingElse() {
        #expect(YAMLScalarWriter.render("0644", style: .plain, key: "write-kubeconfig-mode") == "\"0644\"")
        #expect(YAMLScalarWriter.render("yes", style: .plain, key: "node-name") == "\"yes\"")
        #expect(YAMLScalarWriter.render("true", style: .plain, key: "node-name") == "\"true\"")
        #expect(YAMLScalarWriter.render("1.10", style: .plain, key: "node-name") == "\"1.10\"")
        #expect(YAMLScalarWriter.render("--oidc-groups-prefix=oidc:", style: .plain, key: "kube-apiserver-arg") == "\"--oidc-groups-prefix=oidc:\"")
        #expect(YAMLScalarWriter.render("a #b", style: .plain, key: "k") == "\"a #b\"")
        #expect(YAMLScalarWriter.render("", style: .plain, key: "k") == "\"\"")
        #expect(YAMLScalarWriter.render("*x", style: .plain, key: "k") == "\"*x\"")
        #expect(YAMLScalarWriter.render("a,b", style: .plain, key: "k", flow: true) == "\"a,b\"")
    }

    @Test func keepsTheWrittenQuoteStyle() {
        #expect(YAMLScalarWriter.render("it's", style: .singleQuoted, key: "k") == "'it''s'")
        #expect(YAMLScalarWriter.render("say \"hi\"\\", style: .doubleQuoted, key: "k") == "\"say \\\"hi\\\"\\\\\"")
        #expect(YAMLScalarWriter.render("line\nbreak", style: .singleQuoted, key: "k") == "\"line\\nbreak\"")
    }
}
