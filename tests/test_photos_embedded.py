"""issue 20 item 5: photos inside the workbook.  A picture inserted into 现场照片 (openpyxl ``add_image``
anchored on its row, as Excel's Insert → Picture does) travels with the file and is printed from there;
file names outside the workbook's folder are refused at their cell."""

from __future__ import annotations

import io
import shutil
import zipfile

import openpyxl
from openpyxl.drawing.image import Image as XLImage
from PIL import Image

from greendiag.generator.pipeline import generate
from greendiag.generator.samples import sample_park
from greendiag.workbooks import fill_case, read_case
from greendiag.workbooks import spec as S
from tests.complete import complete


def _picture(path, colour) -> None:
    Image.new("RGB", (800, 600), colour).save(path, "JPEG")


def test_inserted_picture_travels_with_the_workbook(tmp_path):
    made = tmp_path / "made"
    made.mkdir()
    wb_path = fill_case(complete(sample_park(), made), made / "园区.xlsx")  # file-name photos, rows 6–8
    wb = openpyxl.load_workbook(wb_path)
    ws = wb[S.PHOTOS]
    for col in ("B", "C"):  # the three file-name rows become one inserted picture with its caption
        for r in (6, 7, 8):
            ws[f"{col}{r}"] = None
    _picture(made / "锅炉房.jpg", (200, 30, 30))
    img = XLImage(str(made / "锅炉房.jpg"))
    img.anchor = "B6"
    ws.add_image(img)
    ws["C6"] = "锅炉房（插入工作簿的图片）"
    wb.save(wb_path)
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(wb_path, alone / "园区.xlsx")  # e-mailed without its folder
    read = read_case(alone / "园区.xlsx")
    assert read.ok, [p for p in read.errors]
    (photo,) = read.case.photos
    assert photo.caption == "锅炉房（插入工作簿的图片）" and photo.image and photo.file == ""
    result = generate(alone / "园区.xlsx", alone / "out")
    report = next(p for p in result.documents if "附件2-1_" in p.name)
    with zipfile.ZipFile(report) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/") and n.endswith((".jpg", ".jpeg"))]
    reds = [Image.open(io.BytesIO(m)).convert("RGB").getpixel((10, 10)) for m in media]
    assert any(r > 150 and g < 80 for r, g, _b in reds), reds  # the inserted red picture, printed


def test_names_outside_the_folder_are_refused_at_their_cell(tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    wb_path = fill_case(complete(sample_park(), folder), folder / "园区.xlsx")
    _picture(tmp_path / "x.jpg", (0, 0, 200))  # exists, but outside the workbook's folder
    wb = openpyxl.load_workbook(wb_path)
    ws = wb[S.PHOTOS]
    ws["B6"] = "../x.jpg"
    ws["B7"] = str(tmp_path / "x.jpg")
    wb.save(wb_path)
    read = read_case(wb_path)
    cells = {(p.sheet, p.cell) for p in read.errors}
    assert (S.PHOTOS, "B6") in cells and (S.PHOTOS, "B7") in cells, read.errors
    assert all("不在工作簿所在文件夹内" in p.message for p in read.errors if p.sheet == S.PHOTOS)


def test_fill_case_embeds_the_photos_and_they_read_back(tmp_path):
    """fill_case inserts each photo's picture on its row: the demo park's three files (photo_dir) and a
    Case's own picture bytes; the workbook, copied alone, reads back the same pictures in the same order."""
    from greendiag.generator.samples import DEMO_PHOTO_DIR, demo_park, write_demo_photos
    from greendiag.workbooks.enterprise import embedded_images

    made = tmp_path / "made"
    write_demo_photos(made / DEMO_PHOTO_DIR, demo_park().kind)
    case = demo_park()
    wb_path = fill_case(case, made / "园区.xlsx", photo_dir=made)
    rows = embedded_images(openpyxl.load_workbook(wb_path)[S.PHOTOS])
    assert sorted(rows) == [6, 7, 8]
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(wb_path, alone / "园区.xlsx")
    read = read_case(alone / "园区.xlsx")
    assert read.ok, read.errors
    want = [(made / p.file).read_bytes() for p in case.photos]
    assert [p.image for p in read.case.photos] == want
    assert [p.caption for p in read.case.photos] == [p.caption for p in case.photos]
    # round trip: the case read back (pictures as bytes, no folder) fills a workbook that carries them again
    again = fill_case(read.case, tmp_path / "again.xlsx")
    assert [p.image for p in read_case(again).case.photos] == want
