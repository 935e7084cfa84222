"""说明: the first sheet a person sees — how to fill the workbook, what it computes by itself, what the
program adds, the colours, and what each sheet serves (which annex)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules.models import CaseKind
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S
from greendiag.workbooks.sheets.params import PARAMS_TITLE

_TITLE = K.Look("绿色诊断·封面标题", font=Font(bold=True, size=16))
_LINK = K.Look("绿色诊断·链接", font=Font(bold=True, color="0563C1", underline="single"))


def readme_sheet(wb: Workbook, kind: CaseKind, serves_more: dict[str, str]) -> Worksheet:
    """Add 说明 as the first sheet: how to fill the workbook, what it does alone and with the program,
    the colours, each sheet's purpose (``serves_more``: of the sheets other modules build), a link to
    the first input (申请表's 诊断实施年份)."""
    ws = wb.create_sheet(S.README, 0)
    unit = "工业园区" if kind == CaseKind.PARK else "企业"
    K.style(ws.cell(1, 1, f"绿色诊断案例工作簿（{unit}）"), _TITLE)
    lines = [
        "填写方法",
        "1. 只在黄色单元格填写；绿色单元格为公式（自动计算），蓝色为表头，其余为说明文字。各表已保护（无密码），防止误改公式。",
        "2. 单击（选中）黄色单元格时显示填写说明；下拉单元格请从列表选择；填错时弹出提示，按“确定”后重新填写。",
        "3. 金额一律以“万元”为单位填写数字（如 12000，不要写“1.2亿元”或“12000万元”）；日期填写为 2026-03-02 或 2026/3/2。",
        "4. “评价指标”中百分比指标填写 85 或 85%，两者都表示 85%；0.85 表示 0.85%（单元格变黄提示核对）；无法获得的指标填“不适用”，不计入评分。"
        if kind == CaseKind.PARK else
        "4. “合规性”逐项选择 符合/不符合/不适用；“对标分析”按所列单位填写数值，差距（%）自动计算。",
        "5. 核对结果显示在填写处旁边：灰色“待填写”表示还缺内容，绿色“符合”，红色“不符合”并说明原因；“奖励测算”表汇总全部核对结果。",
        "",
        "本工作簿自己能做什么（不需要安装任何程序，Excel、WPS、LibreOffice 都可以）",
        "· 检查填写：下拉列表、数字和日期范围，填错当场提示；",
        "· 自动计算：" + ("指标得分和园区诊断评分" if kind == CaseKind.PARK else "合规性否决项、对标差距、分级评价结果")
        + "、工作组人数与组成要求、现场诊断工作日（含法定节假日和调休）、奖励金额上限；",
        "· 打印：各表已设好纸张和标题行" + ("，“评价指标”每年一页（A4 横向）。" if kind == CaseKind.PARK else "。"),
        "安装“绿色诊断”程序后另外可以",
        "· Windows 版 Excel 加载项：功能区“绿色诊断 → 生成文书”，一次检查全部内容，没有错误时生成全部 Word 附件；",
        "· 不用加载项（如 WPS）：在文件资源管理器中右键本工作簿 → 发送到 →“绿色诊断：生成文书”，效果相同；",
        "· 检查发现的问题逐条列出工作表、单元格和原因，改正后再生成。",
        "",
        "颜色说明",
    ]
    r = 3
    for line in lines:
        heading = line in ("填写方法", "颜色说明") or line.startswith(("本工作簿", "安装"))
        K.style(ws.cell(r, 1, line or None), K.STRONG if heading else K.NOTE)
        if line and not heading:  # wrapped over both columns: nothing runs on past the printed page
            K.merge(ws, start_row=r, start_column=1, end_row=r, end_column=2)
        r += 1
    for fill, text in ((K.INPUT_FILL, "填写单元格"), (K.CALC_FILL, "公式（自动计算，勿改）"), (K.HEADER_FILL, "表头"),
                       (PatternFill("solid", fgColor="F8CBAD"), "必填项未填写"), (PatternFill("solid", fgColor="FFC7CE"), "核对不通过")):
        K.style(ws.cell(r, 1), K.Look(f"绿色诊断·颜色 {text}", fill=fill))
        ws.cell(r, 2, text)
        r += 1
    r += 1
    K.style(ws.cell(r, 1, "各工作表用途"), K.STRONG)
    r += 1
    for col, h in enumerate(("工作表", "对应文件 / 附件"), start=1):
        K.header(ws.cell(r, col, h))
    r += 1
    forms = S.forms_for(kind)
    serves = {name: f.serves for name, f in forms.items()}
    serves[S.PROVIDER] = "附件2-1 基本信息表二（服务商信息）"
    serves[S.TEAM.sheet] = "附件2-1 绿色诊断工作组成员表；工作组要求核对（第十一条第2项）"
    serves[S.BASIC] = "附件2-1-1 工业园区绿色诊断基础性要求诊断表"
    serves[S.INDICATORS] = "附件2-1-2 工业园区绿色诊断评价表（三年数据、单项得分、园区诊断评分）"
    serves[S.RETROFIT] = "附件2-1-3 绿色化改造提升建议表"
    serves[S.PARAMS] = PARAMS_TITLE[kind].removeprefix("参数（").removesuffix("）") + "及其依据（受保护，无密码）"
    serves[S.CALENDAR] = "法定节假日放假和调休上班日期（国务院办公厅通知）；新一年的安排公布后在此补录，现场诊断工作日随之计算"
    serves[S.README] = "本说明"
    serves.update(serves_more)
    for name in (*S.sheets_for(kind), S.CALENDAR):
        K.style(ws.cell(r, 1, name), K.BOXED)
        K.style(ws.cell(r, 2, serves.get(name, "")), K.TEXT)
        r += 1
    r += 1
    K.style(ws.cell(r, 1, "依据：《北京市制造业绿色诊断工作规则》《北京市工业园区绿色诊断工作指南》。"), K.NOTE)
    K.merge(ws, start_row=r, start_column=1, end_row=r, end_column=2)
    start = ws.cell(2, 1, f"→ 从这里开始填写：“{S.APPLICATION}”表（Excel 单击跳转，LibreOffice 按住 Ctrl 单击）")
    start.hyperlink = Hyperlink(ref=start.coordinate, location=f"'{S.APPLICATION}'!{S.forms_for(kind)[S.APPLICATION].cell_of(S.YEAR_FIELD.path)}", display=start.value)
    K.style(start, _LINK)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    K.print_setup(ws, "1:1", landscape=True)
    K.protect(ws)
    return ws
