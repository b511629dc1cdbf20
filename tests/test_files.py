"""Reading text files in any common encoding, and writing files without harming what is there."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import painmap as pm
from painmap.core.files import TEMPORARY, open_text, read_text, write_atomic

TEXT = "Café, naïve, Zürich, São Paulo, 5 €, “quoted” – dash\n"


# Reading -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_text_in_any_common_encoding_reads_the_same(tmp_path, encoding):
    text = TEXT if encoding != "latin-1" else TEXT.replace("€", "E").replace("“", '"').replace(
        "”", '"').replace("–", "-")
    path = tmp_path / "notes.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text


def test_the_five_bytes_windows_1252_leaves_undefined_read_as_latin_1(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"a\x81\x8d\x8f\x90\x9d\x80z")
    assert read_text(path) == "a\x81\x8d\x8f\x90\x9d€z"


def test_utf_8_and_windows_bytes_mixed_in_one_file_both_read(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("é".encode() + b" and \xe9")
    assert read_text(path) == "é and é"


def test_line_ends_are_read_as_newlines_or_kept_for_csv(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"a\r\nb\rc\n")
    assert read_text(path) == "a\nb\nc\n"
    with open_text(path, newline="") as handle:
        assert handle.read() == "a\r\nb\rc\n"


def test_a_missing_file_is_a_missing_file_error_naming_it(tmp_path):
    missing = r"cannot read '.*nope\.txt': the file does not exist"
    with pytest.raises(pm.MissingFileError, match=missing) as err:
        read_text(tmp_path / "nope.txt")
    assert isinstance(err.value, FileNotFoundError)
    with pytest.raises(pm.MissingFileError, match="it is a folder"):
        read_text(tmp_path)
    with pytest.raises(pm.ArgumentTypeError, match="path=5 is an int"):
        read_text(5)


def test_binary_or_utf_16_text_is_a_data_error(tmp_path):
    binary = tmp_path / "notes.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(pm.DataError, match=r"notes\.bin' as text: it holds a NUL character \(character 8\), "
                                           "as a binary file does; expected a text file saved as UTF-8"):
        read_text(binary)
    utf16 = tmp_path / "notes.txt"
    utf16.write_bytes("Stretch".encode("utf-16"))
    with pytest.raises(pm.DataError, match="as UTF-16 text does"):
        read_text(utf16)


def test_a_large_file_is_read_as_it_is_iterated(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"caf\xe9\n" * 200_000)
    with open_text(path) as handle:
        assert next(iter(handle)) == "café\n"
        assert sum(1 for _ in handle) == 199_999


ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
HIGH = st.characters(codec="cp1252", min_codepoint=0x80)
# Text whose Windows-1252 bytes hold no UTF-8 sequence (a high byte is always followed by ASCII), as
# in real text; a run of bytes that is also UTF-8 (e.g. "Ã©") reads as UTF-8, by design.
WINDOWS_TEXT = st.lists(ASCII | st.tuples(HIGH, ASCII).map("".join), max_size=60).map("".join)


@settings(max_examples=100, deadline=None)
@given(text=WINDOWS_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_any_text_reads_back_from_utf_8_or_windows_1252(tmp_path_factory, text, encoding):
    path = tmp_path_factory.mktemp("enc") / "t.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text


# Writing -----------------------------------------------------------------------------------------

def test_writing_over_a_private_file_keeps_it_private(tmp_path):
    path = tmp_path / "private.csv"
    path.write_text("old")
    os.chmod(path, 0o600)
    write_atomic(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o640)
    write_atomic(path, b"newer")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.csv", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    target = tmp_path / "real.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(target.name)  # dangling: the target does not exist yet
    assert write_atomic(link, "first") == link
    assert link.is_symlink() and target.read_text() == "first"
    write_atomic(link, "second")  # the target now exists: replaced atomically, the link kept
    assert link.is_symlink() and os.readlink(link) == "real.csv" and target.read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_a_loop_of_links_is_an_output_error(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(pm.OutputError, match=r"cannot write '.*a': Too many levels of symbolic links"):
        write_atomic(tmp_path / "a", "x")


def test_a_fifo_is_written_in_place_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"through the pipe")
    reader.join(timeout=30)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_link_to_a_fifo_writes_the_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "out").symlink_to("pipe")
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(tmp_path / "out", "via the link")
    reader.join(timeout=30)
    assert got == [b"via the link"] and (tmp_path / "out").is_symlink()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_device_is_an_output_error_and_stays_a_device():
    with pytest.raises(pm.OutputError, match="cannot write '/dev/full': No space left on device") as err:
        write_atomic("/dev/full", b"x" * 10_000)
    assert isinstance(err.value, OSError)
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_character_device_is_written_not_replaced():
    write_atomic("/dev/null", "nothing")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_long_legal_file_name_works(tmp_path):
    name = "d" * 246 + ".csv"  # 250 characters, the longest most file systems allow is 255
    out = write_atomic(tmp_path / name, "ok")
    assert out.read_text() == "ok"
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert len(TEMPORARY.format("0" * 12)) < 30


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(pm.OutputError, match=r"x\.csv': No space left on device"):
        write_atomic(tmp_path / "x.csv", "data")
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "x.csv", "data")
    assert list(tmp_path.iterdir()) == []


def test_a_path_of_the_wrong_kind_is_an_argument_error(tmp_path):
    with pytest.raises(pm.ArgumentTypeError, match="path=3 is an int"):
        write_atomic(3, "x")
    with pytest.raises(pm.OutputError, match="it is a folder"):
        write_atomic(tmp_path, "x")


def test_write_drawings_keeps_a_private_file_private(tmp_path):
    path = Path(tmp_path / "drawings.csv")
    path.write_text("")
    os.chmod(path, 0o600)
    pm.write_drawings(path, [pm.PainDrawing.from_regions("sacrum")])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(pm.read_drawings(path)) == ["1"]
