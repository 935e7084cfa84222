"""统一社会信用代码 (GB 32100-2015) and its 组织机构代码 check character (GB 11714-1997)."""

from __future__ import annotations

import pytest

from greendiag.rules.identity import (
    CREDIT_ALPHABET,
    CREDIT_WEIGHTS,
    credit_code_check_char,
    credit_code_problem,
    make_credit_code,
    org_code_check_char,
)

# real-format codes: the standard's example and published business licences (they check by the algorithm)
REAL = ("91350100M000100Y43", "91110108551385082Q", "91110000802100433B", "91440300708461136T",
        "91330100716105852F")


def test_weights_are_the_standards_table():
    assert CREDIT_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(CREDIT_ALPHABET) == 31 and not set("IOSVZ") & set(CREDIT_ALPHABET)


@pytest.mark.parametrize("code", REAL)
def test_real_codes_check(code):
    assert credit_code_problem(code) == ""
    assert credit_code_check_char(code[:17]) == code[17]
    assert org_code_check_char(code[8:16]) == code[16]
    assert make_credit_code(code[:16]) == code


def test_check_characters_at_their_boundaries():
    # the final check: 31 − (Σ mod 31) written as 0 when Σ mod 31 = 0, Y (30) when Σ mod 31 = 1
    assert credit_code_check_char("0" * 17) == "0"
    assert credit_code_check_char("1" + "0" * 16) == "Y"
    # the 组织机构代码: 11 − (Σ mod 11); 10 → X, 11 → 0
    assert org_code_check_char("00000000") == "0"  # Σ = 0 → 11 → 0
    assert org_code_check_char("40000000") == "X"  # Σ = 12, mod 11 = 1 → 10 → X
    assert org_code_check_char("10000000") == "8"  # weight 3
    assert org_code_check_char("00000001") == "9"  # weight 2
    assert org_code_check_char("A0000000") == "3"  # A = 10: Σ = 30, mod 11 = 8 → 3


def test_every_single_substitution_is_caught():
    code = REAL[1]
    for i in range(18):
        for ch in CREDIT_ALPHABET:
            if ch != code[i]:
                wrong = code[:i] + ch + code[i + 1:]
                assert credit_code_problem(wrong), wrong


@pytest.mark.parametrize("code, fragment", [
    ("", ""),
    ("91110108551385082", "应为 18 位，现为 17 位"),
    ("9111010855138508OQ", "第17位“O”不可用"),
    ("911A0108551385082Q", "第3–8位应为登记管理机关行政区划码"),
    ("91110108551385083Q", "第17位（组织机构代码校验码）应为“2”，现为“3”"),
    ("91110108551385082R", "第18位（校验码）应为“Q”，现为“R”"),
    ("91110108551385082q", ""),
    (" 9111 0108 5513 8508 2Q ", ""),
])
def test_problem_names_position_and_expected_character(code, fragment):
    why = credit_code_problem(code)
    assert (why == "") == (fragment == "")
    assert fragment in why
    if why:
        assert "GB 32100-2015" in why
