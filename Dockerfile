# The `etl` image of docker-compose.yml: guihua with its dependencies, run as a one-shot job.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY etl ./etl
COPY migrations ./migrations
COPY dbt_project ./dbt_project
# A regular (not editable) install: the wheel carries migrations, the dbt project and the sample
# corpus (setup.py), so the sources can go; the job writes only under GUIHUA_HOME (dbt's
# target and logs included), the installed package stays read-only for the guihua user.
RUN pip install --no-cache-dir . \
    && rm -rf /app/etl /app/migrations /app/dbt_project /app/build \
    && useradd --system --create-home guihua \
    && mkdir -p /app/.guihua && chown guihua /app/.guihua
ENV GUIHUA_HOME=/app/.guihua
USER guihua
ENTRYPOINT ["guihua"]
CMD ["--log-format", "json", "run"]
