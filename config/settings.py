"""Settings for 巡察通, read from environment variables.

Unset variables mean safe defaults: DEBUG off, HTTPS-only cookies, SQLite and the filesystem
Celery broker under var/, so the embedded default needs no servers.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var")).resolve()


def env_bool(name, default=False):
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Without a key, management commands (migrations, checks) still run on a throwaway one; the
# web and worker entry points refuse to serve with it (config/entrypoints.py).
SECRET_KEY_IS_EPHEMERAL = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    import secrets

    SECRET_KEY = (secrets.token_urlsafe(50) if SECRET_KEY_IS_EPHEMERAL
                  else "insecure-development-key-only-used-with-debug-on")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Lets the project's templates/ override Django's form and widget templates.
    "django.forms",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "guardian",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "audit",
    "deadlines",
    "documents",
    "inspections",
    "teams",
    "rectification",
    "clues",
    "oversight",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.MaxUploadMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionPolicyMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.AccountDutiesMiddleware",
    "audit.middleware.DenialLogMiddleware",
    "config.middleware.PrivatePagesMiddleware",
    "config.middleware.InputHygieneMiddleware",
    "config.middleware.OnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a locked-out login is answered before anything else runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

FORM_RENDERER = "config.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    }
]

if database_url := os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AccountBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Nobody browses anonymously; guardian must not create an anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.validators.PasswordHistoryValidator", "OPTIONS": {"remembered": 5}},
]
# 等保 L3 asks for a periodic change; ASVS 2.1.10 advises against forced rotation. We follow the
# customer's assessor and explain the trade-off in docs/security.md.
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", 90))
PASSWORD_EXPIRY_WARNING_DAYS = 7
# Activation links (the person sets their own password) stay valid three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "oversight:home"
LOGOUT_REDIRECT_URL = "login"
# Sessions: 30 minutes idle (sliding), 12 hours at most, ended when roles change.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", 12 * 3600))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lockout (django-axes): five failures lock the account name and the client address for
# 30 minutes, on the login page and wherever else authenticate() is called.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("BEHIND_PROXY") else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
                                     if env_bool("BEHIND_PROXY") else ["REMOTE_ADDR"])

# Two factors (django-otp, TOTP with backup codes) for the office, the leadership group, the
# party group and the 三员. Only the test suite switches this off (deploy check xuncha.E003).
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "巡察通"

# The data interface (api/): tokens or the browser's session, JSON only, one error shape.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.CleanJSONParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursor",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerToken"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("API_RATE", "600/minute")},
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "巡察通 API",
    "DESCRIPTION": "Read what your account may see and do what its actions allow; see "
                   "docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "InspectionStatus": "inspections.models.Inspection.Status",
        "RoundStatus": "inspections.models.Round.Status",
        "PlanStatus": "rectification.models.RectificationPlan.Status",
        "ItemStatus": "rectification.models.RectificationItem.Status",
        "DeadlineKind": "deadlines.models.Deadline.Kind",
        "DeadlineStatus": "deadlines.models.Deadline.Status",
        "ClueKind": "clues.models.Clue.Kind",
        "ClueStatus": "clues.models.Clue.Status",
        "UnitKind": "accounts.models.OrgUnit.Kind",
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# A request body larger than this is refused from its Content-Length before it is read (the
# largest upload is 20 MB); form text up to DATA_UPLOAD_MAX_MEMORY_SIZE is parsed so that an
# over-long field gets its own message with the text kept (fields allow config.limits).
MAX_REQUEST_BYTES = 25 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded files are confidential: never under STATIC or a public URL, only via checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "audit.crypto.EncryptedFileSystemStorage"},
    "staticfiles": {
        # Hashed names need collectstatic, which production deploys run; tests and DEBUG do not.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST", not DEBUG)

# HTTPS_ONLY is on unless switched off (tests, the embedded http://127.0.0.1 demo).
HTTPS_ONLY = env_bool("HTTPS_ONLY", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS_ONLY else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # Bootstrap progress bars and ECharts set style attributes.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

mail_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": mail_backend,
        # Only the SMTP backend knows a host; the others refuse options they do not take.
        "OPTIONS": {"host": os.environ.get("EMAIL_HOST", "localhost")}
        if mail_backend.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "xuncha@localhost")
# Links in e-mails; requests know their own host, Celery tasks do not.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Celery: Redis in production and CI, the filesystem broker under var/ otherwise.
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    # The filesystem transport exits at once if its folders are missing.
    for folder in ("queue", "processed", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "sweep-deadlines": {"task": "deadlines.tasks.sweep_deadlines", "schedule": 15 * 60},
    "reconcile-todos": {"task": "deadlines.tasks.reconcile_todos", "schedule": 60 * 60},
    "audit-checkpoint": {"task": "audit.tasks.audit_checkpoint", "schedule": 60 * 60},
    "expire-exports": {"task": "documents.tasks.expire_exports", "schedule": 60 * 60},
}
# Generated exports (ledgers, lists) are deleted this many hours after they are ready.
EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", 24))
# Beat waits a full interval after a restart; the worker sweeps at once to catch up.
CELERY_WORKER_STARTUP_TASKS = ["deadlines.tasks.sweep_deadlines"]

# The audit chain key must differ from SECRET_KEY so a leaked session key cannot forge history.
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY", SECRET_KEY + ":audit")

# Signed checkpoints of the security log, appended outside the database (ship this file to
# write-once storage); events are kept at least this many days before they may be archived.
AUDIT_ANCHOR_FILE = Path(os.environ.get("AUDIT_ANCHOR_FILE", VAR_DIR / "audit-anchors.jsonl"))
AUDIT_ARCHIVE_DIR = Path(os.environ.get("AUDIT_ARCHIVE_DIR", VAR_DIR / "audit-archive"))
AUDIT_RETENTION_DAYS = max(180, int(os.environ.get("AUDIT_RETENTION_DAYS", 180)))

# Fernet keys (comma-separated, newest first) for interview notes and clue details.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")

DOCUMENT_NUMBER_PREFIX = os.environ.get("DOCUMENT_NUMBER_PREFIX", "青自然资巡")
# The party group whose bodies (its inspection teams) head their documents with its name.
ISSUING_PARTY_GROUP = os.environ.get("ISSUING_PARTY_GROUP", "中共青海省自然资源厅党组")
# 密级 and 保密期限 of documents built on interviews and clues (the report, the feedback, the
# transfer letter): the office sets them here; such documents never go out unmarked.
DOCUMENT_SECRECY = os.environ.get("DOCUMENT_SECRECY", "") or "秘密"
DOCUMENT_SECRECY_TERM = os.environ.get("DOCUMENT_SECRECY_TERM", "1年")
# Licensed office fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) dropped here are embedded
# in the PDFs before the open fonts that otherwise stand in for them (documents/fonts.py).
DOCUMENT_FONT_DIR = Path(os.environ.get("DOCUMENT_FONT_DIR", VAR_DIR / "fonts"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every layout step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"},
                "axes": {"level": "WARNING"}},
}
