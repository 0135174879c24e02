# The btech-graph app alone; Neo4j comes from docker-compose.yml (or NEO4J_URI).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Build the explorer page now: at run time the app runs as `node`, which cannot write web/dist.
RUN npm run build:web
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
EXPOSE 4000
USER node
CMD ["node", "--import", "tsx", "src/app/main.ts"]
