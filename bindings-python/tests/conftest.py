from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = REPO_ROOT / "tests" / "conformance" / "cases"
CASES = sorted(path for path in CASES_DIR.iterdir() if (path / "Dockerfile").is_file())
IMAGE_CASES = sorted(path for path in CASES_DIR.iterdir() if (path / "image.json").is_file())


@pytest.fixture
def dockerfile(tmp_path: Path) -> Path:
    """A Dockerfile on disk with one DL3007 finding."""
    path = tmp_path / "Dockerfile"
    path.write_text("FROM debian:latest\nUSER 10001\n", encoding="utf-8")
    return path
