"""Helpers for browser tests of the Wagtail admin."""


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the admin's login form and wait for the dashboard."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
