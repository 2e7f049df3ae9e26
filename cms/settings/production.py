"""Production: a real SECRET_KEY, DEBUG off, secure cookies and, when SITE_URL is https,
HTTPS enforced (redirect + HSTS). ``manage.py check --deploy`` reports nothing with the
variables the README lists. docs/security.md explains each setting."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, DEVELOPMENT_SECRET_KEY, SECRET_KEY, SITE_URL, env_bool, env_int

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production: unset DEBUG.")
DEPLOYMENT = "production"  # the admin warns about settings unfit for production
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the development key: set a new, random one.")

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients),
# set TRUSTED_PROXY=on; otherwise the header would let any client claim https.
if env_bool("TRUSTED_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# One year by default once the site is https; browsers then refuse plain http for it.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is a decision for the domain's owner (hstspreload.org), not a default.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
