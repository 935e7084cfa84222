"""The sheets of the case workbook, one module each (built on :mod:`greendiag.workbooks.kit`):
:mod:`.lists` (hidden 列表), :mod:`.form` (every form sheet and table), :mod:`.team` (服务商与工作组,
工作组成员), :mod:`.process` (诊断过程), :mod:`.basic` (基础性要求), :mod:`.indicators` (评价指标),
:mod:`.retrofit` (改造建议), :mod:`.reward` (奖励测算 and the checks beside the data), :mod:`.params`
(参数), :mod:`.readme` (说明).  The enterprise sheets and 现场照片 are in
:mod:`greendiag.workbooks.enterprise`, 节假日安排 in :mod:`greendiag.workbooks.calendar`;
:mod:`greendiag.workbooks.builder` puts them together in order."""
