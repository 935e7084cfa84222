"""Case workbooks: declarative sheet specs, the template builder and the reader.

Public API (docs/design.md): :func:`build_template`, :func:`fill_case`, :func:`read_case`,
:class:`Problem`, :class:`ReadResult`; :func:`problems_table` (rich) and :func:`result_json`
for ``greendiag check``.  The sheet layout is in :mod:`greendiag.workbooks.spec` (``forms_for(kind)``,
``FormSheet.cell_of(path)``, ``TEAM``, ``RETROFITS``, ``year_columns``) — one source for the
builder and the reader.

Decisions a user or another module may need to know:

* Sheets (Chinese): 说明 (the workbook opens here), 申请表, 服务商与工作组, 工作组成员 (the roster),
  诊断过程, 基础性要求 and 评价指标 (park only),
  合规性, 诊断内容, 对标分析, 分级评价, 拟实施重点工作 (enterprise only, :mod:`greendiag.workbooks.enterprise`),
  改造建议, 现场照片, 满意度, 奖励测算, 报告正文, 参数, 节假日安排 (editable statutory calendar, see
  :mod:`greendiag.workbooks.calendar`); hidden 列表 (allowed values, the 高级职称 title list and
  speciality keywords) and hidden ``xlwings.conf``
  (``UDF Modules`` = ``greendiag.addin.udfs``).  The case kind is a locked cell on 申请表 (B3) and is also
  told by the sheet set.
* Amounts are typed in 万元; ``12万元`` is read as 12 with a warning, ``1.2亿元`` / ``120000元`` are
  errors.  Percent indicators are read as the cell shows them: ``85`` and ``85%`` (value 0.85 in a
  percent format) are both 85, by the sheet's score (``sheets.indicators.shown_percent``) and by the reader
  alike; a bare 0 < x ≤ 1 is kept with a warning (amber on the sheet), > 100 is kept with a
  warning (and blocked by the sheet's validation).  See docs/excel.md §13.
* Every sheet is protected **without password** (审阅 → 撤销工作表保护); input cells are unlocked.
* Native formulas (no Python needed, Excel/WPS/LibreOffice): indicator scores, park scores and
  their changes and coverage, reward cap, working-group counts and check, on-site working days
  (NETWORKDAYS minus 放假 days plus 调休上班 days from 节假日安排) and check, basic requirements,
  retrofit totals; each check's status also stands beside its inputs (grey 待填写 while empty), and
  the 奖励测算 flags (``sheets.reward.SANCTIONS``) set the provider's status and the payable cap.
  The registered functions PARK_SCORE / REWARD_CAP show only when 参数 “用加载项函数核对…” is 是
  (IF is lazy, so LibreOffice and WPS show no #NAME? while it is 否; blank, unprinted rows).
* The reader never uses cached formula values: it reads inputs and ``rules`` recomputes.  Any
  error → ``ReadResult.case is None``; warnings keep the case.
"""

from greendiag.workbooks.builder import build_template, fill_case
from greendiag.workbooks.reader import Problem, ReadResult, read_case, required_table_problems
from greendiag.workbooks.report import problems_table, result_json

__all__ = ["build_template", "fill_case", "read_case", "required_table_problems", "Problem", "ReadResult",
           "problems_table", "result_json"]
