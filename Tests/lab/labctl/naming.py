"""Names and addresses of a lab's pieces (all derived from the lab name and node names)."""
import re

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,30}$")
IFNAMSIZ = 15
SUBNET_PREFIX = "10.254"


class NamingError(ValueError):
    pass


def check_lab_name(name):
    if not NAME_PATTERN.match(name or ""):
        raise NamingError("lab name %r: use 1-31 of [a-z0-9_-], starting with a letter or digit"
                          % name)
    return name


def node_names(servers, agents):
    return ["s%d" % i for i in range(1, servers + 1)] + ["a%d" % i for i in range(1, agents + 1)]


def netns(lab, node):
    return "k3m-%s-%s" % (lab, node)


def bridge(k):
    return "k3mbr%d" % k


def host_veth(k, node):
    name = "k3m%d-%s" % (k, node)
    if len(name) > IFNAMSIZ:
        raise NamingError("interface name %s is longer than %d characters" % (name, IFNAMSIZ))
    return name


def host_address(k):
    return "%s.%d.1" % (SUBNET_PREFIX, k)


def subnet(k):
    return "%s.%d.0/24" % (SUBNET_PREFIX, k)


def addresses(k, servers, agents):
    """{node: address}: servers from .11, agents from .21 (or right after the servers)."""
    first_agent = max(21, 11 + servers)
    if servers < 1 or first_agent + agents - 1 > 254:
        raise NamingError("a lab holds 1+ servers and at most %d nodes in all" % 244)
    result = {"s%d" % i: "%s.%d.%d" % (SUBNET_PREFIX, k, 10 + i) for i in range(1, servers + 1)}
    result.update({"a%d" % i: "%s.%d.%d" % (SUBNET_PREFIX, k, first_agent - 1 + i)
                   for i in range(1, agents + 1)})
    return result
