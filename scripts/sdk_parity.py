"""make sdk-parity: the four outbox dispatchers (Python, TypeScript, Go, Java) hold one contract.

One ``tape server`` over a temporary SQLite journal, one scripted HTTP upstream
(scripts/parity/upstream.py), and for each language the scenarios of scripts/parity/scenarios.py
(confirmed, failed-backoff, unknown-not-retried, connector-filter, once), then ``race``: two
dispatchers of different languages sharing effects. Each prints one row::

    sdk-parity: <language> <scenario> ok|FAILED (detail)

and a language × scenario table closes the run. A dispatcher that is not built fails its rows,
naming the make target that builds it. Exit 0 only when every row is ok. The contract and how
each language is started: docs/dispatchers.md.

    python scripts/sdk_parity.py [--languages python,typescript] [--scenarios confirmed,race]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from parity import dispatchers, readme, scenarios
from parity.dispatchers import LANGUAGES, REPO, Dispatcher
from parity.upstream import Upstream

# The tests' way of starting a tape server serves the harness too (the repository's root on the
# path, as `python -m soak` has it from bench/).
sys.path.insert(0, str(REPO))
from tests.support import tape_server

README = "readme"
ALL_SCENARIOS = (*scenarios.SCENARIOS, README, scenarios.RACE)


def pairs(languages: list[str]) -> list[tuple[str, str]]:
    """Racing pairs: each language with the next one (python×typescript, typescript×go,
    go×java, java×python for all four); a language alone races itself."""
    if len(languages) == 1:
        return [(languages[0], languages[0])]
    found: list[tuple[str, str]] = []
    for i, language in enumerate(languages):
        pair = (language, languages[(i + 1) % len(languages)])
        if pair not in found and pair[::-1] not in found:
            found.append(pair)
    return found


ROWS: list[bool] = []


def row(language: str, scenario: str, ok: bool, detail: str) -> bool:
    ROWS.append(ok)
    print(f"sdk-parity: {language} {scenario} {'ok' if ok else 'FAILED'} ({detail})", flush=True)
    return ok


def attempt(run: Callable[[], str], *ds: Dispatcher) -> tuple[bool, str]:
    """Run one scenario unless one of its dispatchers is missing; (ok, detail)."""
    missing = [f"{d.language}: {d.missing}" for d in ds if d.missing]
    if missing:
        return False, "; ".join(missing)
    try:
        return True, run()
    except scenarios.Failed as exc:
        return False, str(exc)
    except Exception as exc:  # a broken harness step is a failed row, not a crashed run
        return False, f"{type(exc).__name__}: {exc}"


def summary(languages: list[str], chosen: list[str], results: dict[tuple[str, str], bool]) -> None:
    widths = [max(len(s), len("FAILED")) for s in chosen]
    print("\nsdk-parity summary")
    print(f"{'':<12}" + "  ".join(f"{s:<{w}}" for s, w in zip(chosen, widths, strict=True)))
    for language in languages:
        cells = [results.get((language, s)) for s in chosen]
        shown = ["-" if c is None else "ok" if c else "FAILED" for c in cells]
        print(
            f"{language:<12}" + "  ".join(f"{c:<{w}}" for c, w in zip(shown, widths, strict=True))
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sdk_parity.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="comma-separated")
    parser.add_argument("--scenarios", default=",".join(ALL_SCENARIOS), help="comma-separated")
    args = parser.parse_args(argv)
    languages = [x for x in args.languages.split(",") if x]
    chosen = [x for x in args.scenarios.split(",") if x]
    unknown = sorted({*languages} - {*LANGUAGES}) + sorted({*chosen} - {*ALL_SCENARIOS})
    if unknown or not languages or not chosen:
        parser.error(
            f"unknown or no languages/scenarios: {unknown}; known: {LANGUAGES}, {ALL_SCENARIOS}"
        )
    languages = [x for x in LANGUAGES if x in languages]  # the canonical order makes the pairs
    chosen = [x for x in ALL_SCENARIOS if x in chosen]

    from tape import Journal, migrations

    work = Path(tempfile.mkdtemp(prefix="tape-parity-"))
    database_url = f"sqlite:///{work / 'tape.db'}"
    migrations.upgrade(database_url)
    server = tape_server.start_process(database_url, work / "server.log")
    url = server.url
    upstream = Upstream().start()
    journal = Journal(url)
    ctx = scenarios.Context(journal, upstream, url, work)
    by_language = {language: dispatchers.dispatcher(language) for language in languages}
    results: dict[tuple[str, str], bool] = {}
    try:
        for language, d in by_language.items():
            for name in chosen:
                if name == scenarios.RACE:
                    continue
                if name == README:
                    # The README's line needs a toolchain, not a built dispatcher.
                    why = readme.missing(language)
                    ok, detail = attempt(
                        partial(readme.readme, ctx, language), Dispatcher(language, (), why)
                    )
                else:
                    scenario = scenarios.SCENARIOS[name]
                    ok, detail = attempt(partial(scenario, ctx, d), d)
                results[(language, name)] = row(language, name, ok, detail)
        if scenarios.RACE in chosen:
            for a, b in pairs(languages):
                da, db = by_language[a], by_language[b]
                ok, detail = attempt(partial(scenarios.race, ctx, da, db), da, db)
                row(f"{a}×{b}", scenarios.RACE, ok, detail)
                for language in {a, b}:
                    results[(language, scenarios.RACE)] = (
                        results.get((language, scenarios.RACE), True) and ok
                    )
    finally:
        journal.close()
        upstream.stop()
        server.stop()
    summary(languages, chosen, results)
    failed = ROWS.count(False)
    if failed:
        print(f"sdk-parity: {len(ROWS)} rows, {failed} FAILED (journal and logs kept in {work})")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"sdk-parity: {len(ROWS)} rows, all ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
