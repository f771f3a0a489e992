# One image for the three programs; the container command selects the program:
#   node dist/operator/main.js | node dist/worker/main.js | node dist/api/main.js
# The browsers are not in this image: workers drive Selenium Grid's Chrome nodes remotely.

ARG NODE_IMAGE=node:20-bookworm-slim

# The dependency manifests are copied before any source, so a builder's layer cache (docker build,
# buildah bud --layers) keeps both npm ci steps until package.json or package-lock.json change.

# ---- build: compile TypeScript with the full dependency tree --------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json ./
COPY lib lib
COPY operator operator
COPY worker worker
COPY api api
COPY console console
RUN npx tsc -p tsconfig.json \
 && node dist/console/build.js \
 && find dist -name '*.test.js' -delete -o -name '*.test.js.map' -delete \
 && rm -f dist/.tsbuildinfo

# ---- dependencies: production packages only -------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error && npm cache clean --force

# ---- runtime: code, production packages and migrations, owned by root, run as an unprivileged user --
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
# package.json marks the project root (lib/paths.ts) and makes the code ES modules.
COPY package.json ./
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY migrations migrations
USER 10001:10001
EXPOSE 8080 8081 8082
CMD ["node", "--enable-source-maps", "dist/api/main.js"]
