# The `mac` CLI with promtool and amtool, for CI jobs and for machines without Python.
#
#   docker build -t monitoring-as-code .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" monitoring-as-code check
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" monitoring-as-code build --env staging
#
# promtool and amtool are the official static binaries, copied from the Prometheus and
# Alertmanager images of the pinned versions (newer than Debian's packages, and no daemons).
# MAC_REQUIRE_TOOLS=1: in this image a missing tool is a broken image, never a skipped check.

ARG PYTHON_VERSION=3.12
ARG PROMETHEUS_VERSION=v3.5.0
ARG ALERTMANAGER_VERSION=v0.28.1

FROM prom/prometheus:${PROMETHEUS_VERSION} AS prometheus
FROM prom/alertmanager:${ALERTMANAGER_VERSION} AS alertmanager

FROM python:${PYTHON_VERSION}-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml setup.cfg README.md ./
COPY monitoring_as_code ./monitoring_as_code
# A virtualenv, so the runtime stage copies one directory and nothing of the build tools.
RUN python -m venv /opt/mac \
    && /opt/mac/bin/pip install --no-cache-dir --disable-pip-version-check .

FROM python:${PYTHON_VERSION}-slim-bookworm
LABEL org.opencontainers.image.title="monitoring-as-code" \
      org.opencontainers.image.description="mac: monitoring definitions as Python, checked with promtool and amtool" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=prometheus /bin/promtool /usr/local/bin/promtool
COPY --from=alertmanager /bin/amtool /usr/local/bin/amtool
COPY --from=build /opt/mac /opt/mac
RUN groupadd --system --gid 10001 mac \
    && useradd --system --uid 10001 --gid mac --create-home --home-dir /home/mac --shell /usr/sbin/nologin mac
ENV PATH=/opt/mac/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MAC_REQUIRE_TOOLS=1
WORKDIR /work
USER 10001:10001
ENTRYPOINT ["mac"]
CMD ["--help"]
