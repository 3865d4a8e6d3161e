"""Count import cycles among tape's modules (``make lint`` runs this; 0 is the only pass).

A cycle is a set of modules each of which imports, directly or through the others, every
other one (a strongly connected component of more than one module in the import graph).
Every import counts, at module level or inside a function; imports under
``if TYPE_CHECKING:`` do not (they never run). The graph is grimp's, the library import-linter
checks the layer contracts in pyproject.toml with.

    python scripts/import_cycles.py            # the count, and each cycle's modules
    python scripts/import_cycles.py --packages # also cycles between tape's top-level packages
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable

import grimp


def components(nodes: Iterable[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(sorted(members))
    return found


def cycles(
    graph: grimp.ImportGraph,
    name: Callable[[str], str],
    leave_out: frozenset[str] = frozenset(),
    skip: frozenset[str] = frozenset(),
) -> list[list[str]]:
    edges: dict[str, set[str]] = {}
    for module in graph.modules - skip:
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = name(module), name(imported)
            if a != b and a not in leave_out and b not in leave_out:
                edges.setdefault(a, set()).add(b)
    return components({name(m) for m in graph.modules} - leave_out, edges)


def top_level(module: str) -> str:
    return ".".join(module.split(".")[:2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", action="store_true", help="also count package cycles")
    args = parser.parse_args(argv)
    graph = grimp.build_graph("tape", exclude_type_checking_imports=True, cache_dir=None)
    found = cycles(graph, lambda m: m)
    print(f"import cycles between tape's modules: {len(found)}")
    for members in found:
        print("  " + " <-> ".join(members))
    if args.packages:
        # Left out: the package root (tape/__init__.py, a lazy face over everything) and
        # program entries (python -m X runs X.__main__, which nothing imports).
        entries = frozenset(m for m in graph.modules if m.endswith(".__main__"))
        packages = cycles(graph, top_level, leave_out=frozenset({"tape"}), skip=entries)
        print(f"import cycles between tape's top-level packages: {len(packages)}")
        for members in packages:
            print("  " + " <-> ".join(members))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
