"""Settings shared by every environment.

Every value that differs between environments is read here, from the
environment, in one place (django-environ). ``dev``, ``test`` and
``production`` only choose defaults and add the checks that fit them.
"""

from email.utils import parseaddr
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is honoured for convenience; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core --------------------------------------------------------------------

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications ------------------------------------------------------------

INSTALLED_APPS = [
    # CM Hub
    "core",
    "community",
    "notifications",
    "home",
    "resources",
    "events",
    "contributions",
    "search",
    # Wagtail and its translation layer
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    # Discussion
    "django_comments_xtd",
    "django_comments",
    "rest_framework",
    # Background work
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]
# Form widgets render with the site's templates, so that templates/django/forms/
# can put French typography in Django's own widgets ("Actuellement :").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A member's GET reads the cache entries it needs in two round trips
    # (core/readahead.py).
    "core.readahead.ReadAheadMiddleware",
    # A NUL character in the query string is a 400, not a database error.
    "core.security.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware, the member, their groups and
    # permissions served from the cache (core/member_access.py).
    "core.member_access.MemberMiddleware",
    # The whole intranet is private: every view needs a logged-in member
    # unless it is explicitly marked with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Members who open the admin get a "no access" page, not a login loop.
    "community.middleware.AdminAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cmhub.urls"
WSGI_APPLICATION = "cmhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.fragments.context",
            ],
            # French text ("1er septembre", non-breaking spaces kept) in every template.
            "builtins": ["core.templatetags.french_text"],
        },
    },
]

# --- Database ----------------------------------------------------------------

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
USING_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that serves pages without Redis when it is
            # unreachable instead of failing them (core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cmhub",
            "TIMEOUT": 300,
            "OPTIONS": {
                # A Redis that hangs must not hang every request with it...
                "socket_connect_timeout": 2,
                "socket_timeout": 2,
                # ...nor cost each request a connection attempt: after a
                # failure, Redis is left alone for this many seconds.
                "RETRY_AFTER": env.float("CACHE_RETRY_AFTER", default=5),
            },
        }
    }
    # Sessions are read on every request: from the cache, written through to
    # the database so a cache restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "core.readahead.ReadAheadLocMemCache",
            "LOCATION": "cmhub",
            # Room for a long thread's comments, cached one by one.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

#: Seconds a cached template fragment may stay unused (core/fragments.py);
#: 0 turns fragment caching off.
FRAGMENT_CACHE_TIMEOUT = env.int("FRAGMENT_CACHE_TIMEOUT", default=3600)

#: A throwaway site where `manage.py load_demo` may create its accounts with
#: the published demo password although DEBUG is off: only the test
#: settings set it (no environment variable can).
DEMO_SITE = False

#: The load benchmark's bare view (/bench/ceiling/, core/bench_views.py).
BENCH_CEILING_VIEW = env.bool("BENCH_CEILING_VIEW", default=False)

# --- Search ------------------------------------------------------------------

# The engine of members' search (docs/search.md): "elasticsearch",
# "opensearch" or "database" (PostgreSQL's or SQLite's full-text search).
# Empty: OpenSearch when OPENSEARCH_URL is set, Elasticsearch when
# ELASTICSEARCH_URL is, else the database.
SEARCH_ENGINE = env.str("SEARCH_ENGINE", default="")
# One URL, or several separated by commas (the nodes of a cluster).
ELASTICSEARCH_URL = env.list("ELASTICSEARCH_URL", default=[])
OPENSEARCH_URL = env.list("OPENSEARCH_URL", default=[])
if SEARCH_ENGINE not in ("", "elasticsearch", "opensearch", "database"):
    raise ImproperlyConfigured(
        f"SEARCH_ENGINE is {SEARCH_ENGINE!r}: choose elasticsearch, opensearch or database."
    )
if SEARCH_ENGINE == "opensearch" and not OPENSEARCH_URL:
    raise ImproperlyConfigured("SEARCH_ENGINE is opensearch: set OPENSEARCH_URL too.")
if SEARCH_ENGINE == "elasticsearch" and not ELASTICSEARCH_URL:
    raise ImproperlyConfigured("SEARCH_ENGINE is elasticsearch: set ELASTICSEARCH_URL too.")
# The timeout, replicas and index prefix below apply to OpenSearch too.
ELASTICSEARCH_TIMEOUT = env.int("ELASTICSEARCH_TIMEOUT", default=5)
# Copies of each shard on other nodes: 0 on docker-compose's single node
# (a replica could never be placed there and the index would stay yellow),
# at least 1 on a cluster.
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)
# The index of members' search (search.backends.elasticsearch), beside the
# indexes Wagtail's admin search keeps under the same prefix.
CMHUB_SEARCH_INDEX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="cmhub_") + "search_documents"
_SEARCH_NODES = {
    "elasticsearch": ("wagtail.search.backends.elasticsearch9", ELASTICSEARCH_URL),
    "opensearch": ("wagtail.search.backends.opensearch2", OPENSEARCH_URL),
}.get(SEARCH_ENGINE or ("opensearch" if OPENSEARCH_URL else "elasticsearch"))
if SEARCH_ENGINE != "database" and _SEARCH_NODES and _SEARCH_NODES[1]:
    # The admin's search on the same engine as members' (Wagtail's own
    # backend for it: opensearch2 for OpenSearch 2.x).
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": _SEARCH_NODES[0],
            "URLS": _SEARCH_NODES[1],
            "INDEX_PREFIX": env.str("ELASTICSEARCH_INDEX_PREFIX", default="cmhub_"),
            "TIMEOUT": ELASTICSEARCH_TIMEOUT,
            # update_index builds a new index and moves the alias: the
            # admin's search answers while it rebuilds.
            "ATOMIC_REBUILD": True,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # Wagtail's database backend, French-aware (search/admin_search.py).
            "BACKEND": "search.admin_search",
            # PostgreSQL: CM Hub's configurations (migration cmsearch.0002):
            # accents folded, French stemming; ignored on SQLite.
            "SEARCH_CONFIG": "cmhub_french",
            "AUTOCOMPLETE_CONFIG": "cmhub_simple",
        }
    }

# --- Background tasks (django-tasks) -----------------------------------------

# "immediate" runs tasks in the request (dev, tests); "database" queues them
# for `manage.py db_worker` (docker-compose's worker service).
#: The backends a deployment may name in TASKS_BACKEND (production.py
#: accepts these two; development may also name "dummy").
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            **TASK_BACKENDS,
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND],
    }
}

# --- Authentication ----------------------------------------------------------

AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "account_login"
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
# A signed-in member refused by a page's or document's group restriction
# gets the site's "access denied" page (core.views.restricted).
WAGTAIL_FRONTEND_LOGIN_URL = "/restricted/"
WAGTAIL_PASSWORD_RESET_ENABLED = False  # members reset on the site itself

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupForm"
# Explicit limits (docs/members.md): a university's whole staff may share
# one address, so per-IP limits stay generous and per-address ones tight.
ACCOUNT_RATE_LIMITS = {
    # 5 failed attempts per address per 5 minutes, 20 per minute per IP.
    "login_failed": "20/m/ip,5/300s/key",
    "login": "30/m/ip",
    # 10 sign-up attempts per IP per hour.
    "signup": "10/h/ip",
    # Password reset e-mails: 20 per minute per IP, 3 per address per 15 minutes.
    "reset_password": "20/m/ip,3/900s/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
ACCOUNT_USER_DISPLAY = "community.adapters.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CM Hub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

SITE_ID = 1

# --- Languages ---------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
]
# Content languages as the admin names them inside sentences ("Publier en
# anglais", "Traduction de … en anglais"), in the editor's language.
WAGTAIL_CONTENT_LANGUAGES = [
    ("fr", pgettext_lazy("language name in a sentence", "French")),
    ("en", pgettext_lazy("language name in a sentence", "English")),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Media are private like everything else: they are served by
# core.views.serve_media behind the rules of the document, image or profile
# they belong to (core/media.py), never by a public folder. Both storages give
# new documents and images a random folder of their own (core/storage.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Object storage (S3 or compatible): pages link to /media/, which checks
    # the file's rules and redirects to a short-lived signed URL, so a link
    # leaked outside the intranet stops working within minutes.
    _media_storage = {
        "BACKEND": "core.storage_s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "core.storage.PrivateFileSystemStorage"}

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail ------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CM Hub <noreply@cmhub.example>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Where members write when they cannot log in (a bare address: the password
# reset pages show it as a mailto link); the sender's address by default.
CMHUB_CONTACT_EMAIL = env.str("CMHUB_CONTACT_EMAIL", default=parseaddr(DEFAULT_FROM_EMAIL)[1])

# --- Wagtail -----------------------------------------------------------------

WAGTAIL_SITE_NAME = "CM Hub"
# Where the Wagtail admin is mounted (cmhub/urls.py): the admin-access
# middleware (community/middleware.py) and the admin's Content-Security-Policy
# (core/security.py) apply under the same prefix.
CMHUB_ADMIN_PATH = "admin/"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Documents always go through Django, so the login rule applies to them.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "odp", "xlsx", "ods", "csv", "txt"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Comments ----------------------------------------------------------------

COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2  # replies nested to a depth of 3
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
# Members only: the form takes the name and e-mail from the logged-in account.
COMMENTS_XTD_FORM_CLASS = "community.comments.MemberCommentForm"
COMMENTS_XTD_DEFAULT_FOLLOWUP = True
# Follow-up e-mails are sent in the request (a thread per e-mail is lost on restart).
COMMENTS_XTD_THREADED_EMAILS = False
_COMMENT_OPTIONS = {
    "who_can_post": "users",
    "allow_flagging": True,
    "allow_feedback": True,
    "show_feedback": True,
}
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {**_COMMENT_OPTIONS, "allow_flagging": False, "allow_feedback": False},
    "resources.guidepage": _COMMENT_OPTIONS,
    "resources.talkpage": _COMMENT_OPTIONS,
    "resources.jobprofilepage": _COMMENT_OPTIONS,
    "resources.casestudypage": _COMMENT_OPTIONS,
    "events.eventpage": _COMMENT_OPTIONS,
}
# A member may edit or delete their own comment for this long after posting.
COMMENT_EDIT_WINDOW_MINUTES = env.int("COMMENT_EDIT_WINDOW_MINUTES", default=15)
# Seconds a rendered discussion thread, shared by every member, stays cached
# (a new comment, reaction or flag shows at once: see core/fragments.py); 0 turns it off.
COMMENT_THREAD_CACHE_TIMEOUT = env.int("COMMENT_THREAD_CACHE_TIMEOUT", default=60)
# Characters of shared threads each process keeps in its own memory, so that a
# long discussion is not read from Redis on every visit (community/thread_memory.py);
# 0 turns it off.
COMMENT_THREAD_MEMORY_BYTES = env.int("COMMENT_THREAD_MEMORY_BYTES", default=16_000_000)
# Top-level threads shown per page of a discussion.
COMMENT_THREADS_PER_PAGE = 50

# --- API (django-comments-xtd's endpoints use Django REST framework) ----------

# DRF views opt out of LoginRequiredMiddleware and check access themselves:
# make that check "logged-in member, session and CSRF" for every API view.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
    ],
}

# --- Security defaults (tightened further in production) ---------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its preview views SAMEORIGIN itself
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (core/security.py, docs/security.md). CSP_ENABLED=false
# removes it; CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only
# (browsers report violations without blocking) while a change is tried out.
CSP_ENABLED = env.bool("CSP_ENABLED", default=True)
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
CSP_REPORT_URI = env.str("CSP_REPORT_URI", default="")
# Origins whose frames members' pages may show: the video providers editors embed.
CSP_FRAME_SRC = env.list(
    "CSP_FRAME_SRC",
    default=[
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
    ],
)
PERMISSIONS_POLICY = env.str(
    "PERMISSIONS_POLICY", default="camera=(), microphone=(), geolocation=(), payment=()"
)
# No third-party avatars in the admin: the CSP allows our own images only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Uploads: a request body kept in memory (form fields) stays small; files
# above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file on disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Documents editors upload (Wagtail 8's document form checks it; images have
# WAGTAILIMAGES_MAX_UPLOAD_SIZE above).
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("WAGTAILDOCS_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
# Member searches per minute (search/views.py): beyond, a 429 with a message.
SEARCH_RATE_LIMIT = env.int("SEARCH_RATE_LIMIT", default=60)
SEARCH_AUTOCOMPLETE_RATE_LIMIT = env.int("SEARCH_AUTOCOMPLETE_RATE_LIMIT", default=120)
# Member @-mention suggestions per minute (community/views.py): one request
# per pause in typing; beyond, a 429 and the list stays closed.
MENTION_AUTOCOMPLETE_RATE_LIMIT = env.int("MENTION_AUTOCOMPLETE_RATE_LIMIT", default=120)
# Comment and search limits (core/ratelimit.py, django-ratelimit) let the
# request through when the cache cannot count (Redis down): see core/cache.py.
RATELIMIT_FAIL_OPEN = True

# --- Logging -----------------------------------------------------------------

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    # Adds the id of the request being served to every record (JSON field
    # request_id in production); see core/request_log.py.
    "filters": {
        "request_id": {"()": "core.logging.RequestIdFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task run is noise with the immediate backend.
        "django_tasks": {"level": "WARNING"},
        # opensearch-py logs every request, and every failed one with its
        # traceback; CM Hub's engine logs one warning of its own when the
        # node is down (search.backends.elasticsearch.engine.reaching).
        "opensearch": {"level": "ERROR"},
        "opensearchpy": {"level": "WARNING"},
    },
}
