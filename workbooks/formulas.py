"""Native formulas that mirror a rule of ``greendiag.rules`` on the sheet (Excel, WPS and LibreOffice).

Each returns formula text without the leading ``=`` unless said otherwise; each is compared with its
Python rule by a LibreOffice recalculation test (tests/test_workbook_checks.py).

* :func:`credit_code_status` — 统一社会信用代码 (GB 32100-2015, :mod:`greendiag.rules.identity`): ``""``
  when blank, ``校验通过``, or ``不符合：…`` naming the position and the expected character.
* :func:`shown_percent`, :func:`row_percent` — the one percent rule (``workbooks.values.measured``): a
  percentage reads as the cell shows it (85 and 85% are both 85).
* :func:`amount_doubt` — greendiag's plausibility bound (:mod:`greendiag.rules.plausibility`): ``请核对：…``
  with the value had it been typed in 元; :func:`pending` — a result shown as ``待核对`` until confirmed.
"""

from __future__ import annotations

from greendiag.rules.identity import CREDIT_ALPHABET, CREDIT_WEIGHTS, ORG_ALPHABET, ORG_WEIGHTS
from greendiag.rules.plausibility import PENDING, YUAN_PER_WAN

CREDIT_OK = "校验通过"


def _array(xs: object) -> str:
    return "{" + ",".join(str(x) for x in xs) + "}"  # type: ignore[attr-defined]


def credit_code_status(ref: str) -> str:
    """``=…`` showing whether the 统一社会信用代码 in ``ref`` checks (GB 32100-2015; GB 11714-1997 for
    position 17), as :func:`greendiag.rules.identity.credit_code_problem` decides: length 18, the
    code's alphabet, positions 3–8 digits, both check characters.  Upper case and spaces are ignored."""
    t = f'SUBSTITUTE(UPPER(TRIM({ref}))," ","")'
    org_sum = (f'SUMPRODUCT((FIND(MID({t},{_array(range(9, 17))},1),"{ORG_ALPHABET}")-1)'
               f'*{_array(ORG_WEIGHTS)})')
    org = f'CHOOSE(11-MOD({org_sum},11),1,2,3,4,5,6,7,8,9,"X","0")'
    code_sum = (f'SUMPRODUCT((FIND(MID({t},{_array(range(1, 18))},1),"{CREDIT_ALPHABET}")-1)'
                f'*{_array(CREDIT_WEIGHTS)})')
    last = f'MID("{CREDIT_ALPHABET}",MOD(31-MOD({code_sum},31),31)+1,1)'
    src = "（GB 32100-2015）"
    alphabet_ok = f'SUMPRODUCT(--ISNUMBER(FIND(MID({t},{_array(range(1, 19))},1),"{CREDIT_ALPHABET}")))=18'
    region_ok = f'SUMPRODUCT(--ISNUMBER(FIND(MID({t},{_array(range(3, 9))},1),"0123456789")))=6'
    at = f'"，现为"&MID({t},{{}},1)&"{src}"'
    return (
        f'=IF(LEN({t})=0,"",IF(LEN({t})<>18,"不符合：应为18位，现为"&LEN({t})&"位{src}",'
        f'IF(NOT({alphabet_ok}),"不符合：只可使用数字和除I、O、S、V、Z以外的大写字母{src}",'
        f'IF(NOT({region_ok}),"不符合：第3–8位应为6位数字（登记管理机关行政区划码）{src}",'
        f'IF(MID({t},17,1)<>{org}&"","不符合：第17位（组织机构代码校验码）应为"&{org}&{at.format(17)},'
        f'IF(MID({t},18,1)<>{last},"不符合：第18位（校验码）应为"&{last}&{at.format(18)},'
        f'"{CREDIT_OK}"))))))'
    )


def shown_percent(ref: str) -> str:
    """Formula for the percent number a percentage cell shows: 85 for 85 and for 85 % alike.

    A person who types ``85%`` gets the value 0.85 in a percent format (Excel, WPS and LibreOffice
    all do this); the cell then shows 85%, and this reading, like the reader's
    (:func:`greendiag.workbooks.values.measured`), counts it as 85.  ``CELL("format")`` starts with
    ``P`` for percent formats (Excel: P0/P2; LibreOffice alike).  See docs/excel.md, “百分比指标怎样填写”.
    """
    return f'IF(IFERROR(LEFT(CELL("format",{ref}),1)="P",FALSE),100*{ref},{ref})'


def is_percent_unit(unit_ref: str) -> str:
    """Formula: is the row's unit (text in ``unit_ref``) a percentage (``%`` or full-width ``％``)?"""
    return f'OR(TRIM({unit_ref})="%",TRIM({unit_ref})="％")'


def row_percent(ref: str, unit_ref: str) -> str:
    """The value of ``ref`` as the one percent rule reads it when the row's unit is %, else as stored."""
    return f"IF({is_percent_unit(unit_ref)},{shown_percent(ref)},{ref})"


def amount_doubt(ref: str, bound: str, confirm_ref: str | None = None) -> str:
    """``=…`` beside an amount in 万元: ``""`` while plausible, else ``请核对：…亿元…按万元应为 N`` (the value
    typed in 元 ÷ 10000; greendiag's bound ``bound``, a number or a 参数 cell), ``""`` again once
    ``confirm_ref`` says 是 (as :func:`greendiag.rules.plausibility.amount_doubt` and the reader)."""
    ok = f'{confirm_ref}="是"' if confirm_ref else "FALSE"
    x = f"ROUND({ref}/{YUAN_PER_WAN},2)"
    return (f'=IF(AND(ISNUMBER({ref}),{ref}>{bound},NOT({ok})),"请核对：即"&{x}&"亿元，超出合理范围（本表自定的核对界限，'
            f'非文件规定）；是否按元填写了？按万元应为"&{x},"")')


def pending(result: str, ref: str, bound: str, confirm_ref: str) -> str:
    """``result`` (formula text without ``=``) shown as ``待核对`` while the amount in ``ref`` exceeds
    ``bound`` and ``confirm_ref`` is not 是 (:func:`greendiag.rules.plausibility.output_value_pending`)."""
    return f'IF(AND(ISNUMBER({ref}),{ref}>{bound},{confirm_ref}<>"是"),"{PENDING}",{result})'
