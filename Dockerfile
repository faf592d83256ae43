# syntax=docker/dockerfile:1
# Design: one Dockerfile with three targets (cms, worker, site). The apps are npm workspaces that share one lockfile and one node_modules tree.
# `manifests` keeps only package.json files and package-lock.json, so the install re-runs when dependencies change, not on every code edit.
# `deps` runs one `npm install` that follows the lockfile for all workspaces (not `npm ci`: npm's lock omits some optional
# platform packages, @unrs/resolver-binding-*, and `npm ci` then refuses it) (python3/make/g++ are there in case a native addon must build). Every target reuses it.
# `build` runs the project's own build task (contracts -> plugins -> cms -> site, as `npm run build` does), then prunes devDependencies.
# Base image is node:24-bookworm-slim: Node 24 as in .nvmrc, and glibc so prebuilt better-sqlite3/sharp binaries load.
# `cms` includes Debian's ffmpeg, and pg_dump/pg_restore of the PostgreSQL major docker-compose.yml runs (PG_MAJOR, from
# the PostgreSQL project's apt repository: Debian 12's own client is 15, and pg_dump refuses a newer server) for the
# scheduled backups and `npm run backup`. The job worker uses the same image (`worker` only changes CMD to `npm run worker`),
# and the CMS can also run jobs in-process when REDIS_URL is unset. FFMPEG_PATH points at /usr/bin/ffmpeg.
# `site` contains only the Astro standalone server (node dist/server/entry.mjs) plus production dependencies.
# No secrets are baked in: all configuration is runtime environment (see .env.example). Processes run as the `node` user.
# There is no HEALTHCHECK here: docker-compose.yml holds the health probes, so they are defined in one place.

ARG NODE_IMAGE=node:24-bookworm-slim
# the major of the postgres image in docker-compose.yml (tests/integration/compose.test.ts holds the two together)
ARG PG_MAJOR=16

FROM ${NODE_IMAGE} AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    STRAPI_TELEMETRY_DISABLED=true \
    ASTRO_TELEMETRY_DISABLED=1
WORKDIR /app

# Only the manifests: this stage's output changes only when a package.json or the lockfile does.
FROM base AS manifests
COPY . /src
RUN mkdir /manifests \
 && cd /src \
 && find . -name node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | xargs -r cp --parents -t /manifests

FROM base AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NODE_ENV=production
# The task is called directly: `npm run build` goes through scripts/launch.mjs, which would reinstall dependencies.
RUN PATH="/app/node_modules/.bin:$PATH" node scripts/tasks/build.mjs \
 && npm prune --omit=dev --no-audit --no-fund

# CMS (Strapi): also the worker image.
FROM base AS cms
ARG PG_MAJOR
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg ca-certificates curl \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
    > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
 && apt-get purge -y curl && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=1337 \
    FFMPEG_PATH=/usr/bin/ffmpeg
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/contracts ./contracts
COPY --from=build /app/plugins ./plugins
COPY --from=build --chown=node:node /app/cms ./cms
# Empty folders are not in git: make sure Strapi's public dir and the local media root exist.
RUN install -d -o node -g node /app/cms/public /app/public
WORKDIR /app/cms
USER node
EXPOSE 1337
CMD ["npm", "run", "start"]

# Job worker: same bytes as `cms`, different default command. Scale it with deploy.replicas.
FROM cms AS worker
CMD ["npm", "run", "worker"]

# Viewer site (Astro, @astrojs/node standalone).
FROM base AS site
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4321
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/contracts ./contracts
COPY --from=build /app/site ./site
WORKDIR /app/site
USER node
EXPOSE 4321
CMD ["node", "dist/server/entry.mjs"]
