# syntax=docker/dockerfile:1
# Multi-stage build: the frontend, then one static Go binary, then a minimal
# non-root runtime image.

FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json frontend/.npmrc ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=frontend /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata -ldflags="-s -w" -o /out/market ./cmd/market \
 && mkdir -p /out/data /out/tmp

# The runtime image holds the binary, CA certificates (for TLS to MongoDB or
# Meilisearch), an empty data directory and a /tmp (where the embedded store's
# SQLite puts a large sort's temporary files) owned by an unprivileged user.
FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/market /usr/local/bin/market
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/tmp /tmp
ENV MARKET_ADDR=:8080 DATA_DIR=/data MARKET_ENV=production
EXPOSE 8080
VOLUME ["/data"]
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=5s CMD ["/usr/local/bin/market", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/market"]
CMD ["serve"]
