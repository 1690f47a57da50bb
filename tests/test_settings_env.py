"""Every environment variable tracker/settings.py reads is documented where an operator looks:
.env.example (with its default and meaning), the settings module's docstring and the README's
configuration table; and nothing is documented that the settings no longer read."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "tracker" / "settings.py"
NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def _reads_environ(node):
    return any(ast.unparse(child) == "os.environ" for child in ast.walk(node))


def variables_read(source):
    """Names read by os.environ.get/[...], os.getenv, or a helper in the module that reads os.environ."""
    tree = ast.parse(source)
    readers = {"os.environ.get", "os.getenv"} | {
        f.name for f in tree.body if isinstance(f, ast.FunctionDef) and _reads_environ(f)
    }
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in readers:
            key = node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            key = node.slice
        else:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and NAME.fullmatch(key.value):
            names.add(key.value)
    return names


def env_example_names():
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {m.group(1) for line in lines if (m := re.match(r"#?\s*([A-Z][A-Z0-9_]*)=", line))}


def readme_configuration():
    text = (ROOT / "README.md").read_text()
    start = text.index("## Configuration")
    return text[start : text.index("\n## ", start + 1)]


READ = variables_read(SETTINGS.read_text())


def test_the_parser_finds_every_kind_of_read():
    source = 'import os\ndef flag(n):\n    return os.environ.get(n)\nA = os.environ.get("A_X")\nB = os.environ["B_X"]\nC = flag("C_X")\nD = os.getenv("D_X")\n'
    assert variables_read(source) == {"A_X", "B_X", "C_X", "D_X"}
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "SECURE_PROXY_SSL_HEADER", "LOG_LEVEL"} <= READ


def test_env_example_lists_exactly_the_variables_settings_read():
    listed = env_example_names()
    assert READ - listed == set(), "read by tracker/settings.py but missing from .env.example"
    assert listed - READ == set(), "in .env.example but no longer read by tracker/settings.py"


def test_the_settings_docstring_names_and_counts_every_variable():
    docstring = ast.get_docstring(ast.parse(SETTINGS.read_text()))
    assert {name for name in READ if not re.search(rf"\b{name}\b", docstring)} == set()
    assert f"The {len(READ)} variables read here" in docstring


def test_the_readme_configuration_section_names_every_variable():
    section = readme_configuration()
    assert {name for name in READ if f"`{name}`" not in section} == set()
