import Testing
@testable import K3sMigrateRun

@Suite("Masking pass: every form K3s accepts a secret in")
struct RedactorFormsTests {
    struct Form: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        /// What must survive the pass (structure around the secret).
        var kept: [String]
        var testDescription: String { name }
    }

    static let secret = "S3CRETvalue-42x"
    static let forms: [Form] = [
        Form(name: "--token=X", text: "k3s server --token=\(secret) --flannel-backend=vxlan", kept: ["--token=", "--flannel-backend=vxlan"]),
        Form(name: "--token X", text: "k3s server --token \(secret) --debug", kept: ["--token ", "--debug"]),
        Form(name: "-token X (one dash)", text: "k3s agent -token \(secret)", kept: ["-token "]),
        Form(name: "-t X", text: "k3s agent -t \(secret) -s https://10.0.0.1:6443", kept: ["-t ", "-s https://10.0.0.1:6443"]),
        Form(name: "unit: '-t' \\ then 'X' on the next line", text: "ExecStart=/usr/local/bin/k3s \\\n\tagent \\\n\t'-t' \\\n\t'\(secret)' \\\n",
             kept: ["'-t' \\\n"]),
        Form(name: "unit in a diff: '--token' \\ then +'X'", text: "@@ -9,3 +9,3 @@\n \t'--token' \\\n-\t'\(secret)' \\\n+\t'\(secret)' \\\n",
             kept: ["'--token' \\"]),
        Form(name: "--agent-token=\"X\"", text: "--agent-token=\"\(secret)\"", kept: ["--agent-token="]),
        Form(name: "token: X", text: "server: https://a:6443\ntoken: \(secret)\nnode-ip: 10.0.0.1\n", kept: ["token: ", "node-ip: 10.0.0.1"]),
        Form(name: "token: \"X\"", text: "token: \"\(secret)\"  # join\n", kept: ["token: "]),
        Form(name: "token: 'X' in a diff", text: "-token: '\(secret)'\n+token: '\(secret)'\n", kept: ["-token: ", "+token: "]),
        Form(name: "t: X (alias as a config key)", text: "t: \(secret)\nflannel-backend: vxlan\n", kept: ["t: ", "flannel-backend: vxlan"]),
        Form(name: "block scalar token: |", text: "token: |\n  \(secret)\nflannel-backend: vxlan\n", kept: ["token: |\n", "flannel-backend: vxlan"]),
        Form(name: "folded block scalar in a diff", text: " agent-token: >-\n-  \(secret)\n+  \(secret)\n flannel-backend: vxlan\n",
             kept: ["agent-token: >-", "flannel-backend: vxlan"]),
        Form(name: "JSON \"token\": \"X\"", text: "{\"token\": \"\(secret)\", \"ok\": 1}", kept: ["\"ok\": 1"]),
        Form(name: "K3S_TOKEN=X", text: "K3S_TOKEN=\(secret)\nK3S_URL=https://10.0.0.1:6443\n", kept: ["K3S_TOKEN=", "K3S_URL=https://10.0.0.1:6443"]),
        Form(name: "K3S_AGENT_TOKEN='X'", text: "K3S_AGENT_TOKEN='\(secret)'\n", kept: ["K3S_AGENT_TOKEN="]),
        Form(name: "Environment=\"K3S_TOKEN=X\"", text: "Environment=\"K3S_TOKEN=\(secret)\"\n", kept: ["Environment=\"K3S_TOKEN="]),
        Form(name: "joinKey=X", text: "vpn-auth-file content name=tailscale,joinKey=\(secret),controlServerURL=https://hs",
             kept: ["name=tailscale,joinKey=", ",controlServerURL=https://hs"]),
        Form(name: "vpn-auth: \"name=...,joinKey=X\"", text: "vpn-auth: \"name=tailscale,joinKey=\(secret)\"\n", kept: ["vpn-auth: "]),
        Form(name: "datastore-endpoint password", text: "datastore-endpoint: postgres://k3s:\(secret)@db:5432/k3s\n", kept: ["datastore-endpoint: "]),
        Form(name: "password inside a URL anywhere", text: "error: dial mysql://root:\(secret)@tcp(db:3306)/k3s", kept: ["mysql://root:", "@tcp(db:3306)"]),
        Form(name: "etcd-s3-secret-key", text: "--etcd-s3-secret-key=\(secret)", kept: ["--etcd-s3-secret-key="]),
        Form(name: "AWS_SECRET_ACCESS_KEY=X (env file)", text: "AWS_SECRET_ACCESS_KEY=\(secret)\n", kept: ["AWS_SECRET_ACCESS_KEY="]),
    ]

    @Test("the secret is masked, the structure around it kept", arguments: forms)
    func masked(_ form: Form) {
        let out = Redactor.redact(form.text)
        #expect(!out.contains(Self.secret), "\(out)")
        #expect(out.contains(Redactor.mask))
        for kept in form.kept { #expect(out.contains(kept), "lost \(kept): \(out)") }
    }

    @Test("ordinary text is left alone, including other programs' -t and words that end in token")
    func untouched() {
        for text in ["iptables -t nat -A POSTROUTING -j MASQUERADE", "token-file: /var/lib/rancher/k3s/server/token",
                     "--token-file /etc/k3s-token", "flannel-backend: wireguard-native", "restart k3s", "at: 5", "K3S_URL=https://10.0.0.1:6443"] {
            #expect(Redactor.redact(text) == text)
        }
    }
}
