# PPM Sync: one image for `ppm api` and `ppm worker` (TypeScript runs through tsx; no build step).
# The simulators and the demo stay out (.dockerignore): `ppm sim …` and `ppm demo` are for development only.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY tsconfig.json ./
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/ppm.js"]
CMD ["api"]
