import pytest


@pytest.fixture
def write(tmp_path):
    """``write(name, text) -> path`` in a temporary folder."""

    def _write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write
