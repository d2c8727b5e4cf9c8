import Testing
@testable import K3sMigrateCore

@Suite struct K3sFlagCatalogTests {
    @Test func serverOnlyKeysFromTheListAndFromFlagFamilies() {
        for key in ["flannel-backend", "flannel-ipv6-masq", "flannel-external-ip", "egress-selector-mode", "cluster-cidr",
                    "service-cidr", "cluster-dns", "disable", "disable-network-policy", "cluster-init", "tls-san",
                    "datastore-endpoint", "etcd-s3-bucket", "etcd-future-flag", "kube-apiserver-arg", "write-kubeconfig-mode",
                    "secrets-encryption", "cluster-reset", "embedded-registry", "servicelb-namespace"] {
            #expect(K3sFlagCatalog.isServerOnly(key), "\(key)")
        }
        for key in ["flannel-iface", "flannel-conf", "node-taint", "node-label", "node-ip", "node-external-ip", "vpn-auth",
                    "vpn-auth-file", "kubelet-arg", "disable-apiserver-lb", "token", "server"] {
            #expect(!K3sFlagCatalog.isServerOnly(key), "\(key)")
        }
    }

    @Test func criticalKeysAreServerOnlyAndKnown() {
        for key in K3sFlagCatalog.criticalKeys {
            #expect(K3sFlagCatalog.isServerOnly(key) && K3sFlagCatalog.isKnown(key), "\(key)")
        }
        #expect(K3sFlagCatalog.booleanFlags.isSubset(of: K3sFlagCatalog.knownKeys))
        #expect(K3sFlagCatalog.listFlags.isSubset(of: K3sFlagCatalog.knownKeys))
        #expect(!K3sFlagCatalog.isBoolean("write-kubeconfig-mode"))
    }

    @Test func defaultsAndBooleans() {
        #expect(K3sFlagCatalog.defaultValues("flannel-backend") == ["vxlan"])
        #expect(K3sFlagCatalog.defaultValues("egress-selector-mode") == ["agent"])
        #expect(K3sFlagCatalog.defaultValues("cluster-cidr") == ["10.42.0.0/16"])
        #expect(K3sFlagCatalog.defaultValues("service-cidr") == ["10.43.0.0/16"])
        #expect(K3sFlagCatalog.defaultValues("flannel-external-ip") == ["false"])
        #expect(K3sFlagCatalog.boolean("True") == true)
        #expect(K3sFlagCatalog.boolean("off") == nil, "Go's ParseBool: a flag value `off` is no boolean")
        #expect(K3sFlagCatalog.boolean("F") == false && K3sFlagCatalog.boolean("1") == true)
        #expect(K3sFlagCatalog.yaml11Boolean("off") == false && K3sFlagCatalog.yaml11Boolean("Yes") == true)
        #expect(K3sFlagCatalog.boolean("maybe") == nil)
    }
}
