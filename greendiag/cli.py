"""The ``greendiag`` command line (typer).  Each command is a thin shell over one module:

rules → ``greendiag.addin.udfs`` catalogue · new/check → ``workbooks`` · generate/demo → ``generator`` ·
batch → ``greendiag.generator.batch`` · addin → ``greendiag.addin.build`` / ``greendiag.addin.bundle``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(
    help="greendiag：绿色诊断案例工作簿、Excel 函数与官方附件生成工具",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
addin_app = typer.Typer(help="Excel 加载项（xlwings 经典加载项，Windows 桌面版 Excel）", no_args_is_help=True)
app.add_typer(addin_app, name="addin")

console = Console()
err_console = Console(stderr=True)

# Arguments and options several commands share (typer reads them from the annotation).
CaseWorkbook = Annotated[Path, typer.Argument(help="案例工作簿（.xlsx）", show_default=False, readable=False)]
OutDir = Annotated[Path, typer.Option("--out", "-o", help="输出目录")]
Overwrite = Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")]
Draft = Annotated[bool, typer.Option("--draft", help="检查仍有错误时也生成，文件名和每页水印标明“草稿”")]
Pdf = Annotated[bool, typer.Option("--pdf", help="同时转换为 PDF（需要 LibreOffice）")]
NoCharts = Annotated[bool, typer.Option("--no-charts", help="不画报告插图（没有中文字体时），正文不再提及插图")]


# Path arguments take readable=False: an unreadable file gets greendiag's Chinese message, not click's English one.


def _fail(message: str, code: int = 1) -> None:
    """Print ``错误：message`` (literally: user text is never rich markup) and exit with ``code``."""
    err_console.print(f"[bold red]错误：[/]{escape(message)}", soft_wrap=True, highlight=False)
    raise typer.Exit(code)


@app.command("rules")
def rules_cmd(
    unverified: Annotated[bool, typer.Option("--unverified", help="只列出 greendiag 的读法或默认值（非文件规定）的参数")] = False,
) -> None:
    """列出 Excel 函数目录及其政策依据（文件与条款），以及各参数的依据类别和核实情况。"""
    from greendiag.catalogue import print_catalogue, print_params

    if not unverified:
        print_catalogue(console)
    print_params(console, unverified)


@addin_app.command("build")
def addin_build_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录（生成 greendiag.xlam）")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的 greendiag.xlam")] = False,
    interpreter: Annotated[
        str | None,
        typer.Option("--interpreter", help="写入加载项 Interpreter_Win 的 python.exe 完整路径；默认留空，由用户电脑决定"),
    ] = None,
) -> None:
    """用已安装的 xlwings 自定义加载项模板构建 greendiag.xlam（绿色诊断功能区 + Excel 函数配置）。"""
    from greendiag.addin.build import AddinBuildError, build_addin

    try:
        path = build_addin(out, force=force, interpreter=interpreter)
    except (FileExistsError, AddinBuildError) as exc:
        _fail(str(exc))
    console.print(f"已生成加载项：{path}", markup=False, highlight=False)
    console.print("在 Windows 上运行 greendiag addin install 安装；详见 docs/excel.md。")


@addin_app.command("install")
def addin_install_cmd(
    interpreter: Annotated[
        str | None,
        typer.Option("--interpreter", help="写入加载项 Interpreter_Win 的 python.exe 完整路径；默认为运行本命令的 python（完整路径：不会从当前文件夹找 python）"),
    ] = None,
) -> None:
    """（仅 Windows）构建并安装 greendiag.xlam 到 Excel 的 XLSTART 文件夹，并说明如何导入函数。"""
    import sys
    import tempfile

    from greendiag.addin.build import IMPORT_FUNCTIONS_HELP, AddinBuildError, build_addin, install_addin, install_plan

    if not sys.platform.startswith("win"):
        err_console.print("greendiag addin install 只能在装有桌面版 Excel 的 Windows 电脑上运行。在 Windows 上它会：")
        for i, step in enumerate(install_plan(), start=1):
            err_console.print(f"  {i}. {step}", soft_wrap=True, markup=False)
        err_console.print("在本系统上可以用 greendiag addin build --out 目录 构建加载项，再拷到 Windows 电脑安装。")
        raise typer.Exit(1)
    interpreter = interpreter or str(Path(sys.executable).resolve())
    with tempfile.TemporaryDirectory(prefix="greendiag-addin-") as tmp:
        try:
            path = build_addin(tmp, interpreter=interpreter)
            output = install_addin(path)
        except (AddinBuildError, RuntimeError) as exc:
            _fail(str(exc))
    console.print(output, soft_wrap=True, markup=False)
    console.print(IMPORT_FUNCTIONS_HELP, soft_wrap=True, markup=False, highlight=False)


@addin_app.command("bundle")
def addin_bundle_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录（生成 greendiag-bundle 文件夹及其 .zip）")],
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的离线安装包")] = False,
    python: Annotated[
        str | None,
        typer.Option("--python", help="目标电脑的 Python 版本，逗号分隔（wheel 均为 Windows 64 位）；默认 3.11–3.15 中有全部 wheel 的版本"),
    ] = None,
    wheel: Annotated[Path | None, typer.Option("--wheel", help="greendiag 自身的 .whl；默认从源代码构建")] = None,
) -> None:
    """生成离线安装包：加载项、全部依赖的 wheel（Windows 64 位）、安装/卸载脚本和“发送到”菜单项（需联网下载）。"""
    from greendiag.addin.build import AddinBuildError
    from greendiag.addin.bundle import PYTHON_VERSIONS, BundleError, build_bundle

    versions = PYTHON_VERSIONS if python is None else tuple(v.strip() for v in python.split(",") if v.strip())
    console.print(f"正在下载 Windows 64 位、Python {'/'.join(versions)} 的 wheel（需要联网，可能要几分钟）…")
    try:
        folder = build_bundle(out, force=force, versions=versions, wheel=wheel, strict=python is not None)
    except (FileExistsError, BundleError, AddinBuildError) as exc:
        _fail(str(exc))
    console.print(f"已生成离线安装包：{folder}（及 {folder.name}.zip）", soft_wrap=True)
    console.print("把文件夹或 .zip 拷到 Windows 电脑，关闭 Excel 后双击 install.cmd；说明见其中的 说明.txt。")


@app.command("batch")
def batch_cmd(
    inputs: Annotated[list[Path], typer.Argument(help="案例工作簿或其所在目录（目录递归查找 *.xlsx）", show_default=False, readable=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录（台账：绿色诊断批次台账.xlsx）")],
    year: Annotated[int | None, typer.Option("--year", help="只统计该计入年度的案例（评审日期所在年度，无则报告日期、诊断年份）")] = None,
    docs: Annotated[bool, typer.Option("--docs", help="同时为每个案例生成官方附件（输出目录/文档/案例/）")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="并行进程数（默认 CPU 核数；1 为单进程）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的台账和文档")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="判断跟踪反馈是否逾期的日期 YYYY-MM-DD（默认今天）")] = None,
    calendar: Annotated[
        Path | None,
        typer.Option("--calendar", help="节假日安排文件（.csv：日期,类别,节日[,通知]；或含“节假日安排”表的 .xlsx），补充工作簿和日历库未收录的年份"),
    ] = None,
    registry: Annotated[
        str | None,
        typer.Option("--registry", help="登记库：数据库文件路径（SQLite，默认新建）或 PostgreSQL 地址 postgresql://用户@服务器/库；"
                     "先导入输出目录中台账的录入，台账由登记库中全部案例生成"),
    ] = None,
) -> None:
    """汇总各区案例工作簿，生成批次台账：批次工作清单、奖励测算、服务商动态管理、问题清单、跟踪。"""
    from datetime import date

    from greendiag.generator.batch import BatchError, run_batch, summary_lines

    as_of_date = None
    if as_of is not None:
        try:
            as_of_date = date.fromisoformat(as_of)
        except ValueError:
            _fail(f"--as-of 应为 YYYY-MM-DD 格式的日期，而不是 {as_of!r}")
    cal = None
    if calendar is not None:
        from greendiag.workbooks.calendar import CalendarFileError, read_calendar_file

        try:
            cal = read_calendar_file(calendar)
        except CalendarFileError as exc:
            _fail(f"--calendar：{exc}")
    try:
        result = run_batch(inputs, out, year=year, docs=docs, jobs=jobs, force=force, as_of=as_of_date, console=console,
                           calendar=cal, registry=registry)
    except (BatchError, FileExistsError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(os_error_text(exc))
    for line in [*(x for s in result.imports for x in s.lines()), *summary_lines(result)]:
        console.print(line, soft_wrap=True, markup=False, highlight=False)


ledger_app = typer.Typer(help="批次台账：导入工作人员在台账中的录入", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")
registry_app = typer.Typer(help="登记库：服务商、被诊断单位、案例、录入及其全部变更记录", no_args_is_help=True)
app.add_typer(registry_app, name="registry")
RegistryOption = Annotated[str, typer.Option("--registry", help="登记库：数据库文件路径（SQLite）或 PostgreSQL 地址")]


@ledger_app.command("import")
def ledger_import_cmd(
    file: Annotated[Path, typer.Argument(help="greendiag 生成的批次台账（.xlsx）", show_default=False, readable=False)],
    registry: RegistryOption,
) -> None:
    """把台账中工作人员的录入（评审结果、核定奖励金额、违规认定与处理决定日期、非重复……）记入登记库；整本台账为一个事务，任一单元格无效则整本不导入。"""
    from greendiag.generator.ledger_entries import LedgerInvalid
    from greendiag.generator.registry_sync import import_ledger
    from greendiag.registry import RegistryError, open_registry

    try:
        with open_registry(registry) as reg:
            summary = import_ledger(reg, file)
    except (LedgerInvalid, RegistryError) as exc:
        _fail(str(exc))
    for line in summary.lines():
        console.print(line, soft_wrap=True, markup=False, highlight=False)


@registry_app.command("history")
def registry_history_cmd(
    registry: RegistryOption,
    provider: Annotated[str | None, typer.Option("--provider", help="服务商名称（括号、全角半角、空格不计）")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="被诊断单位名称或统一社会信用代码")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出（供程序使用）")] = False,
) -> None:
    """列出登记库的变更记录（只增不改）：何时、何值改为何值、来源（案例工作簿及其 SHA-256，或台账文件、工作表、单元格）。"""
    from greendiag.generator.registry_sync import history_lines
    from greendiag.registry import RegistryError, open_registry
    from greendiag.registry.store import history_of

    try:
        with open_registry(registry) as reg, reg.read() as conn:
            rows = history_of(conn, provider=provider, unit=unit)
    except RegistryError as exc:
        _fail(str(exc))
    if as_json:
        import json

        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    if not rows:
        console.print("没有记录" + ("（登记库中没有这个名称）" if provider or unit else ""), markup=False)
    for line in history_lines(rows):
        console.print(line, soft_wrap=True, markup=False, highlight=False)


@registry_app.command("bans")
def registry_bans_cmd(
    registry: RegistryOption,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出（供程序使用）")] = False,
) -> None:
    """列出登记库中由规则推导的限制（第二十一、二十二条）：不得重新入围、不得申请资金支持，各自的起止日、解除日和依据条款。"""
    from greendiag.generator.registry_sync import ban_lines, stale_bans
    from greendiag.registry import RegistryError, open_registry
    from greendiag.registry.store import current_bans

    try:
        with open_registry(registry) as reg, reg.read() as conn:
            rows, stale = current_bans(conn), stale_bans(conn)
    except RegistryError as exc:
        _fail(str(exc))
    if stale:
        err_console.print(f"注意：登记库所存限制中有 {stale} 条与按现行规则推导的不一致（登记库建于限制表之前，或规则版本已更新）；"
                          "运行 greendiag batch … --registry 或 greendiag ledger import 后即更新。", markup=False,
                          soft_wrap=True, highlight=False)
    if as_json:
        import json

        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    for line in ban_lines(rows) or ["没有限制"]:
        console.print(line, soft_wrap=True, markup=False, highlight=False)


def _print_generated(result, workbook: Path | None = None) -> None:
    """Rich table of what ``generate``/``demo`` wrote (generate/demo commands)."""
    from rich.table import Table

    table = Table(title=escape(f"已生成：{result.case.unit_name}（{result.case.kind}）→ {result.out_dir}"))
    table.add_column("文件", overflow="fold")
    table.add_column("内容", overflow="fold")
    table.add_column("大小", justify="right")
    rows = []
    if workbook is not None:
        rows.append((workbook, "案例工作簿（示例数据）"))
    rows += [(p, result.titles.get(p.name, "")) for p in result.documents]
    rows += [(p, "PDF：" + result.titles.get(p.stem + ".docx", "")) for p in result.pdfs]
    rows.append((result.manifest, "清单（SHA-256、版本、时间）"))
    for p, what in rows:
        table.add_row(escape(p.name), escape(what), f"{p.stat().st_size / 1024:.0f} KB")
    console.print(table)
    a = result.assessment
    if a is not None:
        console.print(f"工作组：{a.team.text}；现场诊断：{a.onsite.text}", markup=False, highlight=False)
        if getattr(a, "years", None):
            scores = "、".join(
                f"{y.year}年 {y.park_score:.1f}分" if y.park_score is not None else f"{y.year}年 —" for y in a.years
            )
            console.print(f"园区诊断评分：{scores}", markup=False, highlight=False)
        e = getattr(a, "enterprise", None)
        if e is not None:
            veto = "".join(f"，{'未发现否决情形' if c.ok else '存在否决情形'}（{c.cite.article}）" for c in e.vetoes)
            tier = f"；分级评价：{e.tier}" if e.tier else (f"；培育库：{e.pool.text}" if e.pool else "")
            console.print(f"合规性：{len(e.compliance_failed)}项不符合{veto}{tier}", markup=False, highlight=False)
    if result.pdf_message:
        err_console.print(f"[yellow]提示：[/]{escape(result.pdf_message)}", soft_wrap=True)
    for w in result.warnings:
        err_console.print(f"[yellow]提示：[/]{escape(str(getattr(w, 'message', w)))}", soft_wrap=True, highlight=False)


def _print_invalid(exc) -> None:
    """The reader's problems as the table of ``greendiag check`` (generate/demo commands)."""
    from greendiag.workbooks import problems_table

    err_console.print(problems_table(exc.problems))


@contextmanager
def _generation_errors() -> Iterator[None]:
    """Turn what ``generate``/``run_demo`` raise into a Chinese message and exit code 1."""
    from greendiag.generator.pipeline import CaseInvalid

    try:
        yield
    except typer.Exit:  # a typer.Exit is a RuntimeError too: an exit already decided stays one message
        raise
    except CaseInvalid as exc:
        _print_invalid(exc)
        _fail(str(exc))
    except (FileNotFoundError, FileExistsError, NotADirectoryError, RuntimeError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(os_error_text(exc))


def os_error_text(exc: OSError) -> str:
    """A Chinese sentence for a file-system error (no permission, name too long, disk full …)."""
    import errno

    where = exc.filename or ""
    if isinstance(exc, PermissionError):
        return f"没有权限读写文件：{where}（请检查文件和文件夹权限，或关闭以独占方式打开它的 Excel/WPS 后重试）"
    if exc.errno == errno.ENAMETOOLONG:
        return f"文件名或路径过长，操作系统无法创建：{where}（请缩短文件夹或文件名后重试）"
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足，无法写入：{where}"
    if exc.errno == errno.EROFS:
        return f"位置只读，无法写入：{where}"
    return f"无法读写文件：{where}（{exc.strerror or exc}）"


@app.command("generate")
def generate_cmd(
    case: CaseWorkbook,
    out: OutDir,
    force: Overwrite = False,
    pdf: Pdf = False,
    draft: Draft = False,
    no_charts: NoCharts = False,
) -> None:
    """由案例工作簿生成全部官方附件（申请表、保密承诺书、评估报告、确认单、满意度评价表）和清单。"""
    from greendiag.generator.pipeline import generate

    with _generation_errors():
        result = generate(case, out, force=force, pdf=pdf, draft=draft, charts=not no_charts)
    _print_generated(result)
    if result.draft:
        err_console.print("[yellow]提示：[/]检查仍有错误，已生成草稿（文件名和水印标明“草稿”），不能作为正式文书报送。", highlight=False)


@app.command("package")
def package_cmd(
    case: CaseWorkbook,
    out: OutDir,
    force: Overwrite = False,
    draft: Draft = False,
    no_charts: NoCharts = False,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="只生成各方盖章文书（Word），不生成 PDF")] = False,
) -> None:
    """生成打印报送包：服务商、被诊断单位各一份盖章文书（Word，按报送顺序）、区经信部门初审清单，以及带封面、目录和书签的 PDF。"""
    from greendiag.generator.package import package

    with _generation_errors():  # PackageError is a RuntimeError: its Chinese message
        result = package(case, out, force=force, draft=draft, charts=not no_charts, pdf=not no_pdf)
    for signer, path in result.packs.items():
        console.print(f"{signer}：{path}", markup=False, highlight=False)
    if result.pdf:
        console.print(f"报送材料 PDF：{result.pdf}（{len(result.outline)} 个书签）", markup=False, highlight=False)
    console.print(f"清单：{result.manifest}", markup=False, highlight=False)
    if result.message:
        err_console.print(f"[yellow]提示：[/]{escape(result.message)}", soft_wrap=True)


@app.command("assemble")
def assemble_cmd(
    scans: Annotated[Path, typer.Argument(help="扫描件文件夹（每份盖章文书一个 PDF，按附件号或标题命名）", show_default=False)],
    case: Annotated[Path, typer.Option("--case", help="案例工作簿（.xlsx）", readable=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的报送材料 PDF")] = Path("报送材料.pdf"),
    force: Overwrite = False,
) -> None:
    """把盖章后扫描的各份文书 PDF 按报送顺序合成一个 PDF（每份文书一个书签），并按案例和扫描件勾选初审清单。"""
    from greendiag.generator.package import assemble

    with _generation_errors():  # PackageError is a RuntimeError: its Chinese message
        data = assemble(scans, case, out, force=force)
    for d in data["documents"]:
        console.print(f"第{d['first_page']}页起  {d['title']}  ← {d['file']}", markup=False, highlight=False)
    console.print(f"已合成：{out}（共 {data['output']['pages']} 页）", markup=False, highlight=False)
    for row in data["checklist"]:
        mark = "☐" if row["ok"] is None else ("☑" if row["ok"] else "☒")
        console.print(f"  {mark} {row['item']}（{row['basis']}）", markup=False, highlight=False)


@app.command("demo")
def demo_cmd(
    out: OutDir = Path("demo-output"),
    force: Overwrite = False,
    pdf: Pdf = False,
) -> None:
    """演示完整流程：生成示例园区和示例企业（虚构）的案例工作簿，再由工作簿生成全部官方附件。"""
    from greendiag.generator.pipeline import run_demo

    with _generation_errors():
        runs = run_demo(out, force=force, pdf=pdf)
    for workbook, result in runs:
        _print_generated(result, workbook)


@app.command("new")
def new_cmd(
    kind: Annotated[str, typer.Argument(help="案例类型：park（园区）或 enterprise（企业）", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的案例工作簿（.xlsx）")],
    name: Annotated[str | None, typer.Option("--name", help="被诊断园区/企业名称（预填）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="诊断实施年份（评价指标年份为其前三年）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    units: Annotated[Path | None, typer.Option(
        "--units", help="名单管理工作簿（greendiag units sheet 导出）：在“名单信息”表显示被诊断单位的列入名单情况和分级")] = None,
) -> None:
    """生成空白案例工作簿（数据验证、公式评分、奖励测算、参数及依据）。"""
    from greendiag.workbooks import build_template

    try:
        path = build_template(kind, out, name=name, year=year, overwrite=force, units=units)
    except (ValueError, FileExistsError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(os_error_text(exc))
    console.print(f"已生成案例工作簿：{path}", markup=False, highlight=False)


@app.command("check")
def check_cmd(
    file: CaseWorkbook,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出（供程序使用）")] = False,
) -> None:
    """检查案例工作簿：一次列出全部问题（工作表、单元格、值、说明）；有错误时退出码为 1。"""
    from greendiag.generator.load import load_case
    from greendiag.workbooks import ReadResult, problems_table, read_case, result_json
    from greendiag.workbooks.verdicts import case_problems

    try:  # the one load step of generate, batch and the ribbon (read, calendar, assess)
        loaded = load_case(file)
    except FileNotFoundError:  # named by the reader like any other unreadable file
        result, assessment = read_case(file), None
    else:
        result, assessment = ReadResult(loaded.case, list(loaded.problems)), loaded.assessment
    if result.case is not None:  # required sheets and the report's verdicts (generate --draft may still write drafts)
        result.problems.extend(case_problems(result.case, assessment))
    if as_json:
        typer.echo(result_json(file, result))
    else:
        if result.problems:
            console.print(problems_table(result.problems, title=f"检查结果：{file.name}"))
        n_err, n_warn = len(result.errors), len(result.warnings)
        if result.case is not None and not n_err:
            console.print(f"[green]通过[/]：{escape(result.case.unit_name)}（{result.case.kind.value}），{n_warn} 条警告", highlight=False)
        else:
            console.print(f"[red]未通过[/]：{n_err} 个错误，{n_warn} 条警告", highlight=False)
    raise typer.Exit(0 if result.ok else 1)


# ── greendiag units (issue 19): published lists, the 名单管理 workbook, officers' events ──

units_app = typer.Typer(help="绿色制造单位名单管理：导入公布名单、生成名单管理工作簿、登记事件", no_args_is_help=True)
app.add_typer(units_app, name="units")


@units_app.command("import")
def units_import_cmd(
    files: Annotated[list[Path], typer.Argument(help="公布的名单文件（.csv 或 .xlsx，可多个）", show_default=False, readable=False)],
    kind: Annotated[str, typer.Option("--kind", help="名单类型：绿色工厂 / 绿色工业园区 / 绿色供应链管理企业")],
    registry: Annotated[str, typer.Option("--registry", help="登记库：数据库文件路径或 PostgreSQL 地址")],
    level: Annotated[str, typer.Option("--level", help="级别：国家级 / 省级 / 市级 / 培育库")] = "国家级",
    region: Annotated[str, typer.Option("--region", help="只登记该地区的行（如 北京）；名单无地区列时为全部行的地区")] = "",
) -> None:
    """导入公布的绿色制造名单（表头变体自动识别，名称规范化，重复导入不改变任何数据），列出新增、未变、存疑的行。"""
    from greendiag.generator.units import ListFileError, import_list
    from greendiag.registry import RegistryError

    for f in files:
        try:
            r = import_list(f, list_kind=kind, level=level, registry=registry, region=region)
        except (ListFileError, RegistryError, ValueError) as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(os_error_text(exc))
        s = r.summary
        console.print(f"{f.name}：{r.rows}行；新增{s.new}、未变{s.unchanged}、更新{s.changed}"
                      + (f"、其他地区{s.skipped}" if region else "") + f"；存疑{len(s.doubtful)}行",
                      markup=False, highlight=False, soft_wrap=True)
        for where, name, why in s.doubtful:
            console.print(f"  存疑：{where} {name}：{why}", markup=False, highlight=False, soft_wrap=True)


@units_app.command("sheet")
def units_sheet_cmd(
    registry: Annotated[str, typer.Option("--registry", help="登记库：数据库文件路径或 PostgreSQL 地址")],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的名单管理工作簿（.xlsx）")],
    region: Annotated[str, typer.Option("--region", help="只列该地区的单位（如 北京）")] = "",
    as_of: Annotated[str | None, typer.Option("--as-of", help="统计日期 YYYY-MM-DD（默认今天）")] = None,
    bj_deadline: Annotated[str, typer.Option("--bj-deadline", help="北京动态管理表截止日（按国家通知，如 04-30）")] = "",
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的工作簿")] = False,
) -> None:
    """生成名单管理工作簿：每个单位的状态、分级、动态管理表截止日和剩余天数、限制期；提醒表；事件登记表。"""
    from datetime import date

    from greendiag.generator.units import write_sheet
    from greendiag.registry import RegistryError

    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        _fail(f"--as-of 应为 YYYY-MM-DD 格式的日期，而不是 {as_of!r}")
    try:
        path, rows = write_sheet(registry, out, as_of=day, region=region, beijing_deadline=bj_deadline, force=force)
    except (RegistryError, FileExistsError, ValueError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(os_error_text(exc))
    alerts = sum(len(r.life.alerts) for r in rows)
    console.print(f"已生成名单管理工作簿：{path}（{len(rows)}个单位，{alerts}条提醒，统计日期{day}）", markup=False, highlight=False)


@units_app.command("import-events")
def units_import_events_cmd(
    file: Annotated[Path, typer.Argument(help="填写了“事件登记”的名单管理工作簿", show_default=False, readable=False)],
    registry: Annotated[str, typer.Option("--registry", help="登记库：数据库文件路径或 PostgreSQL 地址")],
) -> None:
    """把名单管理工作簿“事件登记”表中的事件记入登记库（一次事务；有错误的行时全部不记入）。"""
    from greendiag.generator.units import import_events
    from greendiag.registry import RegistryError
    from greendiag.workbooks.units_sheet import EventSheetError

    try:
        new, same = import_events(file, registry)
    except EventSheetError as exc:
        for p in exc.problems:
            err_console.print(f"[bold red]错误：[/]{escape(p)}", soft_wrap=True, highlight=False)
        _fail(f"{file.name}：{len(exc.problems)}处错误，未记入任何事件")
    except (RegistryError, ValueError) as exc:
        _fail(f"{exc}；未记入任何事件")
    except OSError as exc:
        _fail(os_error_text(exc))
    console.print(f"已记入{new}件事件，{same}件此前已记入", markup=False, highlight=False)
