"""K3s config files: config.yaml then config.yaml.d/*.yaml|*.yml in name order.

Like K3s's configfilearg: a later file's key replaces an earlier one, `key+` appends, a list
gives one flag per item; the result is a list of flags placed BEFORE the command line's own."""
import os

import yaml


class ConfigError(Exception):
    """A config file K3s refuses to start with."""


def files_for(main_path):
    """The main file (if present) and its drop-ins, in the order K3s reads them."""
    files = [main_path] if os.path.isfile(main_path) else []
    dropin_dir = main_path + ".d"
    if os.path.isdir(dropin_dir):
        for entry in sorted(os.listdir(dropin_dir)):
            full = os.path.join(dropin_dir, entry)
            # dotDFiles: util.HasSuffixI, so .YAML and .Yml count too.
            if entry.lower().endswith((".yaml", ".yml")) and os.path.isfile(full):
                files.append(full)
    return files


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _values(value):
    if isinstance(value, list):
        return [_text(item) for item in value]
    if isinstance(value, dict):
        raise ConfigError("nested mappings are not flag values")
    return [_text(value)]


def read_file(path):
    """Return the file's top-level mapping ({} when empty); raises ConfigError."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise ConfigError("failed to parse %s: yaml: %s" % (path, " ".join(str(error).split())))
    except OSError as error:
        raise ConfigError("failed to read %s: %s" % (path, error.strerror))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("failed to parse %s: yaml: top level is not a mapping" % path)
    return data


def merged_values(paths):
    """Merge files into {key: [values]} keeping first-seen key order; `key+` appends."""
    merged = {}
    for path in paths:
        for raw_key, raw_value in read_file(path).items():
            key = str(raw_key)
            try:
                values = _values(raw_value)
            except ConfigError as error:
                raise ConfigError("failed to parse %s: key %s: %s" % (path, key, error))
            if key.endswith("+"):
                key = key[:-1]
                merged.setdefault(key, []).extend(values)
            else:
                merged[key] = values
    return merged


def config_flags(paths):
    """The merged files as [(name, value)] flags, in K3s order."""
    return [(key, value) for key, values in merged_values(paths).items() for value in values]
