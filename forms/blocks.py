"""Small python-docx building blocks the templates share (Jinja loops over paragraphs and table rows,
label/value tables, signature blocks) and the sizes they use."""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Cm

from greendiag.forms import layout as L

S = L.SIZE_TABLE
SM = L.SIZE_SMALL
TINY = L.SIZE_TINY
V_TOP = WD_CELL_VERTICAL_ALIGNMENT.TOP


def label_value_rows(doc, rows: list[list[tuple[str, str]]], widths: list[float], *, height: float = 1.1):
    """A two- or four-column 标签 | 值 table; a row with one pair spans the value over the rest."""
    t = L.table(doc, len(rows), widths)
    for r, pairs in zip(t.rows, rows):
        L.set_row_height(r, height)
        cells = r.cells
        if len(pairs) == 1:
            label, value = pairs[0]
            merged = cells[1].merge(cells[-1]) if len(cells) > 2 else cells[1]
            L.cell_text(cells[0], label)
            L.cell_text(merged, value, align=L.LEFT)
        else:
            for i, (label, value) in enumerate(pairs):
                L.cell_text(cells[2 * i], label)
                L.cell_text(cells[2 * i + 1], value, align=L.LEFT)
    return t


def loop_paragraphs(container, var: str, *, size=L.SIZE_BODY, indent: float = 2, align=L.JUSTIFY):
    """``{%p for para in var %}`` … ``{{ para }}`` … ``{%p endfor %}`` (one paragraph each)."""
    L.paragraph(container, f"{{%p for para in {var} %}}", size=size)
    L.paragraph(container, "{{ para }}", size=size, indent_chars=indent, align=align)
    L.paragraph(container, "{%p endfor %}", size=size)


def cell_loop_paragraphs(cell, var: str, *, size=S):
    cell.paragraphs[0].text = ""
    p = cell.paragraphs[0]
    L.add_run(p, f"{{%p for para in {var} %}}", size=size)
    L.cell_para(cell, "{{ para }}", size=size, align=L.JUSTIFY)
    L.cell_para(cell, "{%p endfor %}", size=size)


def signature_block(doc, lines: list[str], *, indent_cm: float = 8.5, space_before: float = 24):
    """The stamp/signature lines, kept together on one page (never a stamp label without its name)."""
    for i, line in enumerate(lines):
        p = L.paragraph(doc, line, space_before=space_before if i == 0 else 0)
        p.paragraph_format.left_indent = Cm(indent_cm)
        p.paragraph_format.keep_with_next = i < len(lines) - 1
        p.paragraph_format.keep_together = True


def loop_table_rows(t, loop: str, cells_text: list[str], widths_aligns=None, *, size=S, height: float = 0.9):
    """Append three rows to ``t``: ``{%tr for … %}``, the data row, ``{%tr endfor %}``."""
    head = t.add_row()
    L.cell_text(head.cells[0], f"{{%tr for {loop} %}}", size=size)
    row = t.add_row()
    L.set_row_height(row, height)
    L.cant_split(row)
    for i, (cell, text) in enumerate(zip(row.cells, cells_text)):
        align = widths_aligns[i] if widths_aligns else L.CENTER
        L.cell_text(cell, text, size=size, align=align)
    tail = t.add_row()
    L.cell_text(tail.cells[0], "{%tr endfor %}", size=size)
    return row
