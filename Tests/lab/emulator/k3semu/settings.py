"""A node's effective K3s settings, resolved like K3s does it:
K3S_* environment (lowest), then config.yaml + drop-ins, then the command line (highest).
Scalar flags: the last value wins. Slice flags: every value accumulates (comma-split)."""
from dataclasses import dataclass, field

from . import configfiles, flags, paths

CRITICAL_DEFAULTS = {
    "flannel-backend": "vxlan", "flannel-ipv6-masq": "false", "flannel-external-ip": "false",
    "egress-selector-mode": "agent", "cluster-cidr": "10.42.0.0/16",
    "service-cidr": "10.43.0.0/16", "cluster-dns": "10.43.0.10", "disable": "",
    "disable-network-policy": "false", "disable-kube-proxy": "false",
    "disable-cloud-controller": "false", "disable-helm-controller": "false",
}


class FatalError(Exception):
    """K3s exits with this message (level=fatal)."""


@dataclass
class Invocation:
    words: list                     # [binary, ..., 'server'|'agent', flags...]
    env: dict = field(default_factory=dict)


@dataclass
class Settings:
    command: str
    values: dict
    warnings: list
    config_files: list

    def get(self, name, default=None):
        value = self.values.get(name)
        if value is None:
            return default
        return ",".join(value) if isinstance(value, list) else value

    def items(self, name):
        value = self.values.get(name)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]

    def flag(self, name):
        return str(self.get(name, "false")).lower() == "true"

    def critical(self):
        result = {}
        for key, default in CRITICAL_DEFAULTS.items():
            if key == "disable":
                result[key] = ",".join(sorted(self.items("disable")))
            elif key in flags.SLICE_FLAGS:
                result[key] = ",".join(self.items(key)) or default
            elif key in flags.BOOL_FLAGS:
                result[key] = "true" if self.flag(key) else "false"
            else:
                result[key] = self.get(key, default)
        return result


def split_command(words):
    """(command, args after it) from an ExecStart/command_args word list."""
    for index, word in enumerate(words[1:], start=1):
        if word in ("server", "agent"):
            return word, words[index + 1:]
    raise FatalError("no server or agent subcommand in %r" % " ".join(words[:1]))


def _config_path(cli_args, env):
    """pkg/configfilearg findConfigFileFlag: K3S_CONFIG_FILE first, then the FIRST
    `--config X`, `--config=X`, `-c X` or `-c=X` among the raw words (not `-config`)."""
    if env.get("K3S_CONFIG_FILE"):
        return env["K3S_CONFIG_FILE"]
    for index, word in enumerate(cli_args):
        for name in ("--config", "-c"):
            if word == name:
                return cli_args[index + 1] if index + 1 < len(cli_args) else ""
            if word.startswith(name + "="):
                return word[len(name) + 1:]
    return paths.CONFIG_FILE


def _fold(pairs):
    values = {}
    for name, value in pairs:
        if name in flags.SLICE_FLAGS:
            values.setdefault(name, []).extend(part for part in value.split(",") if part)
        else:
            values[name] = value
    return values


def resolve(invocation):
    command, cli_args = split_command(invocation.words)
    try:
        cli_pairs = flags.parse_args(command, cli_args)
    except flags.FlagError as error:
        raise FatalError(str(error))
    # pkg/cli/cmds: a flag's EnvVars (K3S_URL for --server, ...) give its value when neither a
    # config file nor the command line sets it; a variable of a flag the command does not
    # define (K3S_CLUSTER_INIT on an agent) is ignored.
    env_pairs = [(flag, invocation.env[var]) for var, flag in flags.ENV_FLAGS.items()
                 if invocation.env.get(var) and flag in flags.valid_flags(command)]
    # Parse: a missing config file (named or not) and no drop-ins means no config values.
    config_path = _config_path(cli_args, invocation.env)
    files = configfiles.files_for(config_path) if config_path else []
    try:
        config_pairs = configfiles.config_flags(files)
    except configfiles.ConfigError as error:
        raise FatalError(str(error))
    warnings, kept = [], []
    known = flags.valid_flags(command)
    for name, value in config_pairs:
        if name not in known:
            if command == "server":
                warnings.append("Unknown flag --%s found in config.yaml, skipping" % name)
                continue
            raise FatalError("flag provided but not defined: -%s" % name)
        kept.append((name, value))
    return Settings(command, _fold(env_pairs + kept + cli_pairs), warnings, files)
