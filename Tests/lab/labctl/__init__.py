"""The k3smigrate lab: a fleet of K3s nodes made of network + mount namespaces on one machine,
each with its own sshd and the K3s emulator. See Tests/lab/README.md."""
