# lvapi server image: docker build -t lvapi . && docker run -p 8080:8080 -v lvapi-data:/data lvapi
# Not built in CI (no container engine on the development machine); README "Container" says so.

# Build: production dependencies (esbuild, which bundles, is one of them) and the bundle
# dist/main.js that `npm start` runs. better-sqlite3 downloads its prebuilt binary for this
# glibc/Node, so the slim image needs no compiler.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The lock file covers the client workspace, so its manifest must be present for npm ci.
COPY packages/client/package.json packages/client/
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/
COPY src src
RUN node scripts/build.mjs

# Run: the bundle, its external packages and package.json ("type": "module"), as the node user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_URL=sqlite:/data/lvapi.db \
    LV_DEMO_DATA=0 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=1048576
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
RUN mkdir /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
# node, not curl: the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "--heap-growing-percent=50", "--no-allocation-site-pretenuring", "--expose-gc", "dist/main.js"]
