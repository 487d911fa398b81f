import os
import stat

import pytest

from monitoring_as_code.core.artifact import Artifact, write_all


def read(path):
    with open(path) as fh:
        return fh.read()


def test_write_all_writes_then_leaves_unchanged_files_alone(tmp_path):
    out = str(tmp_path / "build")
    arts = [Artifact("a/x.yml", "x\n"), Artifact("b.json", "{}\n")]
    assert write_all(out, arts) == (2, 0, 0)
    before = os.stat(os.path.join(out, "a/x.yml")).st_mtime_ns
    assert write_all(out, arts) == (0, 2, 0)
    assert os.stat(os.path.join(out, "a/x.yml")).st_mtime_ns == before


def test_write_all_prunes_files_no_longer_produced(tmp_path):
    out = str(tmp_path / "build")
    write_all(out, [Artifact("a/x.yml", "x\n"), Artifact("a/y.yml", "y\n")])
    assert write_all(out, [Artifact("a/x.yml", "x2\n")]) == (1, 0, 1)
    assert read(os.path.join(out, "a/x.yml")) == "x2\n"
    assert not os.path.exists(os.path.join(out, "a/y.yml"))
    assert not any(name.startswith(".tmp-") for name in os.listdir(os.path.join(out, "a")))


def test_prune_leaves_files_it_never_wrote(tmp_path):
    out = tmp_path / "build"
    write_all(str(out), [Artifact("a/x.yml", "x\n")])
    write_all(str(out / "staging"), [Artifact("a/x.yml", "s\n")])
    (out / "notes.txt").write_text("mine")
    assert write_all(str(out), [Artifact("a/x.yml", "x\n")]) == (0, 1, 0)
    assert read(str(out / "staging" / "a" / "x.yml")) == "s\n"
    assert read(str(out / "notes.txt")) == "mine"


def test_a_leftover_temporary_file_does_not_block_a_write(tmp_path):
    out = tmp_path / "build"
    (out / "a").mkdir(parents=True)
    leftover = out / "a" / f".tmp-x.yml.{os.getpid()}"  # as a crashed run of this pid would leave it
    leftover.write_text("stale")
    assert write_all(str(out), [Artifact("a/x.yml", "x\n")]) == (1, 0, 0)
    assert (out / "a" / "x.yml").read_text() == "x\n"
    assert leftover.read_text() == "stale"  # not ours to remove, not overwritten
    assert sorted(p.name for p in (out / "a").iterdir()) == [leftover.name, "x.yml"]


@pytest.mark.parametrize("name", ["x.yml", "x" * (255 - len(".yml")) + ".yml"], ids=["usual", "mkstemp fallback"])
def test_written_files_are_readable_as_any_new_file(tmp_path, name):
    """0666 less the umask, as ``open(path, "w")`` makes them: the build is read by Grafana or
    Prometheus, often as another user (a temporary file's 0600 would lock them out)."""
    write_all(str(tmp_path), [Artifact(f"a/{name}", "x\n")])
    assert stat.S_IMODE(os.stat(tmp_path / "a" / name).st_mode) == 0o666 & ~_umask()


@pytest.mark.parametrize("name", ["x.yml", "x" * (255 - len(".yml")) + ".yml"], ids=["usual", "mkstemp fallback"])
def test_a_file_holding_a_secret_is_its_owners_alone(tmp_path, name):
    write_all(str(tmp_path), [Artifact(f"a/{name}", "x\n", private=True)])
    assert stat.S_IMODE(os.stat(tmp_path / "a" / name).st_mode) == 0o600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_file_name_at_the_file_systems_limit_is_written(tmp_path):
    name = "x" * (255 - len(".yml")) + ".yml"  # no room for a longer temporary name beside it
    assert write_all(str(tmp_path), [Artifact(f"a/{name}", "x\n")]) == (1, 0, 0)
    assert (tmp_path / "a" / name).read_text() == "x\n"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [name]
