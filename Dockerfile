# leadwire worker (and, with another command, the intake API).
# Build stage: the whole dependency tree (TypeScript, tsx) compiles src/ to dist/ and bundles
# the workflows (npm run build); then only the production dependencies are kept.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: the compiled JavaScript and the production node_modules; no sources, no tsx.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY examples ./examples
USER node
# TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY and TEMPORAL_TLS_* configure the connection.
# Destinations' ${NAME} secrets: LEADWIRE_SECRET_<NAME> (every destination), or LEADWIRE_SECRETS_FILE
# (per destination and host; mount it with the values' files). Other variables are never readable (SECURITY.md).
CMD ["node", "dist/cli/main.js", "worker"]
