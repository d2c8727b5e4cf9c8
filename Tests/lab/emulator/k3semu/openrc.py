"""OpenRC init scripts as install.sh writes them: command=... and command_args="..."."""
import re
import shlex

_ASSIGN = re.compile(r'^\s*(command|command_args)=', re.M)


def _quoted_value(text, start):
    """Read a shell value at text[start:], quoted or bare; backslash-newline joins lines."""
    out, index, quote = [], start, None
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            nxt = text[index + 1]
            if nxt == "\n":
                index += 2
                continue
            out.append(char + nxt)
            index += 2
            continue
        if quote:
            if char == quote:
                quote = None
            else:
                out.append(char)
        elif char in "\"'":
            quote = char
        elif char in " \t\n;":
            break
        else:
            out.append(char)
        index += 1
    return "".join(out)


def assignments(text):
    values = {}
    for match in _ASSIGN.finditer(text):
        raw = _quoted_value(text, match.end())
        values[match.group(1)] = raw.replace("${command_args}", values.get("command_args", ""))
    return values


def _drop_redirections(words):
    kept, skip = [], False
    for word in words:
        if skip:
            skip = False
            continue
        if word in (">>", ">", "2>", "2>>"):
            skip = True
            continue
        if re.match(r"^\d?>>?", word) or word == "2>&1":
            continue
        kept.append(word)
    return kept


def command_words(text):
    """[binary, args...] that supervise-daemon would run; [] when the script has no command."""
    values = assignments(text)
    if "command" not in values:
        return []
    return [values["command"]] + _drop_redirections(shlex.split(values.get("command_args", "")))
