# Slipway server and CLI image (`slipway serve` by default; any other command works too).
#
# Three stages: `build` compiles the TypeScript with the development dependencies, `runtime-deps`
# installs only the production dependencies, and the final stage holds the compiled dist/, those
# dependencies and the files read at run time. The project's `node` devDependency pins Node.js for
# development only; the image runs the `node` of its base image, so install scripts are skipped (the
# only package with one is that devDependency, which would download a second Node.js).
#
# The final stage runs as the numeric user 1000 (the base image's `node` user), so Kubernetes can check
# runAsNonRoot, and writes nothing outside /tmp: it runs with a read-only root filesystem and an
# emptyDir at /tmp (deploy/base). There is no HEALTHCHECK: Kubernetes probes /healthz and /readyz.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# git: `slipway plan` and `render` read commits of a local clone; ca-certificates: git over HTTPS.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    TMPDIR=/tmp
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY schemas ./schemas
# What `slipway init` copies into a new platform repository.
COPY platform-repo-template ./platform-repo-template
COPY package.json app.yml server-config.example.yaml ./
USER 1000:1000
EXPOSE 3000
ENTRYPOINT ["node", "bin/slipway.js"]
CMD ["serve"]
