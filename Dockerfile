# policygraph API + pages, for docker-compose.yml (Neo4j as the store via NEO4J_URI).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    POLICYGRAPH_DATA=/data \
    POLICYGRAPH_SAMPLES=/app/samples

WORKDIR /app
# Dependencies first so code edits do not reinstall them.
COPY pyproject.toml README.md ./
COPY base ./base
COPY policygraph ./policygraph
COPY graph ./graph
COPY loaders ./loaders
COPY queries ./queries
COPY api ./api
COPY viz ./viz
RUN pip install . && useradd --create-home --uid 10001 policygraph && mkdir -p /data \
    && chown policygraph /data
COPY samples ./samples

USER policygraph
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4).status != 200)"
CMD ["policygraph", "serve", "--host", "0.0.0.0", "--port", "8000", "--load-samples"]
