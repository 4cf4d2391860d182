# Passerelle Commerce: the installed package on a slim Python, run as an unprivileged user.
# Build: docker build -t passerelle-commerce .   (see « Mettre en production » in the README)
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY devtools ./devtools
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PASSERELLE_CONFIG=/app/config.yaml PASSERELLE_DB=/data/passerelle.db PASSERELLE_LISTEN=0.0.0.0:8080
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin passerelle \
    && mkdir -p /app /data && chown passerelle /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
WORKDIR /app
COPY config.yaml ./config.yaml
COPY content ./content
USER passerelle
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PASSERELLE_LISTEN', ':8080').rsplit(':', 1)[1] + '/healthz', timeout=4)" || exit 1
ENTRYPOINT ["passerelle"]
CMD ["run"]
