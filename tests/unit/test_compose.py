"""docker-compose.yml and the Dockerfile, checked offline (no Docker engine here).

`docker-compose config -q` (Debian's docker-compose 1.29) validates the file against the
Compose schema without an engine: it exits 1 on an unknown key or a bad value.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"


def test_compose_file_is_valid() -> None:
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.skip("docker-compose is not installed (apt-get install -y docker-compose); `make test` installs it")
    p = subprocess.run([exe, "-f", str(COMPOSE), "config", "-q"], cwd=ROOT, capture_output=True, text=True,
                       timeout=60, env={"PATH": "/usr/bin:/bin", "NEO4J_PASSWORD": "a-long-password"})
    assert p.returncode == 0, p.stderr


def test_compose_wiring() -> None:
    doc = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    neo4j, api = doc["services"]["neo4j"], doc["services"]["api"]
    assert neo4j["image"] == "neo4j:5"
    assert "healthcheck" in neo4j and any("neo4j" in v for v in neo4j["volumes"])
    assert api["build"]["dockerfile"] == "Dockerfile" and (ROOT / "Dockerfile").exists()
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["command"][:2] == ["policygraph", "serve"] and "--load-samples" in api["command"]


def test_dockerfile_installs_the_package_and_serves() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    assert "pip install ." in text
    assert '"policygraph", "serve", "--host", "0.0.0.0", "--port", "8000", "--load-samples"' in text
    # An installed (non-editable) package has no samples/ beside it: the image says where they are.
    assert "POLICYGRAPH_SAMPLES=/app/samples" in text and "COPY samples" in text
