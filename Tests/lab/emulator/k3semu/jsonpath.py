"""The part of kubectl's `-o jsonpath=TEMPLATE` that k3smigrate uses, as kubectl does it
(https://kubernetes.io/docs/reference/kubectl/jsonpath/, k8s.io/client-go/util/jsonpath): text
outside `{}` is printed as written, `{.a.b}` prints a field (a `\\.` in a name is a dot of the
name: `{.metadata.annotations.flannel\\.alpha\\.coreos\\.com/backend-type}`), `{range .items[*]}`
... `{end}` repeats its body per item, `{"\\t"}` and `{"\\n"}` are string literals. A missing
field prints nothing (--allow-missing-template-keys defaults to true)."""
import json


def _tokens(template):
    """Literal text and `{...}` expressions, in order."""
    out, text, i = [], "", 0
    while i < len(template):
        c = template[i]
        if c == "{":
            if text:
                out.append(("text", text))
                text = ""
            depth, j, quoted = 1, i + 1, False
            while j < len(template) and depth:
                if template[j] == '"' and template[j - 1] != "\\":
                    quoted = not quoted
                elif not quoted and template[j] == "{":
                    depth += 1
                elif not quoted and template[j] == "}":
                    depth -= 1
                j += 1
            out.append(("expr", template[i + 1:j - 1].strip()))
            i = j
        else:
            text += c
            i += 1
    if text:
        out.append(("text", text))
    return out


def _path(expr):
    """`.a.b\\.c[*]` as names, `*` for a wildcard index."""
    names, name, i = [], "", 0
    expr = expr[1:] if expr.startswith(".") else expr
    while i < len(expr):
        c = expr[i]
        if c == "\\" and i + 1 < len(expr):
            name += expr[i + 1]
            i += 2
            continue
        if c == ".":
            names.append(name)
            name = ""
        elif expr.startswith("[*]", i):
            names.append(name)
            name = "*"
            i += 3
            continue
        else:
            name += c
        i += 1
    if name:
        names.append(name)
    return [n for n in names if n != ""]


def _lookup(value, names):
    values = [value]
    for name in names:
        found = []
        for v in values:
            if name == "*":
                found.extend(v if isinstance(v, list) else [])
            elif isinstance(v, dict) and name in v:
                found.append(v[name])
        values = found
    return values


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, separators=(",", ":"))


def _literal(expr):
    return json.loads(expr)


def render(template, document):
    tokens = _tokens(template)

    def run(start, context):
        out, i = "", start
        while i < len(tokens):
            kind, body = tokens[i]
            if kind == "text":
                out += body
            elif body == "end":
                return out, i
            elif body.startswith("range "):
                items = _lookup(context, _path(body[len("range "):].strip()))
                end = None
                for item in items:
                    text, end = run(i + 1, item)
                    out += text
                if end is None:  # no item: skip the body
                    _, end = run(i + 1, {})
                i = end
            elif body.startswith('"'):
                out += _literal(body)
            else:
                out += " ".join(_text(v) for v in _lookup(context, _path(body)))
            i += 1
        return out, i

    return run(0, document)[0]
