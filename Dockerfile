# syntax=docker/dockerfile:1
# check=skip=SecretsUsedInArgOrEnv
#
# CM Hub container image.
#
#   docker build -t cmhub .
#
# One image serves every role; docker-compose.yml picks the command:
#   web     gunicorn (the default CMD below)
#   worker  python manage.py db_worker
#   migrate python manage.py migrate --noinput && python manage.py update_index
#
# Stages:
#   base     Python and the pinned dependencies (requirements/base.txt)
#   build    + gettext and the project: compiles translations, collects static
#   runtime  base + the built project, running as an unprivileged user

ARG PYTHON_IMAGE=python:3.11-slim

# --- base: interpreter and dependencies --------------------------------------
FROM ${PYTHON_IMAGE} AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=cmhub.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=3

# psycopg[binary] ships its own libpq, so no system libraries are needed.
RUN python -m venv "$VIRTUAL_ENV"

WORKDIR /app

# Dependencies first: this layer is reused until requirements/base.txt changes.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt

# --- build: translations and static files ------------------------------------
FROM base AS build

# msgfmt (gettext) is only needed here; the runtime image does not carry it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

COPY . .

# Production settings refuse to load without a secret key. This throwaway
# value exists only for the two commands below; it is not written to any
# file and is not part of the runtime image's environment. The real key is
# given at run time (SECRET_KEY in .env.docker). (The build check about
# secrets in ARG is skipped at the top of this file for this reason.)
ARG BUILD_SECRET_KEY=build-only-throwaway-key-not-used-at-runtime

# `mkdir -p locale`: compilemessages refuses to run when the LOCALE_PATHS
# folder is missing (git does not keep empty folders).
# collectstatic runs here, and only here, with the production settings
# (DJANGO_SETTINGS_MODULE above): it writes the manifest of hashed names
# production pages need. The command refuses the development settings, and
# the files are read-only at run time (/healthz/ fails if they are missing).
# (WEB_CONCURRENCY=1: no web server runs here, so no shared cache is needed.)
RUN mkdir -p locale \
    && export SECRET_KEY="$BUILD_SECRET_KEY" WEB_CONCURRENCY=1 \
    && python manage.py compilemessages \
    && python manage.py collectstatic --noinput \
    && python -m compileall -q .

# --- runtime -----------------------------------------------------------------
FROM base AS runtime

LABEL org.opencontainers.image.title="CM Hub" \
      org.opencontainers.image.description="CM Hub intranet (Django + Wagtail)"

ARG APP_UID=10001
ARG APP_GID=10001

# The code stays owned by root (read-only for the application); only the
# media folder is writable. When a named volume is mounted on /data/media
# for the first time, Docker copies this ownership onto it.
# pg_dump/pg_restore for `manage.py backup` and `restore` (docs/operations.md);
# Debian 12's client is PostgreSQL 15, the server's version in docker-compose.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid "$APP_GID" cmhub \
    && useradd --system --uid "$APP_UID" --gid cmhub \
        --home-dir /home/cmhub --create-home --shell /usr/sbin/nologin cmhub \
    && mkdir -p /data/media \
    && chown cmhub:cmhub /data/media \
    && chmod 0750 /data/media

COPY --from=build /app /app

USER cmhub

EXPOSE 8000

# Run through `sh -c` so ${WEB_CONCURRENCY} is expanded when the container
# starts; `exec` then replaces the shell with gunicorn, which therefore
# receives SIGTERM itself and stops gracefully. Errors go to stderr; each
# request is logged once, as JSON, by CM Hub itself (core/request_log.py),
# so gunicorn's own access log is off. Extra gunicorn options can be given at run time with the
# GUNICORN_CMD_ARGS environment variable (e.g. "--timeout 60").
# WEB_CONCURRENCY (3 above, overridable at run time) is the one place the
# number of workers is set: the production settings read it too, and refuse
# to start several workers without a shared cache (REDIS_URL).
CMD ["sh", "-c", "exec gunicorn cmhub.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY} --error-logfile - --worker-tmp-dir /dev/shm --no-control-socket"]
