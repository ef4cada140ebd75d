"""Django settings, all derived from indaba.config's declared table."""

from __future__ import annotations

from pathlib import Path

from indaba import config
from indaba.common.database import database_settings
from indaba.web.secret import load_or_create_secret

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = config.data_dir()
DEBUG: bool = config.get("DEBUG")
SECRET_KEY = load_or_create_secret(config.get("SECRET_KEY"), DATA_DIR)
ALLOWED_HOSTS = [h.strip() for h in config.get("ALLOWED_HOSTS").split(",") if h.strip()]
PUBLIC_URL: str = config.get("PUBLIC_URL").rstrip("/")

INSTALLED_APPS = [
    "indaba.audit.admin_app.AuditedAdminConfig",  # django.contrib.admin, audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "indaba.web",
    "indaba.audit",
    "indaba.boards",
    "indaba.accounts",
    "indaba.communities",
    "indaba.meetings",
    "indaba.facilitation",
    "indaba.knowledge",
    "indaba.evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in is known: a person's profile language outranks cookie and browser.
    "indaba.accounts.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "indaba.web.csp.ContentSecurityPolicyMiddleware",
    # Who acts, for audit entries recorded while serving the request.
    "indaba.audit.middleware.AuditActorMiddleware",
]

ROOT_URLCONF = "indaba.web.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "indaba.web.context.privacy",
            ],
        },
    },
]

DATABASES = {"default": database_settings(config.get("DATABASE_URL"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["indaba.accounts.backends.ThrottledEmailOrUsernameBackend"]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

EMAIL_HOST: str = config.get("EMAIL_HOST")
# Without SMTP, mail fails closed: into a 0600 file in DATA_DIR, never the console/log.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "indaba.web.mail.OutboxBackend"
)
EMAIL_PORT: int = config.get("EMAIL_PORT")
EMAIL_HOST_USER: str = config.get("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD: str = config.get("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS: bool = config.get("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL: str = config.get("EMAIL_FROM")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en"
# Offered languages (docs/languages.md): a person's profile choice (accounts middleware),
# else the footer switcher's cookie, else the browser's Accept-Language, else English.
LANGUAGES: tuple[tuple[str, str], ...] = config.get("LANGUAGES")
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Date and number formats for languages Django ships none for (isiZulu).
FORMAT_MODULE_PATH = ["indaba.web.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Africa/Johannesburg"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only for `collectstatic` deployments; assets are normally served from the finders.
STATIC_ROOT = DATA_DIR / "static" if (DATA_DIR / "static").is_dir() else None
FRONTEND_DIST = Path(__file__).resolve().parents[3] / "frontend" / "dist"
STATICFILES_DIRS = [("board", FRONTEND_DIST)] if FRONTEND_DIST.is_dir() else []
# Served straight from the finders so a fresh `npm run build` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Vite names built files by content hash: those may be cached for a year.
WHITENOISE_IMMUTABLE_FILE_TEST = r"^.+[.-][0-9a-zA-Z_-]{8,12}\..+$"

MEDIA_ROOT = DATA_DIR / "media"

# HTTPS mode comes from the public URL: cookies only over TLS, and HSTS. Whether a request
# came over TLS is decided by uvicorn, which applies X-Forwarded-Proto only from
# INDABA_TRUSTED_PROXIES (SECURE_PROXY_SSL_HEADER is deliberately not set: Django cannot
# tell who sent the header). See docs/operations.md, "HTTPS and reverse proxies".
HTTPS = PUBLIC_URL.lower().startswith("https://")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS: int = config.get("HSTS_SECONDS") if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # other services on the domain are not ours to bind
# A cross-site POST is refused by its Origin; the public URL's origin is the one trusted.
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL] if PUBLIC_URL else []

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"hide_secrets": {"()": "indaba.web.logs.HideSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["hide_secrets"]}},
    "loggers": {
        "indaba": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Server errors (500s with their traceback) and refused hosts; Django's default
        # sends these to e-mail only, so they went nowhere.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Counters that every process of a node must share: join-code attempts (django-ratelimit)
# and sign-in delays. One node is one process (`indaba serve`), so its memory is enough;
# several nodes (INDABA_REDIS_URL set) count together in Redis.
REDIS_URL: str = config.get("REDIS_URL")
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
     "KEY_PREFIX": "indaba"} if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
          "LOCATION": "indaba"})}
RATELIMIT_USE_CACHE = "default"

INDABA_LIMITS = {
    "max_image_bytes": config.get("MAX_IMAGE_BYTES"),
    "board_image_quota_bytes": config.get("BOARD_IMAGE_QUOTA_BYTES"),
    "guest_token_seconds": config.get("GUEST_TOKEN_SECONDS"),
    "attendance_margin_minutes": config.get("ATTENDANCE_MARGIN_MINUTES"),
    "join_grace_minutes": config.get("JOIN_GRACE_MINUTES"),
    "join_failures_rate": config.get("JOIN_FAILURES_RATE"),
    "login_free_failures": config.get("LOGIN_FREE_FAILURES"),
    "login_max_delay_seconds": config.get("LOGIN_MAX_DELAY_SECONDS"),
    "login_failure_window_seconds": config.get("LOGIN_FAILURE_WINDOW_SECONDS"),
    "email_change_seconds": config.get("EMAIL_CHANGE_SECONDS"),
}
