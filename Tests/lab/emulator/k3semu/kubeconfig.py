"""/etc/rancher/k3s/k3s.yaml, which a server writes when it starts (no real credentials)."""
from . import atomicfile, paths

_TEMPLATE = """apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LAB-NOT-A-REAL-CA
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: default
  user:
    client-certificate-data: LAB-NOT-A-REAL-CERT
    client-key-data: LAB-NOT-A-REAL-KEY
"""


def write(_record, mode):
    atomicfile.write_text(paths.KUBECONFIG, _TEMPLATE, mode=mode)
