# leadwire worker (and, with another command, the intake API).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY examples ./examples
COPY tsconfig.json ./
USER node
# TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY and TEMPORAL_TLS_* configure the connection.
# Destinations' ${NAME} secrets: LEADWIRE_SECRET_<NAME> (every destination), or LEADWIRE_SECRETS_FILE
# (per destination and host; mount it with the values' files). Other variables are never readable (SECURITY.md).
CMD ["node", "bin/leadwire.js", "worker"]
