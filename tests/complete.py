"""A sample case made complete enough for ``greendiag generate`` without ``--draft``.

``greendiag check`` (``greendiag.workbooks.verdicts``) requires 现场照片 (规则第十五条第3项) and, for an
enterprise, 合规性, 诊断内容, 对标分析 and 拟实施重点工作 (第十二条): :func:`complete` adds the demo's
photos (written into the workbook's folder) and, for an enterprise, the demo's enterprise sheets.
"""

from __future__ import annotations

from pathlib import Path

from greendiag.generator.samples import DEMO_PHOTO_DIR, demo_enterprise, demo_park, write_demo_photos
from greendiag.rules.models import Case, CaseKind


def complete(case: Case, folder: Path | str) -> Case:
    """``case`` with the demo's photos (files written to ``folder/现场照片``) and enterprise sheets."""
    write_demo_photos(Path(folder) / DEMO_PHOTO_DIR, case.kind)
    if case.kind is CaseKind.PARK:
        return case.model_copy(update={"photos": demo_park().photos})
    demo = demo_enterprise()
    keep = ("photos", "compliance", "findings", "benchmarks", "planned_work")
    return case.model_copy(update={k: getattr(case, k) or getattr(demo, k) for k in keep})
