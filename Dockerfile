# reportbot in a container: `docker build -t reportbot .`, then see compose.yaml and docs/deploy.md.
# Two stages: wheels are built from the repo's own files, the image installs only them (no compilers,
# no source tree, no pip cache in the final layers).
FROM python:3.12-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY loaders ./loaders
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLCONFIGDIR=/tmp/matplotlib
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links /wheels /wheels/reportbot-*.whl \
 && groupadd --system --gid 10001 reportbot \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin reportbot \
 && install -d -o reportbot -g reportbot -m 0700 /data /data/secrets
# Everything the bot writes lives in /data: the knowledge base, the query log, its hash key
# (/data/secrets), jieba's cache, and the reports /reload reads. A new named volume starts with the
# bundled sample reports; put your own in /data/reports and send /reload (or restart).
COPY --chown=reportbot:reportbot data/reports /data/reports
COPY deploy/config.container.toml /etc/reportbot/config.toml
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
# Webhook mode only (config: webhook_url, listen = "0.0.0.0"); long polling needs no port.
EXPOSE 8080
# The token (TELEGRAM_BOT_TOKEN) and webhook secret (TELEGRAM_WEBHOOK_SECRET) come from the
# environment, never the image. The first start builds /data/kb.db (about a minute per thousand
# reports), hence the start period.
HEALTHCHECK --interval=60s --timeout=20s --start-period=300s --retries=3 \
    CMD ["reportbot", "check", "--config", "/etc/reportbot/config.toml"]
STOPSIGNAL SIGTERM
CMD ["reportbot", "serve", "--config", "/etc/reportbot/config.toml"]
