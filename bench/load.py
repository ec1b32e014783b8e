"""Each page's throughput under gunicorn as a ratio to whitenoise serving the same bytes, in one run.

    .venv/bin/python bench/load.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/load.py --only sqlite --seconds 4
    .venv/bin/python bench/load.py --no-redis           # no Redis column
    .venv/bin/python bench/load.py --article-only       # the seed article's rows only
    .venv/bin/python bench/load.py --profile --only sqlite  # where the seed article's time goes

For each engine: a fresh database seeded as `make run` seeds it (a SQLite file in
a temporary folder, or a throwaway database on the PostgreSQL server of
--database-url, default $BENCH_DATABASE_URL or
postgres://qiraa:qiraa@127.0.0.1:5432/qiraa, dropped afterwards), production
settings (DJANGO_DEBUG off, a new DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS=127.0.0.1,
DJANGO_SECURE_SSL_REDIRECT=false) and the static files collected into a temporary
STATIC_ROOT (bench/load/static_root_settings.py). Each page is fetched once as a
reader and its bytes saved under that STATIC_ROOT, with a gzipped copy beside
them as collectstatic writes for the site's own files, so that whitenoise serves
the same bytes from the same gunicorn.

gunicorn (2 sync workers) then serves the site three times: with the page cache
off (QIRAA_PAGE_CACHE=false: every request renders, "cold"), with it on in the
default cache, a local directory (a temporary one: "warm"), and with it on in a
Redis server started on a free port (QIRAA_CACHE_URL, "warm Redis"). Against
each, wrk (8 connections) requests each page for a warm-up second; then the page
and its static copy, asked the same way, take turns of a second, --seconds turns
each (more for a page too slow to answer 12 times). The figure is the page's
requests a second over its copy's. The seed article is also requested with
Accept-Encoding: gzip (its copy: the gzipped file) and with If-None-Match
carrying the ETag of a first answer (its copy: the file with whitenoise's own
ETag). Ratios are what to compare; the absolute rates depend on the machine,
and on whatever else runs on it.

Targets: seed article warm ≥ 0.8×, cold ≥ 0.25×; conditional request ≥ 0.8×.
"""

import argparse
import gzip
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scratch import free_port, scratch_site  # noqa: E402

WORKERS = 2
CONNECTIONS = 8
WARM_UP_SECONDS = 1
ENOUGH = 12  # answers a measure needs for its rate to mean something
POSTGRES_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://qiraa:qiraa@127.0.0.1:5432/qiraa")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
HERE = Path(__file__).resolve().parent / "load"
COPIES = "bench-pages"  # folder under STATIC_ROOT holding the pages' static copies
SEARCH_WORD = "اللاجئين"
# The seed article the issue measured (77 KB of HTML), the README's example:
# «بوتين والأسد يجتمعان عبر الفيديو لبحث مؤتمر اللاجئين».
SEED_ARTICLE = "003_f2c3a7f198eea0a5.txt"


@dataclass
class Page:
    key: str
    label: str
    path: str
    body: bytes = b""
    content_type: str = ""
    etag: str = ""

    @property
    def copy_path(self) -> str:
        suffix = ".json" if "json" in self.content_type else ".html"
        return f"/static/{COPIES}/{self.key}{suffix}"


@dataclass
class Probe:
    """One row: a page asked one way, and its static copy asked the same way."""

    page: Page
    label: str
    headers: dict = field(default_factory=dict)
    conditional: bool = False
    target: dict = field(default_factory=dict)  # column → least ratio


@dataclass
class Measure:
    ratio: float
    page_status: int
    copy_status: int
    page_bytes: int
    encoding: str
    errors: int


@dataclass
class Server:
    label: str
    env: dict


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument(
        "--seconds",
        type=int,
        default=2,
        help="seconds of wrk for each page and as many for its copy, in turns",
    )
    parser.add_argument("--database-url", default=POSTGRES_URL, help="PostgreSQL server to use")
    parser.add_argument("--no-redis", action="store_true", help="leave out the Redis column")
    parser.add_argument(
        "--article-only",
        action="store_true",
        help="measure only the seed article's rows (plain, gzip, If-None-Match)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead of measuring, profile the seed article in process, cold and warm",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="print each wrk run's rate on stderr, as it ends"
    )
    args = parser.parse_args()
    # Ended from outside (timeout, kill): still stop the servers and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in (WRK, *(() if args.no_redis else (REDIS_SERVER,))):
        if not Path(tool).exists():
            sys.exit(f"{tool} is missing (apt-get install wrk redis-server)")
    engines = [args.only] if args.only else ["sqlite", "postgresql"]
    with tempfile.TemporaryDirectory() as collected:
        for engine in engines:
            with (
                tempfile.TemporaryDirectory() as folder,
                scratch_site(
                    Path(folder),
                    "load",
                    postgres_url=args.database_url if engine == "postgresql" else "",
                ) as site,
            ):
                run(engine, site, Path(folder), Path(collected) / "static", args)


def run(engine, site, folder, collected, args):
    static_root = folder / "static"
    site.env.update(production_env(static_root, folder / "cache"))
    site.seed()
    # Collected (and compressed) once a run; each engine's site gets a copy to add its pages to.
    if not collected.exists():
        site.manage("collectstatic", "--noinput")
        shutil.copytree(static_root, collected)
    else:
        shutil.copytree(collected, static_root)
    pages = reader_pages(site)
    if args.profile:
        with redis_server(folder, enabled=not args.no_redis) as redis_url:
            profile(site, pages[0], redis_url)
        return
    # The copies must be on disk before whitenoise starts: it lists its files once.
    with serving(site.env, folder / "first.log") as base:
        for page in pages:
            fetch_page(base, page)
    save_copies(static_root, pages)
    probes = make_probes(pages)
    if args.article_only:
        probes = [probe for probe in probes if probe.page is pages[0]]
    servers = [
        Server("cold", {"QIRAA_PAGE_CACHE": "false"}),
        Server("warm", {"QIRAA_PAGE_CACHE": "true"}),
    ]
    with redis_server(folder, enabled=not args.no_redis) as redis_url:
        if redis_url:
            servers.append(
                Server("warm Redis", {"QIRAA_PAGE_CACHE": "true", "QIRAA_CACHE_URL": redis_url})
            )
        results = {}
        for server in servers:
            env = {**site.env, **server.env}
            with serving(env, folder / f"{server.label}.log") as base:
                for probe in probes:
                    results[probe.label, server.label] = measure(
                        base, probe, args.seconds, verbose=args.verbose
                    )
    report(engine, pages, probes, servers, results, args.seconds)


def production_env(static_root: Path, cache: Path) -> dict:
    """The settings a deployment runs with; static files and the cache in folders of this run's own.

    The cache is the default backend, a local directory, but not the one beside
    the code (var/cache), which the site served from there uses.
    """
    return {
        "QIRAA_CACHE_URL": f"file://{cache}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "static_root_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)]),
        "QIRAA_BENCH_STATIC_ROOT": str(static_root),
    }


def reader_pages(site) -> list[Page]:
    """The pages measured, the seed article first and the other seed article last."""
    slugs = dict(
        line.split("\t")
        for line in site.shell(
            "from archive.models import Article\n"
            "for a in Article.objects.published():\n"
            "    print(f'{a.source_name}\\t{a.slug}')"
        ).splitlines()
        if "\t" in line
    )
    quote = urllib.parse.quote
    other = next(slug for name, slug in sorted(slugs.items()) if name != SEED_ARTICLE)
    return [
        Page("article", "seed article", f"/articles/{quote(slugs[SEED_ARTICLE])}/"),
        Page("home", "home /", "/"),
        Page("actors", "/actors/", "/actors/"),
        Page("claims", "/claims/", "/claims/"),
        Page("search", f"/search/?q={SEARCH_WORD}", f"/search/?q={quote(SEARCH_WORD)}"),
        Page("api-claims", "/api/claims/", "/api/claims/"),
        Page("other-article", "other seed article", f"/articles/{quote(other)}/"),
    ]


def make_probes(pages: list[Page]) -> list[Probe]:
    article = pages[0]
    probes = [
        Probe(article, "seed article", target={"cold": 0.25, "warm": 0.8, "warm Redis": 0.8}),
        Probe(
            article,
            "  … gzip",
            headers={"Accept-Encoding": "gzip"},
        ),
        Probe(
            article,
            "  … If-None-Match",
            conditional=True,
            target={"warm": 0.8, "warm Redis": 0.8},
        ),
    ]
    return probes + [Probe(page, page.label) for page in pages[1:]]


def get(url: str, headers: dict | None = None):
    """(status, headers, body) of one request; never raises for an HTTP status."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def fetch_page(base: str, page: Page) -> None:
    status, headers, body = get(base + page.path)
    if status != 200:
        sys.exit(f"{page.label} answered {status}, not 200: nothing to measure")
    page.body, page.content_type = body, headers.get("Content-Type", "")


def save_copies(static_root: Path, pages: list[Page]) -> None:
    folder = static_root / COPIES
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        path = static_root / page.copy_path.removeprefix("/static/")
        path.write_bytes(page.body)
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(page.body, 9, mtime=0))


@contextmanager
def serving(env: dict, log_path: Path):
    """gunicorn on a free port, answering; its whole process group ended afterwards."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603
            [*command, "readingroom.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_answering(process, base, log_path)
            yield base
        finally:
            stop(process)


def wait_until_answering(process, base, log_path, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{log_path.read_text()[-3000:]}")
        try:
            status, _, _ = get(base + "/")
            if status == 200:
                return
            sys.exit(f"gunicorn answered {status} at /:\n{log_path.read_text()[-3000:]}")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer within {seconds} s")


def stop(process):
    """End the process group a server was started in, however its run ended."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def redis_server(folder: Path, *, enabled: bool):
    """A Redis server of this run's own on a free port (its URL), or None when not wanted."""
    if not enabled:
        yield None
        return
    port = free_port()
    with open(folder / "redis.log", "w") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                *(REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(folder)),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_redis(process, port)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            stop(process)


def wait_for_redis(process, port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("redis-server stopped at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"redis-server did not answer within {seconds} s")


def measure(base: str, probe: Probe, seconds: int, *, verbose=False) -> Measure:
    """The page's requests a second over its static copy's, each asked the same way."""
    page_headers, copy_headers = dict(probe.headers), dict(probe.headers)
    if probe.conditional:
        # Each answer's own validator: the page's, and the one whitenoise gives the file.
        for headers, path in (
            (page_headers, probe.page.path),
            (copy_headers, probe.page.copy_path),
        ):
            _, first, _ = get(base + path, probe.headers)
            if first.get("ETag"):
                headers["If-None-Match"] = first["ETag"]
    page_status, answer, body = get(base + probe.page.path, page_headers)
    copy_status, _, _ = get(base + probe.page.copy_path, copy_headers)
    idle_url = base + probe.page.copy_path
    page = Wrk(base + probe.page.path, page_headers, idle_url)
    copy = Wrk(base + probe.page.copy_path, copy_headers, idle_url)
    page.run(
        WARM_UP_SECONDS, count=False
    )  # whitenoise has nothing to warm: it lists its files at start
    # Page and file take turns, a second each, so that whatever else the machine
    # runs weighs on both alike; a page too slow for a steady rate gets more turns.
    turns = 0
    while turns < seconds or (page.answers < ENOUGH and turns < 2 * seconds):
        page.run(1)
        copy.run(1)
        turns += 1
    if verbose:
        print(
            f"{probe.label}: page {page.rate:.1f}/s ({page.errors} errors), "
            f"file {copy.rate:.1f}/s ({copy.errors} errors), {turns} turns",
            file=sys.stderr,
            flush=True,
        )
    return Measure(
        ratio=page.rate / copy.rate if copy.rate else 0.0,
        page_status=page_status,
        copy_status=copy_status,
        page_bytes=len(body),
        encoding=answer.get("Content-Encoding", ""),
        errors=page.errors + copy.errors,
    )


class Wrk:
    """Answers, seconds and errors of wrk's runs against one URL, added up."""

    def __init__(self, url: str, headers: dict, idle_url: str):
        self.command = [WRK, "-t2", f"-c{CONNECTIONS}", "--timeout", "10s"]
        for name, value in headers.items():
            self.command += ["-H", f"{name}: {value}"]
        self.url, self.idle_url = url, idle_url
        self.answers, self.seconds, self.errors = 0, 0.0, 0

    @property
    def rate(self) -> float:
        return self.answers / self.seconds if self.seconds else 0.0

    def run(self, seconds: int, *, count=True) -> None:
        output = subprocess.run(  # noqa: S603
            [*self.command, f"-d{seconds}s", self.url], capture_output=True, text=True, check=True
        ).stdout
        wait_until_idle(self.idle_url)
        done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", output)
        if not done:
            sys.exit(f"wrk printed no count for {self.url}:\n{output}")
        if not count:
            return
        scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[done.group(3)]
        self.answers += int(done.group(1))
        self.seconds += float(done.group(2)) * scale
        bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        timeouts = re.search(r"timeout (\d+)", output)
        self.errors += int(bad.group(1) if bad else 0) + int(timeouts.group(1) if timeouts else 0)


def wait_until_idle(idle_url: str) -> None:
    """Return once the workers have finished the requests wrk stopped waiting for.

    Sync workers answer every request they accepted, even one whose client has
    gone: left alone, a slow page's backlog would be counted against whatever is
    measured next. One request per worker at once, each queued behind that
    backlog, comes back only when it has been worked through.
    """
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(get, [idle_url] * WORKERS))


def report(engine, pages, probes, servers, results, seconds):
    name = "SQLite" if engine == "sqlite" else "PostgreSQL"
    print(
        f"\n{name}: gunicorn, {WORKERS} sync workers, production settings; wrk {CONNECTIONS} "
        f"connections; after a {WARM_UP_SECONDS} s warm-up, page and file in turns of a "
        f"second, {seconds} or more each"
    )
    print(
        "ratio = the page's requests a second / whitenoise's for the same bytes as a static "
        "file, asked the same way, through the same gunicorn"
    )
    columns = [server.label for server in servers]
    print(
        f"{'page':<24} {'bytes':>7}"
        + "".join(f"{c:>14}" for c in columns)
        + f"   {'answers page/file':<28} target"
    )
    for probe in probes:
        cells = ""
        for column in columns:
            m = results[probe.label, column]
            least = probe.target.get(column)
            mark = "" if least is None else (" ok" if m.ratio >= least else " !!")
            cells += f"{m.ratio:.3f}×{mark}".rjust(14)
        last = results[probe.label, columns[-1]]
        answers = f"{last.page_status}/{last.copy_status}"
        if probe.headers.get("Accept-Encoding"):
            answers += " " + "/".join(
                results[probe.label, c].encoding or "identity" for c in columns
            )
        errors = sum(results[probe.label, c].errors for c in columns)
        if errors:
            answers += f", {errors} errors"
        target = ", ".join(f"{c} ≥ {v}×" for c, v in probe.target.items() if c in columns)
        print(f"{probe.label:<24} {last.page_bytes:>7}{cells}   {answers:<28} {target}")
    print(
        f"ok: target met, !!: below it. bytes and answers: the page's, then the file's status, "
        f"as {columns[-1]} answered; for gzip, the page's encoding in each column."
    )


def profile(site, article: Page, redis_url: str | None):
    """Where a request for the seed article spends its time, cold, warm and conditional."""
    script = HERE / "profile_page.py"
    runs = [
        ("cold", {"QIRAA_PAGE_CACHE": "false"}, []),
        ("warm", {}, []),
        ("warm, If-None-Match", {}, ["--conditional"]),
    ]
    if redis_url:
        redis = {"QIRAA_CACHE_URL": redis_url}
        runs += [
            ("warm Redis", redis, []),
            ("warm Redis, If-None-Match", redis, ["--conditional"]),
        ]
    for label, env, extra in runs:
        print(f"\nprofile of the seed article, {label}:", flush=True)
        subprocess.run(  # noqa: S603
            [sys.executable, str(script), article.path, *extra],
            cwd=ROOT,
            env={**site.env, **env},
            check=True,
        )


if __name__ == "__main__":
    main()
