"""MS-OVBA compression ([MS-OVBA] 2.4.1) of ``greendiag.addin.vba``, checked against oletools' decompressor
and against the streams Office wrote in xlwings' add-in template."""

from __future__ import annotations

import random
import zipfile

import olefile
import pytest

from greendiag.addin import vba
from greendiag.addin.build import read_template

olevba = pytest.importorskip("oletools.olevba", reason="oletools is in the test extras")


def reference(container: bytes) -> bytes:
    return bytes(olevba.decompress_stream(bytearray(container)))


@pytest.fixture(scope="module")
def template_streams() -> dict[str, bytes]:
    """{module: compressed source} of the template (modules whose source starts at offset 0)."""
    with zipfile.ZipFile(read_template().path) as zf:
        data = zf.read("xl/vbaProject.bin")
    with olefile.OleFileIO(data) as ole:
        streams = {"/".join(e): ole.openstream("/".join(e)).read() for e in ole.listdir() if e[0] == "VBA"}
    # the xlwings module's source starts at offset 0 (MODULEOFFSET); the others follow a p-code cache
    return {name.split("/")[1]: s for name, s in streams.items() if name != "VBA/dir"}


def test_decompress_agrees_with_oletools_on_the_stream_office_wrote(template_streams):
    stream = template_streams["xlwings"]
    assert vba.decompress(stream) == reference(stream)


def test_compress_round_trips_the_template_source_no_larger_than_office(template_streams):
    stream = template_streams["xlwings"]
    source = vba.decompress(stream)
    container = vba.compress(source)
    assert reference(container) == source and len(container) <= len(stream)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a",
        b"abc" * 3,
        b"Attribute VB_Name = \"x\"\n" * 500,  # long copies: maximum lengths at every bit count
        bytes(range(256)) * 16,  # exactly one chunk
        bytes(range(256)) * 16 + b"x",  # one chunk and one byte
        b"\x00" * 10000,
    ],
)
def test_round_trip_through_oletools(data):
    container = vba.compress(data)
    assert reference(container) == data == vba.decompress(container)


def test_incompressible_chunks_are_stored_raw():
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(3 * vba.CHUNK))
    container = vba.compress(data)
    assert reference(container) == data
    assert len(container) == 1 + 3 * (2 + vba.CHUNK)  # three raw chunks (flag bit 0, size 4098)


def test_fit_source_pads_to_the_exact_size_with_a_comment():
    source = b'Attribute VB_Name = "m"\nSub A()\nEnd Sub\n' * 40
    size = len(vba.compress(source)) + 25
    padded, container = vba.fit_source(source, size)
    assert len(container) == size and reference(container) == padded
    assert padded.startswith(source) and padded[len(source):].startswith(b"' greendiag ")
    assert padded.count(b"\n") == source.count(b"\n") + 1
    with pytest.raises(vba.VBAError):
        vba.fit_source(source, len(vba.compress(source)) - 1)


def test_fit_source_fills_a_large_gap_with_comment_lines_vba_can_hold():
    source = b'Attribute VB_Name = "m"\nSub A()\nEnd Sub\n' * 40
    size = len(vba.compress(source)) + 2100
    padded, container = vba.fit_source(source, size)
    assert len(container) == size and reference(container) == padded and padded.startswith(source)
    added = padded[len(source):].split(b"\n")[:-1]
    assert len(added) > 10 and all(line.startswith(b"' greendiag ") and len(line) <= 1023 for line in added)


def test_replace_module_source_keeps_the_container_and_every_other_stream(template_streams):
    with zipfile.ZipFile(read_template().path) as zf:
        project = zf.read("xl/vbaProject.bin")
    source = vba.module_source(project, "xlwings")
    shorter = source.replace(b"' ", b"'", 50)  # any source that fits
    out = vba.replace_module_source(project, "xlwings", shorter)
    assert len(out) == len(project)
    assert vba.module_source(out, "xlwings").startswith(shorter)
    with olefile.OleFileIO(out) as ole:
        for name, stream in template_streams.items():
            if name != "xlwings":
                assert ole.openstream(f"VBA/{name}").read() == stream
        assert ole.openstream("VBA/dir").read() == olefile.OleFileIO(project).openstream("VBA/dir").read()


def test_malformed_containers_are_refused_in_chinese():
    with pytest.raises(vba.VBAError, match="签名"):
        vba.decompress(b"\x00abc")
    with pytest.raises(vba.VBAError):
        vba.decompress(b"\x01\x05\x00")  # bad chunk signature
