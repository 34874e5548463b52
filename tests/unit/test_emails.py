"""Tests for crm_desktop.domain.emails."""

from __future__ import annotations

import pytest

from crm_desktop.domain.emails import normalize_email, split_email_cell


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ivan@mail.ru", "ivan@mail.ru"),
        ("  Ivan.Petrov@Yandex.RU  ", "ivan.petrov@yandex.ru"),
        ("<info@romashka.ru>", "info@romashka.ru"),
        ("Иван Петров <Ivan@Mail.Ru>", "ivan@mail.ru"),
        ('"Петров, Пётр" <petr@bk.ru>', "petr@bk.ru"),
        ("mailto:Sales@Romashka.ru", "sales@romashka.ru"),
        ("MAILTO:sales@romashka.ru?subject=Заказ", "sales@romashka.ru"),
        ("<mailto:buh@romashka.ru>", "buh@romashka.ru"),
        ("почта@пример.рф", "почта@пример.рф"),  # unicode domain kept, no IDNA
        ("Офис@Ромашка.РФ", "офис@ромашка.рф"),
        ("info@xn--80ak6aa92e.com", "info@xn--80ak6aa92e.com"),  # punycode left as is
        ("ivan+crm@gmail.com", "ivan+crm@gmail.com"),
        ("ivan_petrov-1980@list.ru", "ivan_petrov-1980@list.ru"),
        ("director@romashka.msk.ru", "director@romashka.msk.ru"),
        ("ivan@mail.ru.", "ivan@mail.ru"),  # sentence full stop
        ("ivan@mail.ru;", "ivan@mail.ru"),
        ("«ivan@mail.ru»", "ivan@mail.ru"),
        ("ivan\u200b@mail.ru", "ivan@mail.ru"),  # zero-width space from a web page
        ("ivan＠mail.ru", "ivan@mail.ru"),  # full-width at sign
        ("\u00a0ivan@mail.ru\u00a0", "ivan@mail.ru"),
    ],
)
def test_normalize_email_accepts(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "ivan",
        "ivan@",
        "@mail.ru",
        "ivan@mail",  # no dot in the domain
        "ivan@@mail.ru",
        "ivan@petrov@mail.ru",
        "ivan petrov@mail.ru",
        "ivan@mail .ru",
        "ivan@.mail.ru",
        "ivan@mail..ru",
        "ivan@mail.ru@",
        ".ivan@mail.ru",
        "ivan..petrov@mail.ru",
        "ivan@-mail.ru",
        "ivan@mail.r",
        "ivan@192.168.0.1",
        "ivan@mail_server.ru",
        "нет почты",
        "тел. 8 (912) 345-67-89",
        "ivan@mail.ru, petr@mail.ru",  # two addresses: use split_email_cell
    ],
)
def test_normalize_email_rejects(raw: str) -> None:
    assert normalize_email(raw) is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", []),
        ("   ", []),
        ("ivan@mail.ru", ["ivan@mail.ru"]),
        ("ivan@mail.ru; petr@bk.ru", ["ivan@mail.ru", "petr@bk.ru"]),
        ("ivan@mail.ru,petr@bk.ru", ["ivan@mail.ru", "petr@bk.ru"]),
        ("ivan@mail.ru petr@bk.ru", ["ivan@mail.ru", "petr@bk.ru"]),
        (
            "ivan@mail.ru\npetr@bk.ru\r\nbuh@romashka.ru",
            ["ivan@mail.ru", "petr@bk.ru", "buh@romashka.ru"],
        ),
        ("ivan@mail.ru:::petr@bk.ru", ["ivan@mail.ru", "petr@bk.ru"]),
        ("ivan@mail.ru ::: petr@bk.ru", ["ivan@mail.ru", "petr@bk.ru"]),
        ("Ivan@Mail.ru; ivan@mail.ru", ["ivan@mail.ru"]),  # de-duplicated after casefold
        (
            "Иван Петров <ivan@mail.ru>, Бухгалтерия <buh@romashka.ru>",
            ["ivan@mail.ru", "buh@romashka.ru"],
        ),
        ("mailto:ivan@mail.ru; mailto:petr@bk.ru", ["ivan@mail.ru", "petr@bk.ru"]),
        ("ivan@mail.ru;; ;petr@bk.ru;", ["ivan@mail.ru", "petr@bk.ru"]),
        ("ivan@mail.ru / petr@bk.ru", ["ivan@mail.ru", "petr@bk.ru"]),
        ("нет; уточнить", []),
        ("почта@пример.рф; INFO@ROMASHKA.RU", ["почта@пример.рф", "info@romashka.ru"]),
    ],
)
def test_split_email_cell(cell: str, expected: list[str]) -> None:
    assert split_email_cell(cell) == expected
