"""Local development: the quick start's embedded defaults (SQLite, outbox)."""

from .base import *  # noqa: F403
from .base import DEVELOPMENT_SECRET_KEY, env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
