# The `etl` image of docker-compose.yml: guihua with its dependencies, run as a one-shot job.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY etl ./etl
COPY migrations ./migrations
COPY dbt_project ./dbt_project
RUN pip install --no-cache-dir -e . \
    && useradd --system --create-home guihua \
    && mkdir -p /app/.guihua && chown guihua /app/.guihua
USER guihua
ENTRYPOINT ["guihua"]
CMD ["--log-format", "json", "run"]
