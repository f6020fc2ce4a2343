"""Signing in and out: the pre-session CSRF token, wrong passwords, the rate limit."""

from __future__ import annotations

import pytest

from planworks.api.deps import SESSION_COOKIE
from planworks.web.pages import LOGIN_CSRF_COOKIE
from tests.web.conftest import PASSWORD, Site, csrf_of


def test_the_form_carries_the_token_its_cookie_holds(site: Site) -> None:
    page = site.client.get("/login")
    assert page.status_code == 200
    assert 'name="password"' in page.text
    assert csrf_of(page.text) == site.client.cookies[LOGIN_CSRF_COOKIE]


def test_a_good_log_in_goes_home(site: Site) -> None:
    answer = site.sign_in("admin")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    assert SESSION_COOKIE in site.client.cookies
    home = site.client.get("/", follow_redirects=False)
    assert home.headers["location"] == "/regions/CN"  # the top region
    page = site.client.get("/regions/CN")
    assert page.status_code == 200
    assert "admin" in page.text
    assert "Sign out" in page.text


def test_each_role_starts_at_its_home(site: Site) -> None:
    site.sign_in("tianjin")
    assert site.client.get("/", follow_redirects=False).headers["location"] == "/regions/CN-HE-TJ"
    site.sign_in("reporter")
    assert site.client.get("/", follow_redirects=False).headers["location"] == "/report"


def test_a_page_asked_for_before_signing_in_is_shown_after(site: Site) -> None:
    asked = site.client.get("/status?scope=CN-HE", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/login?next=%2Fstatus%3Fscope%3DCN-HE"
    form = site.client.get(asked.headers["location"])
    assert 'name="next" value="/status?scope=CN-HE"' in form.text
    answer = site.client.post(
        "/login",
        data={
            "name": "admin",
            "password": PASSWORD,
            "csrf": csrf_of(form.text),
            "next": "/status?scope=CN-HE",
        },
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/status?scope=CN-HE"


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example/", "/\\evil.example", "/\t/evil.example", "https://evil.example/"]
)
def test_after_signing_in_it_never_goes_to_another_site(site: Site, elsewhere: str) -> None:
    form = site.client.get("/login")
    answer = site.client.post(
        "/login",
        data={"name": "admin", "password": PASSWORD, "csrf": csrf_of(form.text), "next": elsewhere},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/"


def test_a_wrong_password_is_said_on_the_page(site: Site) -> None:
    answer = site.sign_in("admin", "not the password")
    assert answer.status_code == 401
    assert "Wrong name or password." in answer.text
    assert SESSION_COOKIE not in site.client.cookies
    unknown = site.sign_in("nobody", "not the password")
    assert unknown.status_code == 401
    assert "Wrong name or password." in unknown.text


def test_a_log_in_without_the_form_s_token_is_refused(site: Site) -> None:
    site.client.get("/login")
    for token in ("", "forged"):
        answer = site.client.post(
            "/login",
            data={"name": "admin", "password": PASSWORD, "csrf": token},
            follow_redirects=False,
        )
        assert answer.status_code == 403
        assert "The form had expired" in answer.text
        assert SESSION_COOKIE not in site.client.cookies
    # without the cookie (a form posted from another site), a copied token is no use
    token = site.client.cookies[LOGIN_CSRF_COOKIE]
    site.client.cookies.clear()
    answer = site.client.post(
        "/login",
        data={"name": "admin", "password": PASSWORD, "csrf": token},
        follow_redirects=False,
    )
    assert answer.status_code == 403


def test_too_many_failures_lock_the_name_out_for_a_while(site: Site) -> None:
    for _ in range(5):
        assert site.sign_in("admin", "guess").status_code == 401
    answer = site.sign_in("admin")  # even the right password
    assert answer.status_code == 429
    assert "Too many failed attempts" in answer.text
    assert int(answer.headers["Retry-After"]) > 0
    assert SESSION_COOKIE not in site.client.cookies
    assert site.sign_in("tianjin").status_code == 303  # another name is not locked out


def test_signing_out_ends_the_session(site: Site) -> None:
    client = site.as_user("admin")
    page = client.get("/regions/CN")
    secret = client.cookies[SESSION_COOKIE]
    answer = client.post("/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?out=1"
    assert "You have signed out." in client.get("/login?out=1").text
    client.cookies.set(SESSION_COOKIE, secret)  # the old cookie no longer signs in
    assert client.get("/regions/CN", follow_redirects=False).status_code == 303


def test_signing_out_needs_the_session_s_token(site: Site) -> None:
    client = site.as_user("admin")
    for data in ({}, {"csrf": "forged"}):
        answer = client.post("/logout", data=data, follow_redirects=False)
        assert answer.status_code == 403
        assert "did not come from this site" in answer.text
    assert client.get("/regions/CN").status_code == 200  # still signed in
