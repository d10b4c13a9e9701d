"""One settings module, configured from the environment.

The embedded default (no environment at all) runs on SQLite with Celery jobs
executed in-process, so `make run` works on a bare machine. Production sets
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=false.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY (at least 50 characters) is required when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "plan_portal.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "agencies.axes_app.AxesConfig",  # django-axes, named in Vietnamese
    "csp",
    "ninja",
    "agencies",
    "tasks",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plan_portal.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "plan_portal.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plan_portal.urls"
WSGI_APPLICATION = "plan_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "agencies.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Planner settings per connection. JIT compiles a query when its estimated cost is high; the portal's
    # queries are short and the compile cost more than it saved (0.5 s of the dashboard's 1.3 s figure
    # rebuild at ×10). The cost of a random page read: the default (4) models spinning disks and prefers
    # scanning a whole table to probing an index a few hundred times; 1.1 is the usual figure for SSDs and
    # data held in memory, where the probes are several times faster.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c jit=off -c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=1.1)}"
    )
# SQLite (the embedded default): a transaction takes the write lock when it begins and waits up to
# 20 s for it. Deferred, two concurrent "Lập báo cáo" each read, then both tried to write and one
# failed at once with "database is locked" (a 500).
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend; the user comes with its agency, shown in every page's header.
    "agencies.backends.PortalBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "agencies.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection: lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address as the lockout sees it. Directly exposed (0), REMOTE_ADDR. Behind N proxies that
# each append the address they were reached from to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for),
# the N-th address from the right: what a client writes into the header itself stays to the left of it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "plan_portal.middleware.client_ip"
AXES_USERNAME_CALLABLE = "agencies.backends.lockout_username"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["plan_portal.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads and generated documents live outside the static path and are served
# only through views that check access (never by URL alone).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Never routed by urls.py: files are streamed by views that check access first.
MEDIA_URL = "/_media-not-served/"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The plan-import preview posts about 9 fields per task; 10,000 fits a plan of several hundred tasks.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Portal rules that a province may tune.
DUE_SOON_DAYS = env.int("DUE_SOON_DAYS", default=15)

# Read API (/api/v1/): calls per client per minute, largest page, days of call log kept.
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
API_MAX_PAGE_SIZE = 200
API_CALL_LOG_DAYS = env.int("API_CALL_LOG_DAYS", default=90)
REPORT_SUBMISSION_DAYS_AFTER_CUTOFF = env.int("REPORT_SUBMISSION_DAYS_AFTER_CUTOFF", default=3)
CONSOLIDATED_REPORT_DAYS_AFTER_CUTOFF = env.int("CONSOLIDATED_REPORT_DAYS_AFTER_CUTOFF", default=10)
REMINDER_DAYS_BEFORE_DUE = env.int("REMINDER_DAYS_BEFORE_DUE", default=3)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cổng theo dõi kế hoạch <no-reply@localhost>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Celery: without REDIS_URL jobs run eagerly in-process (embedded default).
REDIS_URL = env.str("REDIS_URL", default="")
# The host is named so kombu does not warn "No hostname was supplied" on every `make run`.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that loses Redis while it waits for work reconnects instead of exiting (see the class).
CELERY_WORKER_CONSUMER = "plan_portal.celery:ReconnectingConsumer"
# A job left unacknowledged (its worker died) is delivered again after this many seconds: longer than
# the longest job (CELERY_TASK_TIME_LIMIT) so a running job is never handed to a second worker. A lost
# report build is noticed sooner by its heartbeat (reporting.consolidation.services.LEASE).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60)}
# A send to a broker that is down fails at once instead of kombu's ~6 s of reconnect sleeps, so a
# request never waits on it (the web sends with retry=False; workers and beat keep their retry policy).
CELERY_BROKER_TRANSPORT_OPTIONS["max_retries"] = 0
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}
# Reporting periods open on their start date; reminders are keyed per occasion, so extra runs send nothing twice.
CELERY_BEAT_SCHEDULE["open-due-periods"] = {"task": "reporting.jobs.open_due_periods", "schedule": 60 * 60}
CELERY_BEAT_SCHEDULE["send-deadline-reminders"] = {
    "task": "reporting.jobs.send_deadline_reminders",
    "schedule": 6 * 60 * 60,
}
CELERY_BEAT_SCHEDULE["sweep-notifications"] = {"task": "reporting.jobs.sweep_notifications", "schedule": 15 * 60}
# Consolidated reports: a draft once the agencies' deadline passed; lost builds re-enqueued.
CELERY_BEAT_SCHEDULE["build-draft-reports-after-deadline"] = {
    "task": "reporting.jobs.build_draft_reports_after_deadline",
    "schedule": 6 * 60 * 60,
}
CELERY_BEAT_SCHEDULE["prune-api-calls"] = {"task": "reporting.jobs.prune_api_calls", "schedule": 24 * 60 * 60}
CELERY_BEAT_SCHEDULE["sweep-report-builds"] = {"task": "reporting.jobs.sweep_report_builds", "schedule": 2 * 60}
# Successions recorded ahead of their date apply within the hour their date starts; applied ones are skipped.
CELERY_BEAT_SCHEDULE["apply-due-successions"] = {"task": "tasks.jobs.apply_due_successions", "schedule": 60 * 60}
# Yearly duties owe again each new year: their stored status facts move on within the hour the year starts.
CELERY_BEAT_SCHEDULE["refresh-yearly-status-facts"] = {
    "task": "tasks.jobs.refresh_yearly_status_facts",
    "schedule": 60 * 60,
}
CELERY_BEAT_SCHEDULE["sweep-unreferenced-files"] = {
    "task": "reporting.jobs.sweep_unreferenced_files",
    "schedule": 24 * 60 * 60,
}

# The cache holds derived data only (dashboard figures, filter options), under keys that carry the data
# version (plan_portal/versioning.py): Redis when REDIS_URL is set, CACHE_URL points it elsewhere (or at Redis
# while jobs stay eager). Every caller treats a cache error as a miss, and a Redis that hangs fails a call
# within the timeouts, then is left alone for a few seconds: Redis down means slower pages, never an error.
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
CACHE_TIMEOUT_SECONDS = 0.5
CACHES = {
    "default": (
        {
            "BACKEND": "plan_portal.rediscache.RedisCache",  # Django's, quiet a few seconds after a failure
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT_SECONDS, "socket_timeout": CACHE_TIMEOUT_SECONDS},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions live in the database only: a logout or a deactivation ends them at once in every process,
# whatever state Redis is in.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The data version is a counter in the shared cache, else read from the database (a per-process cache
# cannot carry one worker's bump to the others). See plan_portal/versioning.py.
DATA_VERSION_IN_CACHE = bool(CACHE_URL)

# Security: production values switch on with DEBUG off.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles only from the portal's own static files: no inline code, no style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # data: for the icons inside the API docs page's stylesheet
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # In-process jobs would otherwise log every run of every job at INFO.
    "loggers": {"celery.app.trace": {"level": "WARNING"}},
}

# The covering index on assignments (tasks.Assignment) uses INCLUDE columns on PostgreSQL;
# SQLite, the embedded default, builds it without them, which is fine for its data sizes.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
