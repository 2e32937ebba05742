"""Every kind of bad input gives InputError naming the file and the reason, never a traceback.

All files are real, generated here: an encrypted PDF written by reportlab, a cut-off copy of a corpus
PDF, random bytes, a plain zip, a PNG and an HTML page wearing a .pdf extension.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from disclosure.errors import InputError
from disclosure.readers import read

CORPUS = Path(__file__).parent / "corpus"


def expect_error(path: Path, *fragments: str) -> InputError:
    with pytest.raises(InputError) as info:
        read(path)
    err = info.value
    assert err.path == str(path)
    assert str(err).startswith(str(path) + ": ")
    assert "\n" not in str(err) and "Traceback" not in str(err)
    for fragment in fragments:
        assert fragment in err.reason, err.reason
    return err


def _reportlab_pdf(path: Path, encrypt=None) -> Path:  # noqa: ANN001
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt)
    c.drawString(72, 720, "2024 annual report")
    c.save()
    return path


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"")
    expect_error(path, "文件为空", "empty file")


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b" \r\n\n\t ")
    expect_error(path, "文件为空")


def test_missing_file(tmp_path: Path) -> None:
    expect_error(tmp_path / "nowhere.pdf", "文件不存在")


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(bytes(range(256)) * 4 + os.urandom(4096))
    expect_error(path, "二进制", "binary")


def test_encrypted_pdf(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = _reportlab_pdf(tmp_path / "locked.pdf", StandardEncryption("secret", canPrint=0))
    assert b"/Encrypt" in path.read_bytes()
    expect_error(path, "加密", "encrypted")


def test_owner_password_only_pdf_still_reads(tmp_path: Path) -> None:
    """Encrypted with an empty user password (permissions only): viewers open it, so do we."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = _reportlab_pdf(tmp_path / "perm.pdf", StandardEncryption("", ownerPassword="owner", canPrint=0))
    assert "2024 annual report" in read(path).text()


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (CORPUS / "hzq2024.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    expect_error(path, "截断", "truncated")


def test_corrupt_pdf_with_trailer(tmp_path: Path) -> None:
    """Cut in the middle but with a %%EOF glued on: the cross-reference data is gone."""
    data = (CORPUS / "hzq2024.pdf").read_bytes()
    path = tmp_path / "broken.pdf"
    path.write_bytes(data[: len(data) // 3] + b"\n%%EOF\n")
    expect_error(path, "损坏", "corrupt PDF")


def test_zip_that_is_not_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("report.txt", "政府信息公开工作年度报告")
    expect_error(path, "不是 DOCX", "word/document.xml")


def test_html_with_pdf_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes((CORPUS / "shanghai_bgt_2019.html").read_bytes())
    expect_error(path, "扩展名为 .pdf，但内容是 HTML")


def test_png_with_pdf_extension(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("L", (64, 64), 255).save(path, "PNG")
    expect_error(path, "扩展名为 .pdf，但内容是 PNG")


def test_pdf_with_txt_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes((CORPUS / "hzq2024.pdf").read_bytes())
    expect_error(path, "扩展名为 .txt，但内容是 PDF")


def test_png_with_its_own_extension_is_unsupported(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.png"
    Image.new("L", (64, 64), 255).save(path, "PNG")
    expect_error(path, "不支持的格式", "PNG")


def test_old_word_doc(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    expect_error(path, "旧版 Word .doc")


def test_corrupt_docx(tmp_path: Path) -> None:
    """A zip with word/document.xml that is not XML: the library error is wrapped, not leaked."""
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "this is not xml")
    expect_error(path, "无法读取", "docx")


def test_directory(tmp_path: Path) -> None:
    expect_error(tmp_path, "目录")
