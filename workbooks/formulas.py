"""Native formulas that mirror a rule of ``greendiag.rules`` on the sheet (Excel, WPS and LibreOffice).

Each returns formula text without the leading ``=`` unless said otherwise; each is compared with its
Python rule by a LibreOffice recalculation test (tests/test_workbook_checks.py).

* :func:`credit_code_status` — 统一社会信用代码 (GB 32100-2015, :mod:`greendiag.rules.identity`): ``""``
  when blank, ``校验通过``, or ``不符合：…`` naming the position and the expected character.
"""

from __future__ import annotations

from greendiag.rules.identity import CREDIT_ALPHABET, CREDIT_WEIGHTS, ORG_ALPHABET, ORG_WEIGHTS

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
