# Production image: compiled JavaScript on Node 20, talking to the PostgreSQL named by DATABASE_URL.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# MALLOC_MMAP_THRESHOLD_: glibc hands each password hash's 19 MB back to the system when it is done.
# Without a fixed threshold it raises its own after the first hash and keeps that memory in the arena
# of each thread that hashed: about 90 MB of RSS for good after the first logins on four threads.
ENV NODE_ENV=production PORT=3000 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY migrations ./migrations
COPY seeds ./seeds
COPY views ./views
COPY public ./public
COPY workers ./workers
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# the heap limit as in `npm start` (package.json): see README, Performance
CMD ["node", "--max-old-space-size=512", "--enable-source-maps", "dist/server.js"]
